"""Time the pages that must stay fast at scale, against the bench database.

    python bench/run.py [--requests 100] [--markdown]

Uses Django's test client in-process (no network, no web server): the figures
are the application's own time per request, database included. Prints p50 and
p95 in milliseconds and the number of SQL queries per request; asserts nothing.
Run bench/seed_bench.py first (make bench does both).
"""

import argparse
import os
import platform
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 2026
BENCH_DOMAIN = "bench.test"

# Production-like settings, minus what needs a real web server (HTTPS, collected static files).
BENCH_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DATABASE_URL": f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-any-real-site",
    "DJANGO_ALLOWED_HOSTS": "testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_SECURE_COOKIES": "false",
    "DJANGO_STATIC_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    "CACHE_URL": "locmem://",
    "DJANGO_LOG_LEVEL": "ERROR",
}


@dataclass
class Result:
    name: str
    requests: int
    p50: float
    p95: float
    queries: int
    statuses: str


def setup_django() -> None:
    # WhiteNoise warns that STATIC_ROOT was never collected; static files are not measured here.
    warnings.filterwarnings("ignore", message="No directory at")
    sys.path.insert(0, str(ROOT))
    for key, value in BENCH_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    import django

    django.setup()


def measure(name: str, client: object, urls: list[str], requests: int) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get: Callable[[str], object] = client.get  # type: ignore[attr-defined]
    for url in urls[:5]:  # warm caches, templates, the database's pages
        get(url)
    with CaptureQueriesContext(connection) as captured:
        get(urls[0])
    queries = len(captured)  # read now: the next request resets the query log
    timings, statuses = [], set()
    for i in range(requests):
        url = urls[i % len(urls)]
        started = time.perf_counter()
        response = get(url)
        timings.append((time.perf_counter() - started) * 1000)
        statuses.add(response.status_code)  # type: ignore[attr-defined]
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return Result(name, requests, statistics.median(timings), cuts[94], queries, ",".join(map(str, sorted(statuses))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="requests per page (default 100)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    setup_django()

    import random
    import sqlite3

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from twinning.accounts.models import User
    from twinning.profiles.models import Audience, Profile
    from twinning.schools.models import School

    try:
        viewer = User.objects.get(email=f"viewer@{BENCH_DOMAIN}")
        officer = User.objects.get(email=f"national@{BENCH_DOMAIN}")
    except User.DoesNotExist:
        sys.exit("No bench data: run bench/seed_bench.py first (or make bench).")

    rng = random.Random(SEED)
    last_id = User.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    sample_ids = sorted(rng.randint(1, last_id) for _ in range(2000))
    public = list(
        Profile.objects.filter(user_id__in=sample_ids, visibility=Audience.EVERYONE).values_list("user_id", flat=True)
    )
    member_visible = list(
        Profile.objects.filter(
            user_id__in=sample_ids, visibility__in=[Audience.EVERYONE, Audience.MEMBERS]
        ).values_list("user_id", flat=True)
    )
    names = list(School.objects.filter(pk__in=sample_ids).values_list("name", "country")[:200])
    searches = [
        reverse("schools:add") + f"?q={name.split()[-1][:5]}&country={country}" for name, country in names if name
    ]
    searches_everywhere = [reverse("schools:add") + f"?q={name.split()[0][:4]}" for name, _country in names if name]

    member, anonymous, staff = Client(), Client(), Client()
    member.force_login(viewer)
    staff.force_login(officer)
    profile = [reverse("profiles:detail", args=[pk]) for pk in member_visible]
    public_profile = [reverse("profiles:detail", args=[pk]) for pk in public]
    queue = [reverse("support:index")]

    results = [
        measure("Profile page, signed-in member", member, profile, args.requests),
        measure("Public profile page, anonymous", anonymous, public_profile, args.requests),
        measure("Validation queue, first page (NSS Spain)", staff, queue, args.requests),
        measure("School search: name + country", member, searches, args.requests),
        measure("School search: name, every country", member, searches_everywhere, args.requests),
    ]

    db = connection.settings_dict
    print(
        f"{User.objects.count():,} users, {School.objects.count():,} schools; {connection.vendor} "
        f"{sqlite3.sqlite_version if connection.vendor == 'sqlite' else ''} {db['NAME']}"
    )
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; {platform.platform()}")
    header = ("page", "requests", "p50 ms", "p95 ms", "queries", "status")
    rows = [(r.name, str(r.requests), f"{r.p50:.1f}", f"{r.p95:.1f}", str(r.queries), r.statuses) for r in results]
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join(["---"] + ["---:"] * 4 + ["---"]) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=False)]
    for row in [header, *rows]:
        print(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )


if __name__ == "__main__":
    main()
