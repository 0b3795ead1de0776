"""Generate a community at the scale of eTwinning for benchmarks, on SQLite, in minutes.

    python bench/seed_scale.py                       # 20,000 teachers, 5,000 schools, 100,000 relations
    python bench/seed_scale.py --teachers 1000000 --schools 300000 --relations 5000000
    (projects: --projects N, default a tenth of the teachers, so 100,000 at a million)
    (project ideas: --ideas N, default a fifth of the teachers, so 200,000 at a million)
    (events: --events N, default a tenth of the teachers; courses: --courses N, default teachers/2000)

Writes to the SQLite database of DATABASE_URL (make bench uses var/bench.sqlite3,
never the development database): schools over every country, teachers with a
verified email address, a profile and one current school (a tenth waiting for
validation), follows and contacts, posts and feed entries, a "viewer" teacher
who follows exactly 1,000 people, support officers, projects (a tenth of the
teachers by default: every status, public or members-only, with partners from
several countries, the viewer in some of them), project ideas in the
partner-finding forums (a fifth of the teachers by default), events with their
registrations, waiting lists and invitations (a tenth of the teachers by
default), courses with their applications, activities, discussions and
completions (teachers/2000 by default), certificates for a fifth of the
attendances and completions, and finally the search index.

Rows are written with plain SQL (`executemany`, one transaction per table,
secondary indexes and triggers dropped during the load and rebuilt after),
because the ORM's `bulk_create` is far too slow for millions of rows. Values
for columns the generator does not choose come from the model fields' defaults,
so a new column with a default needs no change here.

Deterministic (seeded random). Idempotent: each step is recorded in the table
`bench_seed_step` and skipped when already done; a step interrupted half-way
cannot be resumed (delete the database file and start again). Prints rows per
second for each table; asserts nothing.
"""

# SQL here is built from model metadata (table and column names), never from input.
# ruff: noqa: S608

import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import sys
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = 2026
BATCH = 50_000
BENCH_DOMAIN = "bench.test"
PASSWORD = "bench-password"  # noqa: S105 - a throwaway database
VIEWER_EMAIL = f"viewer@{BENCH_DOMAIN}"
VIEWER_FOLLOWS = 1_000
VIEWER_CONTACTS = 50
FOLLOW_SHARE = 0.7  # 5,000,000 relations -> 3,500,000 follows + 1,500,000 contacts
VIEWER_PROJECTS = 40  # projects the viewer takes part in or is invited to, in every state
VIEWER_SPACE_UPDATES = 60  # updates in each of the viewer's open TwinSpaces (one in eight on the pupils' wall)
VIEWER_IDEAS = 5  # the viewer's own ideas in the partner-finding forums
VIEWER_SPACE_PAGES = 15  # pages in each of the viewer's open TwinSpaces
VIEWER_EVENTS = 8  # events the viewer organises, four of them online with 100 places, full, with a waiting list
VIEWER_REGISTRATIONS = 30  # public events the viewer registered for (two thirds of them over)
VIEWER_INVITATIONS = 5  # private events the viewer is invited to
VIEWER_COURSES = [  # (kind, the viewer's place, start in days from now)
    ("learning_event", "completed", -120),
    ("learning_event", "completed", -60),
    ("learning_event", "ongoing", -10),
    ("learning_event", "upcoming", 20),
    ("online_seminar", "attended", -90),
    ("online_seminar", "attended", -30),
    ("online_seminar", "waiting", 15),
]
EVENT_COLUMNS = [
    "id", "title", "description", "kind", "format", "place", "starts_at", "ends_at", "time_zone", "language",
    "visibility", "capacity", "registration_opens_at", "registration_closes_at", "status", "cancel_reason",
    "organiser_id", "forum_id", "library_id", "video_room", "seats_taken", "waiting_count", "created_at", "updated_at",
]  # fmt: skip
REGISTRATION_COLUMNS = [
    "event_id", "user_id", "state", "created_at", "offered_at", "offer_expires_at", "ended_at", "attended",
]  # fmt: skip
EVENT_TITLES = {
    "workshop": ["Workshop: {a} in the classroom", "Hands-on {a} and {b} for teachers"],
    "training": ["Training: planning a {a} project", "Training: {a} tools for online partners"],
    "school_presentation": ["Meet our school in {city}", "Our school in {city}: {a} and {b}"],
    "project_presentation": ["Our {a} project: results and ideas", "{a} and {b}: what our pupils made"],
    "partner_search": ["Partner search: {a} projects", "Looking for partners: {a} and {b}"],
}
EVENT_CANCEL_REASON = "The speaker cannot come; we will announce a new date."
COURSE_AUDIENCES = [
    "Primary teachers new to projects",
    "Secondary teachers of every subject",
    "Head teachers and project coordinators",
    "Teachers starting with online tools",
    "Language teachers of pupils aged 10 to 15",
]
# Words of project titles and texts (with made-up words, so the vocabulary is large and varied).
PROJECT_TOPICS = [
    "water", "climate", "weather", "energy", "recycling", "garden", "forest", "river", "ocean", "birds", "bees",
    "robots", "coding", "games", "maths", "puzzles", "stories", "poetry", "theatre", "music", "songs", "dance",
    "painting", "photography", "film", "radio", "newspaper", "heritage", "castles", "legends", "festivals", "food",
    "recipes", "bread", "sport", "health", "friendship", "citizenship", "democracy", "rights", "europe", "maps",
    "journeys", "languages", "letters", "postcards", "astronomy", "planets", "inventions", "bridges", "towns",
    "villages", "markets", "museums", "architecture", "entrepreneurship", "kindness", "diversity", "migration",
]  # fmt: skip
PROJECT_SENTENCES = [
    "Pupils explore {a} and {b} in their own {town} and share what they find.",
    "Together we build a {a} diary, with {b} from every partner school.",
    "Each class prepares a {a} presentation for the partners, then a joint {b} exhibition.",
    "We compare {a} across our countries and write a common guide to {b}.",
    "Small groups mixing the schools meet online to plan {a} and {b} activities.",
]
STEP_TABLE = "bench_seed_step"
SIZE_TABLE = "bench_seed_size"

SYLLABLES = [
    "an", "ba", "be", "bo", "da", "de", "di", "el", "fa", "ga", "ha", "ka", "ki", "ko", "la", "le", "li", "lo", "lu",
    "ma", "me", "mi", "mo", "na", "ne", "ni", "no", "ra", "re", "ri", "ro", "sa", "se", "si", "so", "ta", "te", "ti",
    "to", "va", "ve", "vi", "vo", "za", "ber", "dan", "gor", "kas", "len", "mar", "nor", "per", "ran", "sel", "tor",
    "val", "win", "bran", "dor", "fel", "gran", "lind", "mont", "stan", "vard",
]  # fmt: skip


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    import django

    django.setup()


def made_up_words(rng: random.Random, count: int) -> list[str]:
    """Distinct pronounceable words, for surnames and places beyond the demo lists."""
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize())
    return sorted(words)


def batched(rows: Iterable[Sequence[Any]], size: int = BATCH) -> Iterator[list[Sequence[Any]]]:
    batch: list[Sequence[Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Table:
    """One model's table for raw inserts: the columns we fill, the rest from the fields' defaults."""

    def __init__(self, model: Any, columns: Sequence[str], now: dt.datetime) -> None:
        from django.db import connection

        self.name = model._meta.db_table
        self.columns = list(columns)
        defaults: list[tuple[str, Any]] = []
        for field in model._meta.concrete_fields:
            if field.column in self.columns or field.attname in self.columns or field.primary_key:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value: Any = now.date() if field.get_internal_type() == "DateField" else now
            else:
                value = field.get_default()  # the declared default, "" for text, None otherwise
            if value is None and not field.null:
                raise SystemExit(f"{self.name}.{field.column}: no value and no default; teach bench/seed_scale.py")
            defaults.append((field.column, field.get_db_prep_save(value, connection)))
        self.default_columns = [column for column, _value in defaults]
        self.default_values = tuple(value for _column, value in defaults)
        names = ", ".join(f'"{c}"' for c in self.columns + self.default_columns)
        marks = ", ".join("?" for _ in self.columns + self.default_columns)
        self.sql = f'INSERT INTO "{self.name}" ({names}) VALUES ({marks})'

    def insert(self, db: sqlite3.Connection, rows: Iterable[Sequence[Any]]) -> int:
        tail = self.default_values
        count = 0
        for batch in batched(rows):
            db.executemany(self.sql, [tuple(row) + tail for row in batch])
            count += len(batch)
        return count


class Generator:
    def __init__(self, args: argparse.Namespace) -> None:
        from django.conf import settings
        from django.contrib.auth.hashers import make_password
        from django.db import connection
        from django.utils import timezone

        self.args = args
        self.path = settings.DATABASES["default"]["NAME"]
        self.rng = random.Random(SEED)
        self.now = timezone.now().replace(microsecond=0)
        self.password = make_password(PASSWORD)
        self.adapt: Callable[[dt.datetime], str] = connection.ops.adapt_datetimefield_value  # type: ignore[assignment]
        # A pool of past moments (the last two years), stored the way Django stores them.
        self.moments: list[str] = sorted(
            self.adapt(self.now - dt.timedelta(seconds=self.rng.randint(60, 2 * 365 * 86400))) for _ in range(20_000)
        )
        self.db = sqlite3.connect(self.path, isolation_level=None)
        self.db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF; "
            "PRAGMA cache_size=-1000000; PRAGMA temp_store=MEMORY; PRAGMA locking_mode=EXCLUSIVE;"
        )
        self.db.execute(f"CREATE TABLE IF NOT EXISTS {STEP_TABLE} (name TEXT PRIMARY KEY, rows INT, seconds REAL)")
        self.db.execute(f"CREATE TABLE IF NOT EXISTS {SIZE_TABLE} (sizes TEXT)")
        sizes = json.dumps(
            {key: getattr(args, key) for key in ("teachers", "schools", "relations", "follow_share", "posts")}
        )
        recorded = self.db.execute(f"SELECT sizes FROM {SIZE_TABLE}").fetchone()
        if recorded is None:
            self.db.execute(f"INSERT INTO {SIZE_TABLE} VALUES (?)", (sizes,))
        elif recorded[0] != sizes:
            raise SystemExit(
                f"{self.path} was generated with other sizes ({recorded[0]}): delete it, or write elsewhere "
                "(make bench BENCH_DB=...)."
            )
        self.started = time.monotonic()

    # --- bookkeeping ------------------------------------------------------------------------------------------
    def done(self, name: str) -> bool:
        row = self.db.execute(f"SELECT rows, seconds FROM {STEP_TABLE} WHERE name = ?", (name,)).fetchone()
        if row:
            print(f"{name:<28} already there ({row[0]:,} rows, {row[1]:.1f} s)")
        return row is not None

    def record(self, name: str, rows: int, seconds: float) -> None:
        self.db.execute(f"INSERT INTO {STEP_TABLE} VALUES (?, ?, ?)", (name, rows, seconds))
        rate = f"{rows / seconds:>10,.0f} rows/s" if seconds > 0 and rows else ""
        print(f"{name:<28} {rows:>11,} rows {seconds:>8.1f} s {rate}", flush=True)

    def has_table(self, table: str) -> bool:
        query = "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?)"
        return bool(self.db.execute(query, (table,)).fetchone()[0])

    def max_id(self, table: str) -> int:
        return self.db.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"').fetchone()[0]

    def load(
        self,
        name: str,
        tables: Sequence[str],
        fill: Callable[[], int],
        seeded: Sequence[str] = (),
        kept: Sequence[str] = (),
    ) -> None:
        """Run `fill` in one transaction with the tables' secondary indexes and triggers dropped, then rebuild them.

        `seeded`: tables that may hold rows a migration wrote (the forums of the partner-finding categories);
        the step then adds its rows after theirs. `kept`: tables that already hold many rows and get a few
        more; their indexes and triggers stay (updating them row by row costs less than rebuilding them)."""
        if self.done(name):
            return
        tables = [table for table in tables if table not in kept]
        for table in set(tables) - set(seeded):
            present = self.db.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0]
            if present:
                raise SystemExit(
                    f"{table} already has rows but step {name!r} was never completed: delete {self.path} and run again."
                )
        started = time.monotonic()
        marks = ", ".join("?" for _ in tables)
        saved = self.db.execute(
            f"SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN ({marks}) "
            "AND type IN ('index', 'trigger') AND sql IS NOT NULL",
            tuple(tables),
        ).fetchall()
        self.db.execute("BEGIN")
        for kind, object_name, _sql in saved:
            self.db.execute(f'DROP {kind.upper()} "{object_name}"')
        rows = fill()
        loaded = time.monotonic()
        for kind, _object_name, sql in saved:
            if kind == "index":
                self.db.execute(sql)
        for kind, _object_name, sql in saved:
            if kind == "trigger":
                self.db.execute(sql)
        self.db.execute("COMMIT")
        if saved:
            rebuilt = time.monotonic() - loaded
            print(f"  ({len(saved)} indexes and triggers of {', '.join(tables)} rebuilt in {rebuilt:.1f} s)")
        self.record(name, rows, time.monotonic() - started)

    # --- steps --------------------------------------------------------------------------------------------------
    def schools(self) -> None:
        from twinning.core.vocabularies import COUNTRIES
        from twinning.demo import data
        from twinning.schools.models import School

        table = Table(
            School,
            ["id", "name", "country", "region", "city", "school_type", "age_bands", "head_teacher_name",
             "head_teacher_email", "is_verified", "created_at", "updated_at"],
            self.now,
        )  # fmt: skip
        rng = random.Random(SEED + 1)
        countries = [code for code, _label in COUNTRIES]
        places = made_up_words(rng, 3_000)
        types = [
            ("primary", '["4-6", "7-9", "10-12"]'),
            ("lower-secondary", '["10-12", "13-15"]'),
            ("upper-secondary", '["13-15", "16-19"]'),
        ]
        first = self.max_id(table.name) + 1

        def rows() -> Iterator[tuple[Any, ...]]:
            moments = self.moments
            for i in range(self.args.schools):
                country = countries[i % len(countries)]
                city, region = rng.choice(data.CITIES[country])
                patterns, words = data.SCHOOL_PATTERNS.get(country, (data.ENGLISH_PATTERNS, data.ENGLISH_NAMES))
                word = rng.choice(words) if rng.random() < 0.5 else rng.choice(places)
                name = rng.choice(patterns).format(x=word, city=city, n=rng.randint(1, 90))
                if rng.random() < 0.5:
                    name = f"{name} {city}" if city not in name else name
                school_type, ages = rng.choice(types)
                moment = moments[i % len(moments)]
                yield (
                    first + i, name, country, region, city, school_type, ages, "Head Teacher",
                    f"head{first + i}@schools.{BENCH_DOMAIN}", rng.random() > 0.05, moment, moment,
                )  # fmt: skip

        self.load("schools", [table.name], lambda: table.insert(self.db, rows()))

    def teachers(self) -> None:
        """Users, their verified email address, profile, current school and first progress actions."""
        from allauth.account.models import EmailAddress

        from twinning.accounts.models import User
        from twinning.core.vocabularies import SUBJECTS
        from twinning.demo import data
        from twinning.profiles.models import Audience, Profile
        from twinning.progress.models import ProgressAction
        from twinning.schools.models import Employment, School

        users = Table(
            User,
            ["id", "email", "password", "first_name", "last_name", "preferred_language", "time_zone",
             "is_validated", "is_active", "is_staff", "is_superuser", "date_joined", "last_login"],
            self.now,
        )  # fmt: skip
        emails = Table(EmailAddress, ["user_id", "email", "verified", "primary"], self.now)
        profiles = Table(
            Profile,
            ["user_id", "about", "subjects", "languages", "age_bands", "interests", "available_for_projects",
             "available_for_plus", "visibility", "hide_from_search_engines", "created_at", "updated_at"],
            self.now,
        )  # fmt: skip
        employments = Table(
            Employment,
            ["teacher_id", "school_id", "role", "validation", "validated_via", "start_date", "decided_at",
             "created_at", "updated_at"],
            self.now,
        )  # fmt: skip
        progress = Table(ProgressAction, ["user_id", "kind", "key", "created_at"], self.now)

        rng = random.Random(SEED + 2)
        schools = self.db.execute(f'SELECT id, country, city FROM "{School._meta.db_table}" ORDER BY id').fetchall()
        if not schools:
            raise SystemExit("No schools: the schools step must run first.")
        surnames = made_up_words(rng, 8_000)
        subjects = [code for code, _label in SUBJECTS]
        subject_names = dict(SUBJECTS)
        ages = ["4-6", "7-9", "10-12", "13-15", "16-19"]
        visibilities = [Audience.EVERYONE.value, Audience.MEMBERS.value, Audience.CONTACTS.value]
        languages_of = {code: codes[0] for code, codes in data.COUNTRY_LANGUAGES.items()}
        first_id = self.max_id(users.name) + 1

        def people() -> Iterator[tuple[int, tuple[Any, ...], str, int, str, str, bool]]:
            moments = self.moments
            for i in range(self.args.teachers):
                user_id = first_id + i
                school_id, country, city = schools[rng.randrange(len(schools))]
                first_names, last_names = data.NAMES[data.COUNTRY_NAME_GROUP[country]]
                last = rng.choice(last_names) if rng.random() < 0.6 else rng.choice(surnames)
                validated = rng.random() > 0.1
                joined = moments[rng.randrange(len(moments))]
                email = f"t{i}@{BENCH_DOMAIN}"
                language = languages_of.get(country, "en")
                user = (
                    user_id, email, self.password, rng.choice(first_names), last,
                    "es" if language == "es" else "en", data.TIME_ZONES.get(country, "UTC"),
                    validated, True, False, False, joined, joined,
                )  # fmt: skip
                yield user_id, user, email, school_id, country, city, validated

        def fill() -> int:
            total = 0
            step = time.monotonic()
            for batch in batched(people(), BATCH):
                user_rows, email_rows, profile_rows, employment_rows, progress_rows = [], [], [], [], []
                for user_id, user, email, school_id, country, city, validated in batch:
                    joined = user[11]
                    user_rows.append(user)
                    email_rows.append((user_id, email, True, True))
                    taught = rng.sample(subjects, k=rng.choice((1, 2, 2, 3)))
                    spoken = sorted({"en", languages_of.get(country, "en"), *rng.sample(["fr", "de", "es", "it"], 1)})
                    band = rng.randrange(len(ages) - 1)
                    interests = rng.sample(data.INTERESTS, k=rng.randint(1, 3))
                    about = ""
                    if rng.random() < 0.7:
                        about = rng.choice(data.ABOUT_TEXTS).format(
                            subject=subject_names[taught[0]],
                            ages=ages[band],
                            city=city,
                            languages=", ".join(spoken),
                            interest=interests[0],
                        )
                    profile_rows.append(
                        (
                            user_id, about, json.dumps(taught), json.dumps(spoken), json.dumps(ages[band : band + 2]),
                            json.dumps(interests), rng.random() < 0.8, rng.random() < 0.2,
                            rng.choices(visibilities, weights=(40, 45, 15))[0], rng.random() < 0.7, joined, joined,
                        )
                    )  # fmt: skip
                    employment_rows.append(
                        (
                            user_id, school_id, "head_teacher" if rng.random() < 0.02 else "teacher",
                            "validated" if validated else "pending", "support" if validated else "",
                            joined[:10], joined if validated else None, joined, joined,
                        )
                    )  # fmt: skip
                    progress_rows.append((user_id, "first_login", "", joined))
                    progress_rows.append((user_id, "school_added", "", joined))
                users.insert(self.db, user_rows)
                emails.insert(self.db, email_rows)
                profiles.insert(self.db, profile_rows)
                employments.insert(self.db, employment_rows)
                progress.insert(self.db, progress_rows)
                total += len(batch)
                if total % 200_000 == 0:
                    rate = total / (time.monotonic() - step)
                    print(f"  {total:,} teachers ({rate:,.0f} teachers/s, 6 rows each)", flush=True)
            return total * 6

        self.load("teachers", [users.name, emails.name, profiles.name, employments.name, progress.name], fill)

    def teacher_ids(self) -> tuple[int, int]:
        from twinning.accounts.models import User

        row = self.db.execute(
            f'SELECT MIN(id), MAX(id) FROM "{User._meta.db_table}" WHERE email LIKE ? AND email != ?',
            (f"t%@{BENCH_DOMAIN}", VIEWER_EMAIL),
        ).fetchone()
        return row[0], row[1]

    def relation_sizes(self) -> tuple[int, int]:
        follows = round(self.args.relations * self.args.follow_share)
        contacts = self.args.relations - follows
        # The viewer's own relations count in the totals.
        return max(follows - VIEWER_FOLLOWS, 0), max(contacts - VIEWER_CONTACTS, 0)

    def follows(self) -> None:
        """Follows: a few per teacher on average, a fifth of them towards a popular one percent."""
        from twinning.network.models import Follow

        table = Table(Follow, ["follower_id", "followed_id", "created_at"], self.now)
        rng = random.Random(SEED + 3)
        low, high = self.teacher_ids()
        count, _contacts = self.relation_sizes()
        teachers = high - low + 1
        popular = rng.sample(range(low, high + 1), k=max(teachers // 100, 1))
        mean = count / teachers
        per_teacher = [min(int(rng.expovariate(1 / mean)) if mean else 0, teachers - 1) for _ in range(teachers)]
        difference = count - sum(per_teacher)
        while difference:
            i = rng.randrange(teachers)
            if difference > 0 and per_teacher[i] < min(200, teachers - 1):
                per_teacher[i] += 1
                difference -= 1
            elif difference < 0 and per_teacher[i] > 0:
                per_teacher[i] -= 1
                difference += 1

        def rows() -> Iterator[tuple[int, int, str]]:
            moments = self.moments
            for offset, k in enumerate(per_teacher):
                if not k:
                    continue
                follower = low + offset
                chosen: set[int] = set()
                while len(chosen) < k:
                    followed = rng.choice(popular) if rng.random() < 0.2 else rng.randint(low, high)
                    if followed != follower:
                        chosen.add(followed)
                for followed in sorted(chosen):
                    yield follower, followed, moments[rng.randrange(len(moments))]

        self.load("follows", [table.name], lambda: table.insert(self.db, rows()))

    def contacts(self) -> None:
        """Contacts: random pairs stored once, lower id first."""
        from twinning.network.models import Contact

        table = Table(Contact, ["user_low_id", "user_high_id", "created_at"], self.now)
        rng = random.Random(SEED + 4)
        low, high = self.teacher_ids()
        _follows, count = self.relation_sizes()
        count = min(count, (high - low + 1) * (high - low) // 2)

        def rows() -> Iterator[tuple[int, int, str]]:
            pairs: set[int] = set()
            while len(pairs) < count:
                a, b = rng.randint(low, high), rng.randint(low, high)
                if a != b:
                    pairs.add((min(a, b) << 32) | max(a, b))
            moments = self.moments
            for pair in sorted(pairs):
                yield pair >> 32, pair & 0xFFFFFFFF, moments[rng.randrange(len(moments))]

        self.load("contacts", [table.name], lambda: table.insert(self.db, rows()))

    def viewer(self) -> None:
        """The teacher the benchmark signs in as (1,000 follows, some contacts), and two support officers."""
        from allauth.account.models import EmailAddress

        from twinning.accounts.models import SupportService, User
        from twinning.network.models import Contact, Follow
        from twinning.profiles.models import Profile
        from twinning.schools.models import Employment

        if self.done("viewer"):
            return
        started = time.monotonic()
        rng = random.Random(SEED + 5)
        low, high = self.teacher_ids()
        users = Table(
            User,
            ["id", "email", "password", "first_name", "last_name", "is_validated", "is_active", "is_staff",
             "is_superuser", "date_joined"],
            self.now,
        )  # fmt: skip
        emails = Table(EmailAddress, ["user_id", "email", "verified", "primary"], self.now)
        profiles = Table(Profile, ["user_id"], self.now)
        employments = Table(Employment, ["teacher_id", "school_id", "validation", "validated_via"], self.now)
        follows = Table(Follow, ["follower_id", "followed_id", "created_at"], self.now)
        contacts = Table(Contact, ["user_low_id", "user_high_id", "created_at"], self.now)
        now = self.adapt(self.now)
        school_id = self.db.execute("SELECT MIN(id) FROM schools_school").fetchone()[0]
        self.db.execute("BEGIN")
        next_id = self.max_id(users.name) + 1
        people = [
            (next_id, VIEWER_EMAIL, "Bench", "Viewer", True),
            (next_id + 1, f"national@{BENCH_DOMAIN}", "Bench", "National", False),
            (next_id + 2, f"central@{BENCH_DOMAIN}", "Bench", "Central", False),
        ]
        users.insert(self.db, [(i, e, self.password, f, la, v, True, False, False, now) for i, e, f, la, v in people])
        emails.insert(self.db, [(i, e, True, True) for i, e, *_rest in people])
        profiles.insert(self.db, [(i,) for i, *_rest in people])
        employments.insert(self.db, [(next_id, school_id, "validated", "support")])
        followed = sorted(rng.sample(range(low, high + 1), k=min(VIEWER_FOLLOWS, high - low + 1)))
        moments = self.moments
        follows.insert(self.db, [(next_id, f, moments[rng.randrange(len(moments))]) for f in followed])
        # Contacts: people with lower ids, so the viewer is always user_high.
        contacts.insert(
            self.db,
            [(c, next_id, now) for c in sorted(rng.sample(range(low, high + 1), k=min(VIEWER_CONTACTS, high - low)))],
        )
        for user_id, kind, country in ((next_id + 1, "national", "ES"), (next_id + 2, "central", "")):
            service = self.db.execute(
                f'SELECT id FROM "{SupportService._meta.db_table}" WHERE kind = ? AND country = ? AND region = ?',
                (kind, country, ""),
            ).fetchone()
            if service is None:
                service_table = Table(SupportService, ["kind", "country", "region", "name"], self.now)
                service_table.insert(self.db, [(kind, country, "", f"{kind} {country}".strip())])
                service = (self.max_id(service_table.name),)
            staff = SupportService.staff.through
            self.db.execute(
                f'INSERT INTO "{staff._meta.db_table}" (supportservice_id, user_id) VALUES (?, ?)',
                (service[0], user_id),
            )
        self.db.execute("COMMIT")
        self.record("viewer", 3 + len(followed) + VIEWER_CONTACTS, time.monotonic() - started)

    def posts(self) -> None:
        """Posts by many teachers (and by everyone the viewer follows), their activity items, and the feeds.

        The feed entries are those the activity app's fan-out would have written: one for the author,
        one for each follower and one for each contact of the author.
        """
        try:
            from twinning.activity.models import ActivityItem, FeedEntry, Post
        except ImportError:
            print(f"{'posts':<28} skipped: the activity app has no Post model yet")
            return
        if not self.has_table(FeedEntry._meta.db_table):
            print(f"{'posts':<28} skipped: the activity app's tables are not migrated yet")
            return
        from twinning.accounts.models import User
        from twinning.demo import data
        from twinning.network.models import Contact, Follow

        posts = Table(Post, ["id", "author_id", "body", "created_at"], self.now)
        items = Table(ActivityItem, ["id", "actor_id", "verb", "post_id", "created_at"], self.now)
        entries = FeedEntry._meta.db_table
        rng = random.Random(SEED + 6)
        low, high = self.teacher_ids()
        viewer_id = self.db.execute(
            f'SELECT id FROM "{User._meta.db_table}" WHERE email = ?', (VIEWER_EMAIL,)
        ).fetchone()[0]
        followed_by_viewer = [
            row[0]
            for row in self.db.execute(
                f'SELECT followed_id FROM "{Follow._meta.db_table}" WHERE follower_id = ?', (viewer_id,)
            )
        ]
        count = self.args.posts if self.args.posts is not None else self.args.teachers // 4
        openings = [
            "Our class has just finished a project on {interest}.",
            "Looking for a partner school for {interest} next term.",
            "Thank you to everyone who joined our online meeting about {interest}!",
            "New photos from our {interest} week are on our school blog.",
            "Who else works on {interest} with pupils aged 10 to 15?",
        ]

        def authors() -> Iterator[int]:
            for _ in range(count):
                yield rng.randint(low, high)
            for author in followed_by_viewer:
                for _ in range(rng.randint(1, 5)):
                    yield author

        def fill() -> int:
            first = self.max_id(posts.name) + 1
            post_rows, item_rows = [], []
            moments = self.moments
            written = 0
            for offset, author in enumerate(authors()):
                interest = rng.choice(data.INTERESTS)
                body = rng.choice(openings).format(interest=interest)
                if rng.random() < 0.5:
                    body += " " + rng.choice(data.ABOUT_TEXTS).format(
                        subject="languages", ages="10-12", city="our town", languages="English", interest=interest
                    )
                moment = moments[rng.randrange(len(moments))]
                post_rows.append((first + offset, author, body, moment))
                item_rows.append((first + offset, author, "post", first + offset, moment))
                if len(post_rows) >= BATCH:
                    written += posts.insert(self.db, post_rows) + items.insert(self.db, item_rows)
                    post_rows, item_rows = [], []
            written += posts.insert(self.db, post_rows) + items.insert(self.db, item_rows)
            # Fan-out as the activity app does it: the author, their followers, their contacts (either side).
            cursor = self.db.execute(
                f"""
                INSERT INTO "{entries}" (owner_id, item_id, actor_id, created_at)
                SELECT i.actor_id, i.id, i.actor_id, i.created_at FROM "{items.name}" i
                UNION
                SELECT f.follower_id, i.id, i.actor_id, i.created_at
                  FROM "{items.name}" i JOIN "{Follow._meta.db_table}" f ON f.followed_id = i.actor_id
                UNION
                SELECT c.user_high_id, i.id, i.actor_id, i.created_at
                  FROM "{items.name}" i JOIN "{Contact._meta.db_table}" c ON c.user_low_id = i.actor_id
                UNION
                SELECT c.user_low_id, i.id, i.actor_id, i.created_at
                  FROM "{items.name}" i JOIN "{Contact._meta.db_table}" c ON c.user_high_id = i.actor_id
                """
            )
            return written + cursor.rowcount

        self.load("posts and feeds", [posts.name, items.name, entries], fill)

    def notifications(self) -> None:
        """The viewer's notifications: 1,000 "started following you", the newest 30 unread."""
        try:
            from twinning.notifications.models import Notification
        except ImportError:
            return
        from twinning.accounts.models import User

        if not self.has_table(Notification._meta.db_table):
            return
        table = Table(Notification, ["recipient_id", "kind", "actor_id", "url", "created_at", "read_at"], self.now)
        rng = random.Random(SEED + 7)
        low, high = self.teacher_ids()
        viewer_id = self.db.execute(
            f'SELECT id FROM "{User._meta.db_table}" WHERE email = ?', (VIEWER_EMAIL,)
        ).fetchone()[0]
        moments = sorted(rng.sample(self.moments, k=1_000))

        def rows() -> Iterator[tuple[Any, ...]]:
            for i, moment in enumerate(moments):
                actor = rng.randint(low, high)
                read = moment if i < len(moments) - 30 else None
                yield viewer_id, "new_follower", actor, f"/people/{actor}/", moment, read

        self.load("viewer's notifications", [table.name], lambda: table.insert(self.db, rows()))

    def regional_services(self) -> list[str]:
        """Regional support services for the Spanish regions of the demo cities (the regional approval step
        exists only where one does). Returns their regions."""
        from twinning.accounts.models import SupportService
        from twinning.demo import data

        regions = sorted({region for _city, region in data.CITIES["ES"] if region})
        table = SupportService._meta.db_table
        existing = {row[0] for row in self.db.execute(f'SELECT region FROM "{table}" WHERE kind = ?', ("regional",))}
        missing = [region for region in regions if region not in existing]
        if missing:
            service_table = Table(SupportService, ["kind", "country", "region", "name"], self.now)
            self.db.execute("BEGIN")
            service_table.insert(self.db, [("regional", "ES", region, f"regional {region}") for region in missing])
            self.db.execute("COMMIT")
        return regions

    def projects(self) -> None:
        """Projects in every state, public or not, with 2-5 partners from several countries (each taking
        part for their own current school), some from published kits, with their approval steps and log;
        the open and closed ones with their TwinSpace (forums, library, members), and the viewer's open
        TwinSpaces with updates, comments and pages."""
        from twinning.accounts.models import User
        from twinning.core.vocabularies import AGE_BANDS, COUNTRIES, SUBJECTS
        from twinning.discussions.models import Forum
        from twinning.documents.models import Library
        from twinning.projects.models import ApprovalStep, Kit, LogEntry, Partner, Project
        from twinning.schools.models import Employment, School
        from twinning.twinspace.models import Comment, Membership, Page, TwinSpace, Update

        count = self.args.projects if self.args.projects is not None else self.args.teachers // 10
        if count <= 0 or not self.has_table(Project._meta.db_table) or self.done("projects"):
            return
        regional = set(self.regional_services())
        kits = Table(
            Kit,
            ["id", "title", "summary", "activities", "subjects", "age_bands", "languages", "is_published"],
            self.now,
        )
        forums = Table(Forum, ["id", "purpose"], self.now)
        libraries = Table(Library, ["id", "purpose"], self.now)
        spaces = Table(
            TwinSpace, ["id", "title", "forum_id", "teachers_board_id", "materials_id", "is_closed"], self.now
        )
        projects = Table(
            Project,
            ["id", "title", "summary", "description", "aims", "work_process", "expected_results", "subjects",
             "age_bands", "languages", "countries", "planned_start", "planned_end", "is_public", "kit_id", "status",
             "founded_by_id", "twinspace_id", "created_at", "updated_at", "submitted_at", "opened_at", "closed_at"],
            self.now,
        )  # fmt: skip
        partners = Table(
            Partner,
            ["id", "project_id", "teacher_id", "school_id", "country", "region", "role", "state", "invited_by_id",
             "created_at", "joined_at"],
            self.now,
        )  # fmt: skip
        steps = Table(
            ApprovalStep,
            ["project_id", "kind", "partner_id", "school_id", "country", "region", "state", "decided_by_id",
             "decided_via", "decided_at", "comment", "created_at"],
            self.now,
        )  # fmt: skip
        log = Table(LogEntry, ["project_id", "actor_id", "action", "detail", "created_at"], self.now)
        members = Table(Membership, ["twinspace_id", "user_id", "role", "created_at"], self.now)
        updates = Table(
            Update, ["id", "twinspace_id", "board", "author_id", "body", "is_pinned", "created_at", "comment_count"],
            self.now,
        )  # fmt: skip
        comments = Table(Comment, ["update_id", "author_id", "body", "created_at"], self.now)
        pages = Table(
            Page,
            ["twinspace_id", "title", "body", "position", "status", "is_public", "parental_consent", "created_by_id",
             "created_at", "updated_at"],
            self.now,
        )  # fmt: skip
        rng = random.Random(SEED + 11)
        made_up = [word.lower() for word in made_up_words(rng, 4_000)]
        countries = [code for code, _label in COUNTRIES]
        subjects = [code for code, _label in SUBJECTS]
        ages = [code for code, _label in AGE_BANDS]
        languages = ["en", "fr", "de", "es", "it", "pl", "pt", "nl", "el", "ro", "cs", "sv"]
        statuses = ["open"] * 45 + ["closed"] * 25 + ["pending"] * 10 + ["draft"] * 12 + ["stopped"] * 8
        low, high = self.teacher_ids()
        viewer_id = self.db.execute(
            f'SELECT id FROM "{User._meta.db_table}" WHERE email = ?', (VIEWER_EMAIL,)
        ).fetchone()[0]
        officer_id = self.db.execute(
            f'SELECT id FROM "{User._meta.db_table}" WHERE email = ?', (f"national@{BENCH_DOMAIN}",)
        ).fetchone()[0]
        # Every teacher takes part for their current school: teachers by their school's country.
        by_country: dict[str, list[tuple[int, int, str]]] = {code: [] for code in countries}
        query = (
            f'SELECT e.teacher_id, e.school_id, s.country, s.region FROM "{Employment._meta.db_table}" e '
            f'JOIN "{School._meta.db_table}" s ON s.id = e.school_id ORDER BY e.teacher_id'
        )
        viewer_place: tuple[int, int, str] | None = None
        viewer_country = ""
        for teacher, school, country, region in self.db.execute(query):
            if teacher == viewer_id:
                viewer_place, viewer_country = (teacher, school, region), country
            elif low <= teacher <= high and country in by_country:
                by_country[country].append((teacher, school, region))
        countries = [code for code in countries if by_country[code]]
        if viewer_place is None or len(countries) < 5:
            raise SystemExit("projects: the viewer has no school, or too few countries have teachers.")
        viewer_projects = set(rng.sample(range(count), k=min(VIEWER_PROJECTS, count)))
        tables = [
            kits.name, forums.name, libraries.name, spaces.name, projects.name, partners.name, steps.name, log.name,
            members.name, updates.name, comments.name, pages.name,
        ]  # fmt: skip
        adapt = self.adapt
        now = self.now
        # The partner-finding forums' migration made a forum per category: the TwinSpaces' forums come after.
        first_forum = self.max_id(forums.name)

        def words(n: int) -> str:
            return " ".join(rng.choice(PROJECT_TOPICS) if rng.random() < 0.6 else rng.choice(made_up) for _ in range(n))

        def text(sentences: int) -> str:
            return " ".join(
                rng.choice(PROJECT_SENTENCES).format(a=words(1), b=words(2), town=rng.choice(made_up))
                for _ in range(sentences)
            )

        def codes(pool: list[str], most: int) -> str:
            return json.dumps(sorted(rng.sample(pool, k=rng.randint(1, most))))

        def later(moment: dt.datetime, most_days: float) -> dt.datetime:
            """A moment up to `most_days` after `moment`, never in the future."""
            return min(moment + dt.timedelta(seconds=rng.randint(600, int(most_days * 86400))), now)

        def fill() -> int:
            written = kits.insert(
                self.db,
                (
                    (k + 1, words(3).capitalize(), text(1), text(3), codes(subjects, 2), codes(ages, 2), '["en"]', 1)
                    for k in range(50)
                ),
            )
            forum_rows: list[tuple[Any, ...]] = []
            library_rows: list[tuple[Any, ...]] = []
            space_rows: list[tuple[Any, ...]] = []
            project_rows: list[tuple[Any, ...]] = []
            partner_rows: list[tuple[Any, ...]] = []
            step_rows: list[tuple[Any, ...]] = []
            log_rows: list[tuple[Any, ...]] = []
            member_rows: list[tuple[Any, ...]] = []
            viewer_spaces: list[tuple[int, list[int], dt.datetime]] = []
            other_spaces: list[tuple[int, list[int], dt.datetime]] = []
            start = now.date()
            partner_id = self.max_id(partners.name)
            for i in range(count):
                pk = i + 1
                status = rng.choice(statuses)
                space = None
                if status in ("open", "closed"):
                    space = len(space_rows) + 1
                    forum_rows += [(first_forum + 2 * space - 1, "forum"), (first_forum + 2 * space, "teachers_board")]
                    library_rows.append((space, "materials"))
                    space_rows.append(
                        (space, f"Space {pk}", first_forum + 2 * space - 1, first_forum + 2 * space, space,
                         status == "closed")
                    )  # fmt: skip
                size = rng.randint(2, 4)
                if i in viewer_projects:  # the viewer is the co-founder
                    others = rng.sample([c for c in countries if c != viewer_country], k=size - 1)
                    chosen = [others[0], viewer_country, *others[1:]]
                    places = [rng.choice(by_country[chosen[0]]), viewer_place]
                    places += [rng.choice(by_country[c]) for c in chosen[2:]]
                    if status == "draft":  # a draft has only its founder: the viewer's own drafts
                        chosen[:2], places[:2] = chosen[1::-1], places[1::-1]
                else:
                    chosen = rng.sample(countries, k=size)
                    places = [rng.choice(by_country[c]) for c in chosen]
                created = now - dt.timedelta(seconds=rng.randint(30 * 86400, 2 * 365 * 86400))
                submitted = later(created, 10) if status != "draft" else None
                opened = closed = None
                decided_at: list[dt.datetime] = []
                founder_id = places[0][0]
                rows_of_project: list[tuple[int, int, int, str, str, str]] = []  # id, teacher, school, country...
                # The founders; in a quarter of the pending projects the co-founder has not accepted yet.
                cofounder_waits = status == "pending" and rng.random() < 0.25
                founders = places[:1] if status == "draft" else places[:2]
                for n, (teacher, school, region) in enumerate(founders):
                    partner_id += 1
                    state = "invited" if n == 1 and cofounder_waits else "active"
                    joined = created if n == 0 else (None if state == "invited" else later(submitted, 5))
                    partner_rows.append(
                        (partner_id, pk, teacher, school, chosen[n], region, "founder", state,
                         founder_id if n else None, adapt(created if n == 0 else submitted),
                         adapt(joined) if joined else None)
                    )  # fmt: skip
                    rows_of_project.append((partner_id, teacher, school, chosen[n], region, state))
                log_rows.append((pk, founder_id, "founded", "", adapt(created)))
                if submitted is not None:
                    cofounder = rows_of_project[1]
                    log_rows.append((pk, founder_id, "cofounder_invited", "", adapt(submitted)))
                    accepted = partner_rows[-1][10]
                    step_rows.append(
                        (pk, "cofounder", cofounder[0], cofounder[2], cofounder[3], cofounder[4],
                         "waiting" if cofounder_waits else "approved", None if cofounder_waits else cofounder[1],
                         "" if cofounder_waits else "app", accepted, "", adapt(submitted))
                    )  # fmt: skip
                    if not cofounder_waits:
                        log_rows.append((pk, cofounder[1], "cofounder_accepted", "", accepted))
                    # Each founder's steps: head teacher, regional where there is a regional service, national.
                    waiting_left = status == "pending"
                    rejected_one = status == "stopped"
                    founder_steps = []
                    for row_id, teacher, school, country, region, state in rows_of_project:
                        if state != "active":
                            continue
                        asked = submitted if teacher == founder_id else later(submitted, 5)
                        kinds = ["head_teacher", *(["regional"] if region in regional else []), "national"]
                        for kind in kinds:
                            founder_steps.append((row_id, teacher, school, country, region, kind, asked))
                    rejected_at = rng.randrange(len(founder_steps)) if rejected_one else -1
                    for n, (row_id, teacher, school, country, region, kind, asked) in enumerate(founder_steps):
                        if status == "pending":
                            waits = rng.random() < 0.6 or (waiting_left and n == len(founder_steps) - 1)
                        else:
                            waits = status == "stopped" and n > rejected_at
                        if waits:
                            waiting_left = False
                            step_rows.append(
                                (pk, kind, row_id, school, country, region if kind != "national" else "", "waiting",
                                 None, "", None, "", adapt(asked))
                            )  # fmt: skip
                            continue
                        decided = later(asked, 20)
                        decided_at.append(decided)
                        if kind == "head_teacher":
                            via, by = rng.choice((("email_link", None), ("app", None), ("automatic", teacher)))
                        else:
                            via, by = "app", officer_id if country == "ES" and kind == "national" else None
                        state = "rejected" if n == rejected_at else "approved"
                        comment = text(1) if state == "rejected" else ""
                        step_rows.append(
                            (pk, kind, row_id, school, country, region if kind != "national" else "", state, by, via,
                             adapt(decided), comment, adapt(asked))
                        )  # fmt: skip
                        log_rows.append((pk, by, f"step_{state}", kind, adapt(decided)))
                    if status in ("open", "closed"):
                        opened = max(decided_at, default=submitted)
                        log_rows.append((pk, None, "opened", "", adapt(opened)))
                    elif status == "stopped":
                        log_rows.append((pk, None, "stopped", "", adapt(max(decided_at))))
                # Later partners: only open and closed projects have them (invitations start at opening).
                for n in range(2, size if opened else 0):
                    teacher, school, region = places[n]
                    partner_id += 1
                    joined = later(opened, 60)
                    partner_rows.append(
                        (partner_id, pk, teacher, school, chosen[n], region, "partner", "active", founder_id,
                         adapt(opened), adapt(joined))
                    )  # fmt: skip
                    rows_of_project.append((partner_id, teacher, school, chosen[n], region, "active"))
                    log_rows.append((pk, teacher, "partner_joined", "", adapt(joined)))
                if status == "open":  # an invitation waiting for an answer
                    country = rng.choice(countries)
                    teacher, school, region = rng.choice(by_country[country])
                    if all(teacher != row[1] for row in rows_of_project):
                        partner_id += 1
                        partner_rows.append(
                            (partner_id, pk, teacher, school, country, region, "partner", "invited", founder_id,
                             adapt(later(opened or created, 30)), None)
                        )  # fmt: skip
                if status == "closed":
                    closed = later(opened or created, 300)
                    log_rows.append((pk, founder_id, "closed", "", adapt(closed)))
                if space is not None:
                    team = [row[1] for row in rows_of_project if row[5] == "active"]
                    for n, teacher in enumerate(team):
                        role = "teacher_admin" if n < 2 else "teacher"
                        member_rows.append((space, teacher, role, adapt(opened or created)))
                    if status == "open" and viewer_id in team:
                        viewer_spaces.append((space, team, opened or created))
                    else:
                        other_spaces.append((space, team, opened or created))
                taking_part = [row[3] for row in rows_of_project if row[5] == "active"]
                begin = start + dt.timedelta(days=rng.randint(-700, 200))
                project_rows.append(
                    (
                        pk, words(rng.randint(2, 4)).capitalize(), text(1), text(4), text(2), text(2), text(1),
                        codes(subjects, 3), codes(ages, 2), codes(languages, 2), json.dumps(taking_part),
                        begin.isoformat(), (begin + dt.timedelta(days=rng.randint(60, 300))).isoformat(),
                        rng.random() < 0.6, rng.randint(1, 50) if rng.random() < 0.2 else None, status,
                        founder_id, space, adapt(created), adapt(closed or opened or submitted or created),
                        adapt(submitted) if submitted else None, adapt(opened) if opened else None,
                        adapt(closed) if closed else None,
                    )
                )  # fmt: skip
            written += forums.insert(self.db, forum_rows) + libraries.insert(self.db, library_rows)
            written += spaces.insert(self.db, space_rows) + projects.insert(self.db, project_rows)
            written += partners.insert(self.db, partner_rows) + steps.insert(self.db, step_rows)
            written += log.insert(self.db, log_rows) + members.insert(self.db, member_rows)
            del forum_rows, library_rows, space_rows, project_rows, partner_rows, step_rows, log_rows, member_rows
            return written + self.twinspace_content(updates, comments, pages, viewer_spaces, other_spaces, rng, text)

        self.load("projects", tables, fill, seeded=[forums.name])

    def twinspace_content(
        self,
        updates: Table,
        comments: Table,
        pages: Table,
        viewer_spaces: list[tuple[int, list[int], dt.datetime]],
        other_spaces: list[tuple[int, list[int], dt.datetime]],
        rng: random.Random,
        text: Callable[[int], str],
    ) -> int:
        """Updates (with comments) and pages: many in the viewer's open TwinSpaces, a few in the others."""
        adapt, now = self.adapt, self.now
        update_rows, comment_rows, page_rows = [], [], []
        update_id = self.max_id(updates.name)
        spaces = [(space, team, since, True) for space, team, since in viewer_spaces]
        spaces += [(space, team, since, False) for space, team, since in other_spaces]
        for space, team, since, busy in spaces:
            span = max(int((now - since).total_seconds()), 3600)
            for n in range(VIEWER_SPACE_UPDATES if busy else rng.randint(0, 3)):
                update_id += 1
                posted = since + dt.timedelta(seconds=rng.randint(0, span))
                said = rng.randint(0, 6) if busy else rng.randint(0, 2)
                for _ in range(said):
                    moment = min(posted + dt.timedelta(seconds=rng.randint(60, 7 * 86400)), now)
                    comment_rows.append((update_id, rng.choice(team), text(1), adapt(moment)))
                board = "pupils_wall" if busy and n % 8 == 7 else "home"
                pinned = busy and n < 2
                update_rows.append(
                    (update_id, space, board, rng.choice(team), text(rng.randint(1, 3)), pinned, adapt(posted), said)
                )
            for n in range(VIEWER_SPACE_PAGES if busy else rng.randint(0, 2)):
                made = since + dt.timedelta(seconds=rng.randint(0, span))
                published = rng.random() < 0.7
                body = "".join(f"<p>{text(rng.randint(2, 5))}</p>" for _ in range(rng.randint(2, 6) if busy else 1))
                page_rows.append(
                    (space, text(1)[:60].rstrip(" ."), body, n, "published" if published else "draft",
                     published and rng.random() < 0.3, published, rng.choice(team), adapt(made), adapt(made))
                )  # fmt: skip
        written = updates.insert(self.db, update_rows) + comments.insert(self.db, comment_rows)
        return written + pages.insert(self.db, page_rows)

    def ideas(self) -> None:
        """Project ideas in the partner-finding forums (the forums the forums app's migration made), each
        with its replies thread: random authors (those not validated have their ideas held), a sixth
        closed, newest last; the viewer wrote a few."""
        from twinning.accounts.models import User
        from twinning.core.vocabularies import AGE_BANDS, COUNTRIES, LANGUAGES, SUBJECTS
        from twinning.discussions.models import Thread

        try:
            from twinning.forums.models import Category, Idea
        except ImportError:
            return
        count = self.args.ideas if self.args.ideas is not None else self.args.teachers // 5
        if count <= 0 or not self.has_table(Idea._meta.db_table) or self.done("ideas"):
            return
        forums = self.db.execute(f'SELECT id, forum_id FROM "{Category._meta.db_table}"').fetchall()
        if not forums:
            print(f"{'ideas':<28} skipped: no partner-finding forums (categories) in the database")
            return
        rng = random.Random(SEED + 11)
        low, high = self.teacher_ids()
        viewer_id = self.db.execute(
            f'SELECT id FROM "{User._meta.db_table}" WHERE email = ?', (VIEWER_EMAIL,)
        ).fetchone()[0]
        made_up = made_up_words(rng, 3000)
        threads = Table(Thread, ["id", "forum_id", "title", "author_id", "created_at", "last_post_at"], self.now)
        ideas = Table(
            Idea,
            ["id", "category_id", "author_id", "title", "description", "age_bands", "subjects", "languages",
             "countries_wanted", "keywords", "availability", "status", "thread_id", "created_at", "updated_at",
             "closed_at"],
            self.now,
        )  # fmt: skip
        ages, subjects = [c for c, _ in AGE_BANDS], [c for c, _ in SUBJECTS]
        languages, countries = [c for c, _ in LANGUAGES], [c for c, _ in COUNTRIES]
        viewer_ideas = set(rng.sample(range(count), k=min(VIEWER_IDEAS, count)))
        moments = sorted(self.moments)

        def words(n: int) -> str:
            return " ".join(rng.choice(PROJECT_TOPICS) if rng.random() < 0.6 else rng.choice(made_up) for _ in range(n))

        def codes(pool: list[str], most: int) -> str:
            return json.dumps(sorted(rng.sample(pool, k=rng.randint(1, most))))

        def fill() -> int:
            thread_id = self.max_id(threads.name)
            thread_rows, idea_rows = [], []
            for i in range(count):
                thread_id += 1
                category, forum = rng.choice(forums)
                author = viewer_id if i in viewer_ideas else rng.randint(low, high)
                title = words(rng.randint(2, 5)).capitalize()
                made = moments[i * len(moments) // count]  # ids grow with time, as in production
                description = " ".join(
                    rng.choice(PROJECT_SENTENCES).format(a=words(1), b=words(2), town=rng.choice(made_up))
                    for _ in range(rng.randint(1, 4))
                )
                closed = rng.random() < 1 / 6
                thread_rows.append((thread_id, forum, title, author, made, made))
                idea_rows.append(
                    (i + 1, category, author, title, description, codes(ages, 2), codes(subjects, 3),
                     codes(languages, 2), codes(countries, 4), ", ".join(words(1) for _ in range(3)),
                     "From September", "closed" if closed else "open", thread_id, made, made,
                     made if closed else None)
                )  # fmt: skip
            written = threads.insert(self.db, thread_rows) + ideas.insert(self.db, idea_rows)
            self.db.execute(
                f'UPDATE "{Category._meta.db_table}" SET idea_count = (SELECT count(*) FROM "{ideas.name}" i '
                f"WHERE i.category_id = \"{Category._meta.db_table}\".id AND i.status = 'open')"
            )
            return written

        self.load("ideas", [threads.name, ideas.name], fill)

    # --- events, courses and certificates -------------------------------------------------------------------------
    def user_id(self, email: str) -> int:
        from twinning.accounts.models import User

        return self.db.execute(f'SELECT id FROM "{User._meta.db_table}" WHERE email = ?', (email,)).fetchone()[0]

    def validated_teachers(self) -> array:
        """Ids of the validated teachers (those the services let organise and register), in id order."""
        from twinning.accounts.models import User

        low, high = self.teacher_ids()
        query = f'SELECT id FROM "{User._meta.db_table}" WHERE id BETWEEN ? AND ? AND is_validated ORDER BY id'
        return array("q", (row[0] for row in self.db.execute(query, (low, high))))

    def places_of(self, ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
        """Each teacher's time zone and their current school's country and city."""
        from twinning.accounts.models import User
        from twinning.schools.models import Employment, School

        wanted, found = sorted(set(ids)), {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            query = (
                f'SELECT u.id, u.time_zone, s.country, s.city FROM "{User._meta.db_table}" u '
                f'JOIN "{Employment._meta.db_table}" e ON e.teacher_id = u.id '
                f'JOIN "{School._meta.db_table}" s ON s.id = e.school_id WHERE u.id IN ({marks})'
            )
            for user_id, zone, country, city in self.db.execute(query, tuple(chunk)):
                found[user_id] = (zone, country, city)
        return found

    def event_start(self, rng: random.Random) -> dt.datetime:
        """Within a year either side of now: past events evenly spread, coming ones mostly in the next months."""
        if rng.random() < 0.55:
            start = self.now - dt.timedelta(seconds=rng.randint(3 * 3600, 365 * 86400))
        else:
            start = self.now + dt.timedelta(seconds=min(int(rng.expovariate(1 / (60 * 86400))), 365 * 86400) + 3600)
        return start.replace(hour=rng.randint(7, 18), minute=rng.choice((0, 15, 30, 45)), second=0)

    def event_window(self, rng: random.Random, starts: dt.datetime) -> tuple[dt.datetime, dt.datetime, dt.datetime]:
        """When an event starting at `starts` was announced and its registration window (never in the future
        for the announcement; closing at the latest when it starts)."""
        now = self.now
        created = starts - dt.timedelta(days=rng.randint(14, 90), seconds=rng.randint(0, 86400))
        created = min(created, now - dt.timedelta(seconds=rng.randint(3600, 30 * 86400)))
        opens = created + dt.timedelta(seconds=rng.randint(0, 7 * 86400))
        closes = starts - dt.timedelta(seconds=rng.choice((0, 3600, 86400, 2 * 86400)))
        if closes <= opens:
            opens = created
        if closes <= opens:
            closes = starts
        if closes <= opens:
            opens = closes - dt.timedelta(hours=1)
        return created, opens, closes

    def window_end(self, *, opens: dt.datetime, closes: dt.datetime, cancelled: dt.datetime | None) -> dt.datetime:
        """The last moment registrations could have been made so far."""
        return min(closes, self.now, cancelled or closes)

    def registration_rows(
        self,
        rng: random.Random,
        *,
        event_id: int,
        people: Sequence[int],
        leavers: Sequence[int],
        capacity: int,
        opens: dt.datetime,
        end: dt.datetime,
        starts: dt.datetime,
        cancelled: dt.datetime | None,
        attendance: bool,
        always: int = 0,
    ) -> tuple[list[list[Any]], int, int, list[int]]:
        """One event's registrations as the services leave them: `people` in the order they registered, the
        first `capacity` with a place and the others in line; now and then, before the start, a place given
        up a few hours ago and offered to the first in line; `leavers` registered and withdrew. A cancelled
        event has every registration cancelled. With `attendance`, most holders attended (`always` did).
        Returns the rows, seats taken, waiting count and the
        teachers holding a place."""
        adapt, now = self.adapt, self.now
        if end <= opens:
            return [], 0, 0, []
        span = int((end - opens).total_seconds())
        moments = sorted(opens + dt.timedelta(seconds=rng.randint(0, span)) for _ in people)
        rows: list[list[Any]] = []
        holders: list[int] = []
        seats = waiting = 0
        for k, (user, moment) in enumerate(zip(people, moments, strict=True)):
            if cancelled is not None:
                rows.append([event_id, user, "cancelled", adapt(moment), None, None, adapt(cancelled), False])
            elif k < capacity:
                attended = attendance and (user == always or rng.random() < 0.85)
                rows.append([event_id, user, "registered", adapt(moment), None, None, None, attended])
                seats += 1
                holders.append(user)
            else:
                rows.append([event_id, user, "waiting", adapt(moment), None, None, None, False])
                waiting += 1
        if waiting and starts > now and rng.random() < 0.2:
            offered = max(now - dt.timedelta(seconds=rng.randint(600, 20 * 3600)), moments[capacity])
            gone = rng.randrange(capacity)
            rows[gone][2], rows[gone][6] = "cancelled", adapt(offered)
            holders.remove(people[gone])
            first = rows[capacity]
            first[2], first[4] = "offered", adapt(offered)
            first[5] = adapt(offered + dt.timedelta(hours=24))
            waiting -= 1
        for user in leavers:
            moment = opens + dt.timedelta(seconds=rng.randint(0, span))
            ended = min(moment + dt.timedelta(seconds=rng.randint(600, 10 * 86400)), cancelled or end, now)
            rows.append([event_id, user, "cancelled", adapt(moment), None, None, adapt(max(ended, moment)), False])
        return rows, seats, waiting, holders

    def events(self) -> None:
        """Events a tenth of the teachers' number by default, a year either side of now, every kind and format,
        5% private with their invitations, 3% cancelled; registrations (about 30 an event, the popular ones
        full with a waiting list, attendance recorded on most past ones), seats and line counts agreeing
        with the rows. The viewer organises some (four online 100-place ones, full, with a waiting list),
        holds a place at others and is invited to a few private ones."""
        try:
            from twinning.events.models import COURSE_KINDS, Event, Invitation, Registration
        except ImportError:
            return
        from twinning.core.vocabularies import LANGUAGES
        from twinning.demo import data
        from twinning.discussions.models import Forum
        from twinning.documents.models import Library

        count = self.args.events if self.args.events is not None else self.args.teachers // 10
        if count <= 0 or not self.has_table(Event._meta.db_table) or self.done("events"):
            return
        forums = Table(Forum, ["id", "purpose", "created_at"], self.now)
        libraries = Table(Library, ["id", "purpose", "created_at"], self.now)
        events = Table(Event, EVENT_COLUMNS, self.now)
        registrations = Table(Registration, REGISTRATION_COLUMNS, self.now)
        invitations = Table(Invitation, ["event_id", "invitee_id", "invited_by_id", "created_at"], self.now)
        rng = random.Random(SEED + 13)
        made_up = made_up_words(rng, 2_000)
        validated = self.validated_teachers()
        viewer_id = self.user_id(VIEWER_EMAIL)
        kinds = [kind for kind in Event.Kind.values if kind not in COURSE_KINDS]
        known = {code for code, _label in LANGUAGES}
        languages_of = {
            country: [code for code in codes if code in known] or ["en"]
            for country, codes in data.COUNTRY_LANGUAGES.items()
        }
        organisers = [validated[rng.randrange(len(validated))] for _ in range(count)]
        special = rng.sample(range(count), k=min(VIEWER_EVENTS + VIEWER_REGISTRATIONS + VIEWER_INVITATIONS, count))
        viewer_role: dict[int, str] = {}
        for n, i in enumerate(special):
            if n < 4:
                viewer_role[i] = "organises_full"
            elif n < VIEWER_EVENTS:
                viewer_role[i] = "organises"
            elif n < VIEWER_EVENTS + VIEWER_REGISTRATIONS:
                viewer_role[i] = "registered"
            else:
                viewer_role[i] = "invited"
        for i, role in viewer_role.items():
            if role.startswith("organises"):
                organisers[i] = viewer_id
        places = self.places_of(organisers)
        tables = [forums.name, libraries.name, events.name, registrations.name, invitations.name]
        adapt, now = self.adapt, self.now

        def words(n: int) -> str:
            return " ".join(rng.choice(PROJECT_TOPICS) if rng.random() < 0.7 else rng.choice(made_up) for _ in range(n))

        def pick(k: int, exclude: int) -> list[int]:
            chosen: set[int] = set()
            while len(chosen) < k:
                user = validated[rng.randrange(len(validated))]
                if user not in (exclude, viewer_id):
                    chosen.add(user)
            return list(chosen)

        def fill() -> int:
            written = 0
            first_forum, first_library = self.max_id(forums.name), self.max_id(libraries.name)
            first_event = self.max_id(events.name)
            forum_rows: list[Sequence[Any]] = []
            library_rows: list[Sequence[Any]] = []
            event_rows: list[Sequence[Any]] = []
            registration_rows: list[Sequence[Any]] = []
            invitation_rows: list[Sequence[Any]] = []
            for i in range(count):
                pk = first_event + i + 1
                role = viewer_role.get(i, "")
                organiser = organisers[i]
                zone, country, city = places.get(organiser, ("Europe/Brussels", "BE", "Brussels"))
                kind = rng.choice(kinds)
                online = rng.random() < 0.7
                capacity = rng.choice((30, 40, 50, 60, 80, 100, 100) if online else (20, 30, 40, 60, 80, 120, 200))
                demand = min(int(rng.expovariate(1 / 42)), 300)
                private = rng.random() < 0.05
                starts = self.event_start(rng)
                if role == "organises_full":  # two over, two coming with registration open; 130 asked, 100 seats
                    online, capacity, demand, private, kind = True, 100, 130, False, "training"
                    days = (-40, -12, 9, 30)[len([j for j in viewer_role if j < i and viewer_role[j] == role])]
                    starts = (now + dt.timedelta(days=days)).replace(hour=15, minute=0, second=0)
                elif role == "registered":
                    private = False
                    starts = (now + dt.timedelta(days=rng.choice((-1, -1, 1)) * rng.randint(3, 200))).replace(
                        minute=0, second=0
                    )
                elif role == "invited":
                    private = True
                    starts = (now + dt.timedelta(days=rng.randint(5, 60))).replace(minute=0, second=0)
                hours = rng.choice((1, 1, 1.5, 2)) if online else rng.choice((2, 3, 6, 8, 30, 54))
                ends = starts + dt.timedelta(hours=hours)
                created, opens, closes = self.event_window(rng, starts)
                if role in ("organises_full", "registered") and starts > now:  # registration open for the viewer
                    opens = min(opens, now - dt.timedelta(days=rng.randint(10, 20)))
                    created = min(created, opens)
                cancelled = None
                if not role and rng.random() < 0.03:
                    cancelled = created + (min(starts, now) - created) * rng.uniform(0.3, 1.0)
                end = self.window_end(opens=opens, closes=closes, cancelled=cancelled)
                share = 1.0 if role == "organises_full" else max(0.0, min(1.0, (end - opens) / (closes - opens)))
                wanted = round(demand * share)
                invitees: list[int] = []
                if private:
                    invitees = pick(rng.randint(10, 60), organiser)
                    if role == "invited":
                        invitees[0] = viewer_id
                    wanted = min(wanted, len(invitees) * 7 // 10)
                    people = rng.sample(invitees, k=wanted)
                else:
                    people = pick(wanted, organiser)
                if role == "registered" and end > opens:
                    people.insert(rng.randrange(min(len(people), capacity) + 1), viewer_id)
                leavers = pick(rng.randint(0, 3), organiser) if not private and wanted else []
                recorded = rng.random() < 0.75 or role == "organises_full"
                attendance = starts <= now and cancelled is None and recorded
                rows, seats, waiting, _holders = self.registration_rows(
                    rng, event_id=pk, people=people, leavers=leavers, capacity=capacity, opens=opens, end=end,
                    starts=starts, cancelled=cancelled, attendance=attendance,
                )  # fmt: skip
                registration_rows += rows
                invitation_rows += [
                    (pk, invitee, organiser, adapt(created + dt.timedelta(seconds=rng.randint(0, 86400))))
                    for invitee in invitees
                ]
                forum_rows.append((first_forum + i + 1, "event_forum", adapt(created)))
                library_rows.append((first_library + i + 1, "event_documents", adapt(created)))
                template = rng.choice(EVENT_TITLES[kind])
                title = template.format(a=words(1), b=words(1), city=city)
                title = title[0].upper() + title[1:]
                description = " ".join(
                    rng.choice(PROJECT_SENTENCES).format(a=words(1), b=words(2), town=rng.choice(made_up))
                    for _ in range(rng.randint(2, 5))
                )
                spoken = languages_of.get(country, ["en"])
                language = "en" if rng.random() < 0.5 else rng.choice(spoken)
                place = "" if online else f"{rng.choice(made_up)} School, {city}"
                event_rows.append(
                    (pk, title[:200], description, kind, "online" if online else "face_to_face", place,
                     adapt(starts), adapt(ends), zone, language, "private" if private else "public", capacity,
                     adapt(opens), adapt(closes), "cancelled" if cancelled else "scheduled",
                     EVENT_CANCEL_REASON if cancelled else "", organiser, first_forum + i + 1,
                     first_library + i + 1, f"twinning-bench-{pk}", seats, waiting, adapt(created),
                     adapt(cancelled or created))
                )  # fmt: skip
                if len(registration_rows) >= BATCH or i == count - 1:
                    written += forums.insert(self.db, forum_rows) + libraries.insert(self.db, library_rows)
                    written += events.insert(self.db, event_rows) + registrations.insert(self.db, registration_rows)
                    written += invitations.insert(self.db, invitation_rows)
                    forum_rows, library_rows, event_rows, registration_rows, invitation_rows = [], [], [], [], []
            return written

        self.load("events", tables, fill, seeded=[forums.name, libraries.name])

    def courses(self) -> None:
        """Courses (a two-thousandth of the teachers' number by default): learning events of two to six weeks
        with one or two activities a week, each with its thread in the course's forum where participants post
        and then mark it done, completions where enough are done; online seminars of an hour with attendance.
        Organised by the two support officers, a year either side of now, popular (most full, with a waiting
        list). The viewer completed two learning events, is half-way through one, waits for one to start,
        attended two seminars and waits for a place at a third."""
        try:
            from twinning.learning.models import ActivityDone, Course, CourseActivity, CourseCompletion
        except ImportError:
            return
        from twinning.discussions.models import Forum, Post, Thread, ThreadFollow
        from twinning.documents.models import Library
        from twinning.events.models import Event, Registration

        count = self.args.courses if self.args.courses is not None else max(self.args.teachers // 2000, 1)
        if count <= 0 or not self.has_table(Course._meta.db_table) or self.done("courses"):
            return
        forums = Table(Forum, ["id", "purpose", "thread_count", "created_at"], self.now)
        libraries = Table(Library, ["id", "purpose", "created_at"], self.now)
        events = Table(Event, EVENT_COLUMNS, self.now)
        registrations = Table(Registration, REGISTRATION_COLUMNS, self.now)
        courses = Table(Course, ["event_id", "audience", "activities_required"], self.now)
        activities = Table(
            CourseActivity, ["id", "course_id", "week", "title", "instructions", "thread_id", "created_at"], self.now
        )
        threads = Table(
            Thread, ["id", "forum_id", "title", "author_id", "created_at", "last_post_at", "post_count"], self.now
        )
        posts = Table(Post, ["thread_id", "author_id", "body", "created_at"], self.now)
        follows = Table(ThreadFollow, ["thread_id", "user_id", "created_at"], self.now)
        done = Table(ActivityDone, ["activity_id", "user_id", "done_at"], self.now)
        completions = Table(CourseCompletion, ["course_id", "user_id", "completed_at"], self.now)
        rng = random.Random(SEED + 17)
        made_up = [word.lower() for word in made_up_words(rng, 2_000)]
        validated = self.validated_teachers()
        viewer_id = self.user_id(VIEWER_EMAIL)
        officers = [self.user_id(f"national@{BENCH_DOMAIN}"), self.user_id(f"central@{BENCH_DOMAIN}")]
        zones = {user_id: zone for user_id, (zone, _country, _city) in self.places_of(officers).items()}
        plan = dict(zip(rng.sample(range(count), k=min(len(VIEWER_COURSES), count)), VIEWER_COURSES, strict=False))
        tables = [
            forums.name, libraries.name, events.name, registrations.name, courses.name, activities.name,
            threads.name, posts.name, follows.name, done.name, completions.name,
        ]  # fmt: skip
        adapt, now = self.adapt, self.now
        grace = dt.timedelta(days=14)  # learning.courses.DONE_GRACE

        def words(n: int) -> str:
            return " ".join(rng.choice(PROJECT_TOPICS) if rng.random() < 0.7 else rng.choice(made_up) for _ in range(n))

        def text(sentences: int) -> str:
            return " ".join(
                rng.choice(PROJECT_SENTENCES).format(a=words(1), b=words(2), town=rng.choice(made_up).capitalize())
                for _ in range(sentences)
            )

        def pick(k: int) -> list[int]:
            chosen: set[int] = set()
            while len(chosen) < k:
                user = validated[rng.randrange(len(validated))]
                if user != viewer_id:
                    chosen.add(user)
            return list(chosen)

        def fill() -> int:
            first_forum, first_library = self.max_id(forums.name), self.max_id(libraries.name)
            first_event, activity_id, thread_id = (
                self.max_id(events.name), self.max_id(activities.name), self.max_id(threads.name)
            )  # fmt: skip
            rows: dict[str, list[Sequence[Any]]] = {name: [] for name in tables}
            for i in range(count):
                pk = first_event + i + 1
                kind_of_viewer, viewer_state, viewer_days = plan.get(i, ("", "", 0))
                learning = kind_of_viewer == "learning_event" if kind_of_viewer else rng.random() < 0.4
                organiser = officers[i % 2]
                if kind_of_viewer:
                    starts = (now + dt.timedelta(days=viewer_days)).replace(hour=14, minute=0, second=0)
                else:
                    starts = self.event_start(rng).replace(minute=0)
                weeks = rng.randint(2, 6) if learning else 0
                if viewer_state == "ongoing":
                    weeks = 4
                ends = starts + (dt.timedelta(days=7 * weeks - 2, hours=4) if learning else dt.timedelta(hours=1))
                created, opens, closes = self.event_window(rng, starts)
                if kind_of_viewer and starts > now:  # applications open for the viewer
                    opens = min(opens, now - dt.timedelta(days=10))
                    created = min(created, opens)
                capacity = 100 if rng.random() < 0.8 else 50
                demand = min(int(rng.expovariate(1 / 90)) + 20, 250)
                cancelled = None
                if not kind_of_viewer and rng.random() < 0.03:
                    cancelled = created + (min(starts, now) - created) * rng.uniform(0.3, 1.0)
                end = self.window_end(opens=opens, closes=closes, cancelled=cancelled)
                share = max(0.0, min(1.0, (end - opens) / (closes - opens)))
                if viewer_state == "waiting":
                    share, demand = 1.0, capacity + 25
                people = pick(round(demand * share))
                if viewer_state == "waiting":
                    people.insert(capacity + 5, viewer_id)
                elif viewer_state:
                    people.insert(rng.randrange(min(len(people), capacity) + 1), viewer_id)
                attendance = not learning and starts <= now and cancelled is None
                registration_rows, seats, waiting, holders = self.registration_rows(
                    rng, event_id=pk, people=people, leavers=pick(rng.randint(0, 4)) if people else [],
                    capacity=capacity, opens=opens, end=end, starts=starts, cancelled=cancelled,
                    attendance=attendance, always=viewer_id,
                )  # fmt: skip
                rows[registrations.name] += registration_rows
                forum = first_forum + i + 1
                topic = words(2)
                title = (
                    f"{topic.capitalize()}: a learning event" if learning else f"Online seminar: {topic} with pupils"
                )
                rows[libraries.name].append((first_library + i + 1, "event_documents", adapt(created)))
                rows[events.name].append(
                    (pk, title, text(3), "learning_event" if learning else "online_seminar", "online", "",
                     adapt(starts), adapt(ends), zones.get(organiser, "Europe/Brussels"),
                     "en" if rng.random() < 0.6 else rng.choice(("fr", "de", "es", "it", "pl")), "public",
                     capacity, adapt(opens), adapt(closes), "cancelled" if cancelled else "scheduled",
                     EVENT_CANCEL_REASON if cancelled else "", organiser, forum, first_library + i + 1,
                     f"twinning-bench-{pk}", seats, waiting, adapt(created), adapt(cancelled or created))
                )  # fmt: skip
                count_activities = 0
                required = 0
                if learning:
                    done_at: dict[int, list[dt.datetime]] = {user: [] for user in holders}
                    keen = {user: 1.0 if user == viewer_id else rng.random() for user in holders}
                    for week in range(1, weeks + 1):
                        for _ in range(rng.choice((1, 1, 2))):
                            count_activities += 1
                            activity_id += 1
                            thread_id += 1
                            made = created + (min(starts, now) - created) * rng.random()
                            name = f"Week {week}: {words(2)}"
                            instructions = text(rng.randint(2, 4))
                            rows[activities.name].append(
                                (activity_id, pk, week, name, instructions, thread_id, adapt(made))
                            )
                            rows[posts.name].append((thread_id, organiser, instructions, adapt(made)))
                            rows[follows.name].append((thread_id, organiser, adapt(made)))
                            last, said = made, 1
                            week_start = starts + dt.timedelta(weeks=week - 1)
                            if cancelled is None and week_start <= now:
                                for user in holders:
                                    if rng.random() >= keen[user]:
                                        continue
                                    posted = min(week_start + dt.timedelta(seconds=rng.randint(600, 6 * 86400)), now)
                                    rows[posts.name].append((thread_id, user, text(rng.randint(1, 3)), adapt(posted)))
                                    rows[follows.name].append((thread_id, user, adapt(posted)))
                                    last, said = max(last, posted), said + 1
                                    marked = posted + dt.timedelta(seconds=rng.randint(60, 2 * 86400))
                                    if marked <= now and marked < ends + grace:
                                        rows[done.name].append((activity_id, user, adapt(marked)))
                                        done_at[user].append(marked)
                            rows[threads.name].append(
                                (thread_id, forum, name, organiser, adapt(made), adapt(last), said)
                            )
                    required = max(1, count_activities - rng.randint(0, 2))
                    if viewer_state == "ongoing":
                        required = count_activities
                    for user, moments in done_at.items():
                        if len(moments) >= required:
                            rows[completions.name].append((pk, user, adapt(sorted(moments)[required - 1])))
                rows[forums.name].append((forum, "event_forum", count_activities, adapt(created)))
                rows[courses.name].append((pk, rng.choice(COURSE_AUDIENCES), required))
            written = 0
            for table in (
                forums, libraries, events, registrations, courses, threads, posts, follows, activities, done,
                completions,
            ):  # fmt: skip
                written += table.insert(self.db, rows[table.name])
            return written

        # The events step wrote most of these tables' rows: keep their indexes rather than rebuild them.
        kept = [forums.name, libraries.name, events.name, registrations.name, threads.name, posts.name, follows.name]
        self.load("courses", tables, fill, kept=kept)

    def certificates(self) -> None:
        """Certificates issued (downloaded once) for a fifth of the attendances of events and online seminars
        and of the completions of learning events; for most of the viewer's."""
        try:
            from twinning.certificates.models import CODE_ALPHABET, CODE_GROUP_LENGTH, CODE_GROUPS, Certificate
        except ImportError:
            return
        from zoneinfo import ZoneInfo

        from twinning.accounts.models import User
        from twinning.events.models import Event, Registration
        from twinning.learning.models import CourseCompletion

        if not self.has_table(Certificate._meta.db_table) or self.done("certificates"):
            return
        table = Table(
            Certificate,
            ["kind", "holder_id", "subject_id", "code", "holder_name", "title", "starts_on", "ends_on", "language",
             "issued_at"],
            self.now,
        )  # fmt: skip
        rng = random.Random(SEED + 19)
        viewer_id = self.user_id(VIEWER_EMAIL)
        now = self.adapt(self.now)
        event, registration = Event._meta.db_table, Registration._meta.db_table
        attended = (
            f'SELECT r.user_id, e.id, e.title, e.starts_at, e.ends_at, e.time_zone, e.ends_at FROM "{registration}" r '
            f'JOIN "{event}" e ON e.id = r.event_id WHERE r.state = ? AND r.attended AND e.kind != ? '
            "AND e.status = ? AND e.starts_at <= ?"
        )
        completed = (
            f"SELECT c.user_id, e.id, e.title, e.starts_at, e.ends_at, e.time_zone, c.completed_at "
            f'FROM "{CourseCompletion._meta.db_table}" c JOIN "{event}" e ON e.id = c.course_id WHERE e.status = ?'
        )
        zones: dict[str, ZoneInfo] = {}

        def day(stored: str, zone: str) -> str:
            if zone not in zones:
                zones[zone] = ZoneInfo(zone)
            moment = dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC)
            return moment.astimezone(zones[zone]).date().isoformat()

        def code() -> str:
            return "-".join(
                "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH)) for _ in range(CODE_GROUPS)
            )

        def rows() -> Iterator[tuple[Any, ...]]:
            codes: set[str] = set()
            sources = (
                ("event_attendance", self.db.execute(attended, ("registered", "learning_event", "scheduled", now))),
                ("course_completion", self.db.execute(completed, ("scheduled",))),
            )
            for kind, found in sources:
                for holder, subject, title, starts, ends, zone, earliest in found.fetchall():
                    if rng.random() >= (0.75 if holder == viewer_id else 0.2):
                        continue
                    since = min(dt.datetime.fromisoformat(max(earliest, starts)).replace(tzinfo=dt.UTC), self.now)
                    issued = since + (self.now - since) * rng.random()
                    new = code()
                    while new in codes:
                        new = code()
                    codes.add(new)
                    yield (
                        kind, holder, subject, new, "", title, day(starts, zone), day(ends, zone), "en",
                        self.adapt(issued),
                    )  # fmt: skip

        def fill() -> int:
            written = table.insert(self.db, rows())
            # The holder's name and language as they are now (the ones the PDF prints).
            self.db.execute(
                f"UPDATE \"{table.name}\" SET holder_name = (SELECT trim(u.first_name || ' ' || u.last_name) "
                f'FROM "{User._meta.db_table}" u WHERE u.id = holder_id), language = (SELECT CASE WHEN '
                f"u.preferred_language = 'es' THEN 'es' ELSE 'en' END FROM \"{User._meta.db_table}\" u "
                "WHERE u.id = holder_id)"
            )
            return written

        self.load("certificates", [table.name], fill)

    def search_index(self) -> None:
        """The search app's own rebuild command, timed."""
        from django.core.management import get_commands

        if "search_rebuild" not in get_commands():
            print(f"{'search index':<28} skipped: no search_rebuild command yet")
            return
        if self.done("search index"):
            return
        from django.db import connection

        from twinning.search.services import search_rebuild

        # Django's own connection writes the index: release the exclusive lock first.
        self.db.execute("PRAGMA locking_mode=NORMAL")
        self.db.execute("PRAGMA journal_mode=WAL")
        started = time.monotonic()
        report = search_rebuild()
        connection.close()
        indexed = report.people + report.schools + report.projects + getattr(report, "ideas", 0)
        self.record("search index", indexed, time.monotonic() - started)

    def finish(self) -> None:
        started = time.monotonic()
        self.db.execute("ANALYZE")
        self.db.execute("PRAGMA optimize")
        self.db.execute("PRAGMA journal_mode=WAL")
        print(f"{'ANALYZE':<28} {'':>11}      {time.monotonic() - started:>8.1f} s")
        self.db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teachers", type=int, default=20_000)
    parser.add_argument("--schools", type=int, default=5_000)
    parser.add_argument("--relations", type=int, default=100_000, help="follows + contacts (default 100,000)")
    parser.add_argument("--posts", type=int, default=None, help="posts besides the viewer's feed (default: teachers/4)")
    parser.add_argument("--follow-share", type=float, default=FOLLOW_SHARE, help="share of follows (default 0.7)")
    parser.add_argument("--projects", type=int, default=None, help="projects (default: teachers/10)")
    parser.add_argument("--ideas", type=int, default=None, help="project ideas (default: teachers/5)")
    parser.add_argument("--events", type=int, default=None, help="events (default: teachers/10)")
    parser.add_argument("--courses", type=int, default=None, help="courses (default: teachers/2000)")
    args = parser.parse_args()
    setup_django()

    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "sqlite":
        sys.exit("bench/seed_scale.py writes SQLite databases only (DATABASE_URL=sqlite:///...).")
    call_command("migrate", verbosity=0)
    connection.close()

    generator = Generator(args)
    print(f"Generating into {generator.path}")
    generator.schools()
    generator.teachers()
    generator.follows()
    generator.contacts()
    generator.viewer()
    generator.posts()
    generator.notifications()
    generator.projects()
    generator.ideas()
    generator.events()
    generator.courses()
    generator.certificates()
    generator.search_index()
    generator.finish()
    print(f"Done in {time.monotonic() - generator.started:.1f} s")


if __name__ == "__main__":
    main()
