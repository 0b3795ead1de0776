"""Generate a large community for benchmarks: N teachers and M schools, in batches.

    python bench/seed_bench.py --teachers 20000 --schools 5000
    python bench/seed_bench.py --teachers 1000000 --schools 250000

Writes to the database of DATABASE_URL (make bench uses var/bench.sqlite3, never
the development database). Skips when the bench data is already there. Prints
figures; asserts nothing.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 5000
SEED = 2026
BENCH_DOMAIN = "bench.test"
PASSWORD = "bench-password"  # noqa: S105 - a throwaway database


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teachers", type=int, default=20_000)
    parser.add_argument("--schools", type=int, default=5_000)
    args = parser.parse_args()
    setup_django()

    import random

    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from twinning.accounts.models import SupportService, User
    from twinning.core.vocabularies import COUNTRIES, SUBJECTS
    from twinning.demo import data
    from twinning.profiles.models import Audience, Profile
    from twinning.progress.models import ProgressAction
    from twinning.schools.models import Employment, School

    call_command("migrate", verbosity=0)
    if User.objects.filter(email=f"viewer@{BENCH_DOMAIN}").exists():
        print(
            f"Bench data already present in {connection.settings_dict['NAME']}: "
            f"{School.objects.count():,} schools, {User.objects.count():,} users. "
            "Delete the database file to generate it again."
        )
        return

    rng = random.Random(SEED)
    password = make_password(PASSWORD)
    now = timezone.now()
    countries = [code for code, _label in COUNTRIES]
    subjects = [code for code, _label in SUBJECTS]
    started = time.monotonic()

    # Schools: spread over every country, names built like the demo data's.
    school_ids_by_country: dict[str, list[int]] = {code: [] for code in countries}
    school_country: dict[int, str] = {}
    for offset in range(0, args.schools, BATCH):
        batch = []
        for i in range(offset, min(offset + BATCH, args.schools)):
            country = countries[i % len(countries)]
            city, region = rng.choice(data.CITIES[country])
            patterns, words = data.SCHOOL_PATTERNS.get(country, (data.ENGLISH_PATTERNS, data.ENGLISH_NAMES))
            name = rng.choice(patterns).format(x=rng.choice(words), city=city, n=rng.randint(1, 90))
            batch.append(
                School(
                    name=f"{name} {city}" if rng.random() < 0.5 else name,
                    country=country,
                    region=region,
                    city=city,
                    school_type=rng.choice(["primary", "lower-secondary", "upper-secondary"]),
                    age_bands=["10-12", "13-15"],
                    head_teacher_name="Head Teacher",
                    head_teacher_email=f"head{i}@schools.{BENCH_DOMAIN}",
                    is_verified=rng.random() > 0.05,
                )
            )
        with transaction.atomic():
            for school in School.objects.bulk_create(batch):
                school_ids_by_country[school.country].append(school.pk)
                school_country[school.pk] = school.country
    all_school_ids = list(school_country)
    print(f"{args.schools:,} schools in {time.monotonic() - started:.1f} s")

    # Teachers: one current school each, a tenth waiting for validation, profiles of every visibility.
    step = time.monotonic()
    for offset in range(0, args.teachers, BATCH):
        users, schools_of = [], []
        for i in range(offset, min(offset + BATCH, args.teachers)):
            school_id = rng.choice(all_school_ids)
            first_names, last_names = data.NAMES[data.COUNTRY_NAME_GROUP[school_country[school_id]]]
            validated = rng.random() > 0.1
            users.append(
                User(
                    email=f"t{i}@{BENCH_DOMAIN}",
                    first_name=rng.choice(first_names),
                    last_name=rng.choice(last_names),
                    password=password,
                    is_validated=validated,
                    date_joined=now,
                )
            )
            schools_of.append((school_id, validated))
        with transaction.atomic():
            User.objects.bulk_create(users)
            EmailAddress.objects.bulk_create(
                [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
            )
            Profile.objects.bulk_create(
                [
                    Profile(
                        user=u,
                        about="Teacher looking for partners." if rng.random() < 0.5 else "",
                        subjects=rng.sample(subjects, k=2),
                        languages=["en", data.COUNTRY_LANGUAGES[school_country[s]][0]],
                        age_bands=["13-15"],
                        interests=rng.sample(data.INTERESTS, k=2),
                        visibility=rng.choices(
                            [Audience.EVERYONE, Audience.MEMBERS, Audience.CONTACTS], weights=[40, 45, 15]
                        )[0],
                    )
                    for u, (s, _v) in zip(users, schools_of, strict=True)
                ]
            )
            Employment.objects.bulk_create(
                [
                    Employment(
                        teacher=u,
                        school_id=s,
                        validation=Employment.Validation.VALIDATED if v else Employment.Validation.PENDING,
                    )
                    for u, (s, v) in zip(users, schools_of, strict=True)
                ]
            )
            ProgressAction.objects.bulk_create(
                [ProgressAction(user=u, kind=kind) for u in users for kind in ("first_login", "school_added")]
            )
        done = min(offset + BATCH, args.teachers)
        if done % 100_000 == 0 or done == args.teachers:
            print(f"{done:,} teachers in {time.monotonic() - step:.1f} s")

    # The people the benchmark signs in as.
    with transaction.atomic():
        viewer = User.objects.create(
            email=f"viewer@{BENCH_DOMAIN}", first_name="Bench", last_name="Viewer", password=password, is_validated=True
        )
        Profile.objects.create(user=viewer)
        Employment.objects.create(
            teacher=viewer, school_id=all_school_ids[0], validation=Employment.Validation.VALIDATED
        )
        for kind, country in ((SupportService.Kind.NATIONAL, "ES"), (SupportService.Kind.CENTRAL, "")):
            officer = User.objects.create(
                email=f"{kind}@{BENCH_DOMAIN}", first_name="Bench", last_name=kind.title(), password=password
            )
            Profile.objects.create(user=officer)
            service, _created = SupportService.objects.get_or_create(
                kind=kind, country=country, region="", defaults={"name": f"{kind} {country}".strip()}
            )
            service.staff.add(officer)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counts = f"{School.objects.count():,} schools, {User.objects.count():,} users"
    print(f"Done in {time.monotonic() - started:.1f} s: {counts}")


if __name__ == "__main__":
    main()
