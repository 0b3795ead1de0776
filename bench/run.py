"""Time the pages and searches that must stay fast at scale, against the bench database.

    python bench/run.py [--requests 100] [--markdown] [--only WORD]

Pages go through Django's test client in-process (no network, no web server):
the figures are the application's own time per request, database included.
Each search is timed three ways in the same run: the whole results page, then
the search call itself (the search backend) and the raw SQL that call runs
(the statements it sends, replayed with a plain cursor), these two interleaved
on one open connection so that a busy machine or a cold cache slows both
alike; "x raw" is the search call's p50 divided by the raw SQL's p50. Prints p50 and p95 in milliseconds
and the number of SQL queries per request; asserts nothing. Run
bench/seed_scale.py first (make bench does both).
"""

import argparse
import logging
import os
import platform
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

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
    queries: int | str
    statuses: str = ""
    ratio: str = ""


def setup_django() -> None:
    # WhiteNoise warns that STATIC_ROOT was never collected; static files are not measured here.
    warnings.filterwarnings("ignore", message="No directory at")
    sys.path.insert(0, str(ROOT))
    for key, value in BENCH_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    import django

    django.setup()


def percentiles(timings: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(timings, n=100, method="inclusive")
    return statistics.median(timings), cuts[94]


def count_queries(operation: Callable[[], Any]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        operation()
    return len(captured)


def measure(name: str, client: Any, urls: list[str], requests: int) -> Result:
    """One page, `requests` times, cycling through `urls`."""
    for url in urls[:5]:  # warm caches, templates, the database's pages
        client.get(url)
    queries = count_queries(lambda: client.get(urls[0]))
    timings, statuses = [], set()
    for i in range(requests):
        url = urls[i % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        statuses.add(response.status_code)
    p50, p95 = percentiles(timings)
    return Result(name, requests, p50, p95, queries, ",".join(map(str, sorted(statuses))))


@dataclass
class Search:
    """One kind of search: for input i, its page URL, the search call, and the query the backend says it runs."""

    name: str
    count: int
    url: Callable[[int], str] | None
    call: Callable[[int], Any]
    exposed: Callable[[int], Any]  # the backend's RawQuery for input i (its first query)


def statements_of(operation: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The SQL statements and parameters an operation runs, as the database driver receives them."""
    from django.db import connection

    recorded: list[tuple[str, Any]] = []

    def recorder(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        recorded.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(recorder):
        operation()
    return recorded


def replay(statements: list[tuple[str, Any]]) -> None:
    """The raw SQL alone: each statement executed with a plain cursor and its rows fetched."""
    from django.db import connection

    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            cursor.fetchall()


def measure_search(search: Search, client: Any, requests: int) -> list[Result]:
    """Pages, then the call and its raw SQL interleaved on one open connection; the ratio is call / raw at
    p50 (and p95).

    The raw SQL is every statement the call runs for that input (recorded once,
    then replayed): for most searches exactly the backend's exposed query; when
    typos are forgiven, also the look-up of close words and the widened query.
    """
    from django.db import connection

    statements = [statements_of(partial(search.call, i)) for i in range(search.count)]
    mismatched = 0
    for i in range(search.count):
        exposed = search.exposed(i)
        first_sql, first_params = statements[i][0] if statements[i] else ("", ())
        mismatched += first_sql != exposed.sql or list(first_params or ()) != list(exposed.params)
    if mismatched:
        print(f"{search.name}: the backend's exposed query differs from what it ran for {mismatched} inputs.")
    kinds: dict[str, Callable[[int], Any]] = {
        "raw SQL": lambda i: replay(statements[i]),
        "search call": search.call,
    }
    if search.url is not None:
        url = search.url
        kinds["page"] = lambda i: client.get(url(i))
    for i in range(min(5, search.count)):
        for operation in kinds.values():
            operation(i)
    timings: dict[str, list[float]] = {kind: [] for kind in kinds}
    statuses: set[int] = set()
    # Pages first, each with its own connection as in production (SQLite: CONN_MAX_AGE 0, so every
    # request starts with an empty page cache). Then the call and its raw SQL, interleaved on one open
    # connection: a page between them would close it, and whichever ran next would pay the cold cache,
    # which on sub-millisecond queries weighs more than the search's own work.
    if "page" in kinds:
        for n in range(requests):
            started = time.perf_counter()
            outcome = kinds["page"](n % search.count)
            timings["page"].append((time.perf_counter() - started) * 1000)
            statuses.add(outcome.status_code)
    connection.ensure_connection()
    for n in range(requests):
        i = n % search.count
        order = ["raw SQL", "search call"] if n % 2 else ["search call", "raw SQL"]  # neither always first
        for kind in order:
            started = time.perf_counter()
            kinds[kind](i)
            timings[kind].append((time.perf_counter() - started) * 1000)
    results = []
    raw50, raw95 = percentiles(timings["raw SQL"])
    for kind in ("page", "search call", "raw SQL"):
        if kind not in kinds:
            continue
        p50, p95 = percentiles(timings[kind])
        queries: int | str = count_queries(partial(kinds[kind], 0))
        if kind != "page":
            # Forgiving typos costs more statements for some inputs: show the range over all inputs.
            fewest, most = min(map(len, statements)), max(map(len, statements))
            queries = most if fewest == most else f"{fewest}-{most}"
        result = Result(f"{search.name}: {kind}", requests, p50, p95, queries)
        if kind == "page":
            result.statuses = ",".join(map(str, sorted(statuses)))
        if kind == "search call":
            result.ratio = f"{p50 / raw50:.2f} ({p95 / raw95:.2f})"
        results.append(result)
    return results


def typo(word: str, rng: Any) -> str:
    """One believable slip: two neighbouring letters swapped, or one letter dropped."""
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i + 1 :]


def searches(viewer: Any, rng: Any) -> list[Search]:
    """The people, school and project searches of the search app, when it is there."""
    from urllib.parse import urlencode

    from django.db import DatabaseError
    from django.urls import NoReverseMatch, reverse

    from twinning.accounts.models import User
    from twinning.schools.models import School

    try:
        from twinning.search.backends import get_backend
        from twinning.search.backends.base import PeopleFilters, SchoolFilters
        from twinning.search.documents import query_terms
        from twinning.search.selectors import viewer_scope
    except ImportError:
        print("Search: the search app's backend is not there yet; searches skipped.")
        return []
    backend = get_backend()
    scope = viewer_scope(viewer)

    def page(name: str) -> Callable[[dict[str, str]], str] | None:
        try:
            base = reverse(name)
        except NoReverseMatch:
            print(f"Search: no page named {name!r}; its searches are timed without the page.")
            return None
        return lambda query: f"{base}?{urlencode(query, doseq=True)}"

    # Inputs taken from the data: names as typed in full, prefixes, typos; school words; filter sets.
    last_id = User.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    sample = sorted(rng.sample(range(1, last_id), k=min(300, last_id - 1)))
    people = list(User.objects.filter(pk__in=sample).values_list("first_name", "last_name")[:200])
    schools = list(School.objects.filter(pk__in=sample).values_list("name", "country")[:200])
    full_names = [f"{first} {last}" for first, last in people[:40]]
    prefixes = [last[: max(3, len(last) // 2)] for _first, last in people[40:80]]
    typos = [typo(last, rng) for _first, last in people[80:160] if len(last) >= 6][:30]
    school_words = [(" ".join(name.split()[:2]), country) for name, country in schools[:60]]
    school_prefixes = [name.split()[-1][:4] for name, _country in schools[60:120]]
    countries = ["ES", "FR", "IT", "DE", "PL", "PT", "RO", "TR", "GR", "UA"]
    subjects = ["maths", "history", "foreign-languages", "art", "biology", "geography", "music", "computing"]
    languages = ["fr", "de", "es", "it"]
    filter_sets = [(rng.choice(countries), rng.choice(subjects), rng.choice(languages)) for _ in range(40)]

    people_page = page("search:people")
    schools_page = page("search:schools")

    def people_search(
        name: str, queries: list[str], filters: list[PeopleFilters], urls: list[dict[str, str]]
    ) -> Search:
        def call(i: int) -> Any:
            return backend.search_people(viewer=scope, terms=query_terms(queries[i]), filters=filters[i])

        def exposed(i: int) -> Any:
            terms = query_terms(queries[i])
            return backend.people_query(viewer=scope, terms=terms, filters=filters[i], limit=20, offset=0)

        url = (lambda i: people_page(urls[i])) if people_page else None
        return Search(name, len(queries), url, call, exposed)

    def school_search(
        name: str, queries: list[str], filters: list[SchoolFilters], urls: list[dict[str, str]]
    ) -> Search:
        def call(i: int) -> Any:
            return backend.search_schools(terms=query_terms(queries[i]), filters=filters[i])

        def exposed(i: int) -> Any:
            return backend.school_query(terms=query_terms(queries[i]), filters=filters[i], limit=20, offset=0)

        url = (lambda i: schools_page(urls[i])) if schools_page else None
        return Search(name, len(queries), url, call, exposed)

    def names(name: str, queries: list[str]) -> Search:
        return people_search(name, queries, [PeopleFilters()] * len(queries), [{"q": q} for q in queries])

    advanced = people_search(
        "Advanced search: country + subject + language",
        [""] * len(filter_sets),
        [PeopleFilters(countries=(c,), subjects=(s,), languages=(la,)) for c, s, la in filter_sets],
        [{"country": c, "subject": s, "language": la} for c, s, la in filter_sets],
    )
    school_by_country = school_search(
        "School search: name + country",
        [words for words, _country in school_words],
        [SchoolFilters(countries=(country,)) for _words, country in school_words],
        [{"q": words, "country": country} for words, country in school_words],
    )
    school_everywhere = school_search(
        "School search: prefix, every country",
        school_prefixes,
        [SchoolFilters()] * len(school_prefixes),
        [{"q": prefix} for prefix in school_prefixes],
    )
    try:
        replay(statements_of(partial(school_everywhere.call, 0)))
    except DatabaseError as error:
        print(f"Search: the index is not there ({error}); run manage.py search_rebuild. Searches skipped.")
        return []
    return [
        *project_searches(viewer, rng, backend, page),
        *idea_searches(viewer, rng, backend, page),
        names("Name search: first and last name", full_names),
        names("Name search: prefix of a last name", prefixes),
        names("Name search: last name with a typo", typos),
        advanced,
        school_by_country,
        school_everywhere,
    ]


def project_searches(viewer: Any, rng: Any, backend: Any, page: Callable[[str], Any]) -> list[Search]:
    """Project searches (keywords, a typo, filters, a member's own drafts), as the signed-in viewer
    (public projects and their own) and as a visitor (public projects only)."""
    from django.db import DatabaseError

    try:
        from twinning.projects.models import Project
        from twinning.search.backends.base import ProjectFilters
        from twinning.search.documents import query_terms
        from twinning.search.selectors import project_viewer
    except ImportError:
        return []
    last_id = Project.objects.order_by("-pk").values_list("pk", flat=True).first()
    if not last_id or last_id < 10:
        print("Search: fewer than 10 projects; project searches skipped.")
        return []
    sample = sorted(rng.sample(range(1, last_id + 1), k=min(200, last_id)))
    titles = [title.split() for title in Project.objects.filter(pk__in=sample).values_list("title", flat=True)]
    one_word = [words[0][: max(4, len(words[0]) - 2)] for words in titles[:40]]
    two_words = [" ".join(words[:2]) for words in titles[40:100] if len(words) >= 2][:40]
    typos = [typo(word, rng) for words in titles[100:200] for word in words[:1] if len(word) >= 6][:30]
    subjects = ["maths", "history", "art", "biology", "geography", "music", "computing", "environment"]
    ages = ["7-9", "10-12", "13-15", "16-19"]
    languages = ["en", "fr", "de", "es", "it", "pl"]
    countries = ["ES", "FR", "IT", "DE", "PL", "PT", "RO", "TR", "GR", "UA"]
    filter_sets = [
        (rng.choice(subjects), rng.choice(ages), rng.choice(languages), rng.choice(countries)) for _ in range(40)
    ]
    member, visitor = project_viewer(viewer), project_viewer(_Visitor())
    projects_page = page("search:projects")

    def search(name: str, queries: list[str], filters: list[Any], urls: list[dict[str, str]], who: Any) -> Search:
        def call(i: int) -> Any:
            return backend.search_projects(viewer=who, terms=query_terms(queries[i]), filters=filters[i])

        def exposed(i: int) -> Any:
            terms = query_terms(queries[i])
            return backend.project_query(viewer=who, terms=terms, filters=filters[i], limit=20, offset=0)

        # The pages are requested by the signed-in viewer: only the member's searches time them.
        url = (lambda i: projects_page(urls[i])) if projects_page and who is member else None
        return Search(name, len(queries), url, call, exposed)

    def words(name: str, queries: list[str], who: Any) -> Search:
        return search(name, queries, [ProjectFilters()] * len(queries), [{"q": q} for q in queries], who)

    filters = [
        ProjectFilters(subjects=(s,), age_bands=(a,), languages=(la,), countries=(c,)) for s, a, la, c in filter_sets
    ]
    filter_urls = [{"subject": s, "age": a, "language": la, "country": c} for s, a, la, c in filter_sets]
    found = [
        words("Project search: a keyword (member)", one_word, member),
        words("Project search: two keywords (member)", two_words, member),
        words("Project search: a keyword with a typo (member)", typos, member),
        search("Project search: subject + age + language + country (member)", [""] * 40, filters, filter_urls, member),
        search(
            "Project search: subject + age + language + country (visitor)", [""] * 40, filters, filter_urls, visitor
        ),
        search(
            "Project search: my drafts (member)",
            [""] * 10,
            [ProjectFilters(statuses=("draft",))] * 10,
            [{"status": "draft"}] * 10,
            member,
        ),
        words("Project search: a keyword (visitor)", one_word, visitor),
    ]
    try:
        replay(statements_of(partial(found[0].call, 0)))
    except DatabaseError as error:
        print(f"Search: no project index ({error}); run manage.py search_rebuild. Project searches skipped.")
        return []
    return found


def idea_searches(viewer: Any, rng: Any, backend: Any, page: Callable[[str], Any]) -> list[Search]:
    """Project-idea searches of the partner-finding forums (keywords, a typo, filters, closed ideas
    included, a forum), as the signed-in viewer (ideas of validated authors and their own held ones)."""
    from django.db import DatabaseError

    try:
        from twinning.forums.models import Category, Idea
        from twinning.search.backends.base import IdeaFilters
        from twinning.search.documents import query_terms
    except ImportError:
        return []
    last_id = Idea.objects.order_by("-pk").values_list("pk", flat=True).first()
    if not last_id or last_id < 10:
        print("Search: fewer than 10 project ideas; idea searches skipped.")
        return []
    sample = sorted(rng.sample(range(1, last_id + 1), k=min(200, last_id)))
    titles = [title.split() for title in Idea.objects.filter(pk__in=sample).values_list("title", flat=True)]
    one_word = [words[0][: max(4, len(words[0]) - 2)] for words in titles[:40]]
    two_words = [" ".join(words[:2]) for words in titles[40:100] if len(words) >= 2][:40]
    typos = [typo(word, rng) for words in titles[100:200] for word in words[:1] if len(word) >= 6][:30]
    categories = list(Category.objects.values_list("pk", "slug"))
    subjects = ["maths", "history", "art", "biology", "geography", "music", "computing", "environment"]
    ages = ["7-9", "10-12", "13-15", "16-19"]
    languages = ["en", "fr", "de", "es", "it", "pl"]
    countries = ["ES", "FR", "IT", "DE", "PL", "PT", "RO", "TR", "GR", "UA"]
    filter_sets = [
        (rng.choice(subjects), rng.choice(ages), rng.choice(languages), rng.choice(countries)) for _ in range(40)
    ]
    ideas_page = page("search:ideas")

    def search(name: str, queries: list[str], filters: list[Any], urls: list[dict[str, str]]) -> Search:
        def call(i: int) -> Any:
            return backend.search_ideas(viewer_id=viewer.pk, terms=query_terms(queries[i]), filters=filters[i])

        def exposed(i: int) -> Any:
            terms = query_terms(queries[i])
            return backend.idea_query(viewer_id=viewer.pk, terms=terms, filters=filters[i], limit=20, offset=0)

        url = (lambda i: ideas_page(urls[i])) if ideas_page else None
        return Search(name, len(queries), url, call, exposed)

    def words(name: str, queries: list[str]) -> Search:
        return search(name, queries, [IdeaFilters()] * len(queries), [{"q": q} for q in queries])

    filters = [
        IdeaFilters(subjects=(s,), age_bands=(a,), languages=(la,), countries=(c,)) for s, a, la, c in filter_sets
    ]
    filter_urls = [{"subject": s, "age": a, "language": la, "country": c} for s, a, la, c in filter_sets]
    found = [
        words("Idea search: a keyword", one_word),
        words("Idea search: two keywords", two_words),
        words("Idea search: a keyword with a typo", typos),
        search("Idea search: subject + age + language + country", [""] * 40, filters, filter_urls),
        search(
            "Idea search: a keyword + age, closed included",
            one_word,
            [IdeaFilters(age_bands=(ages[i % 4],), include_closed=True) for i in range(len(one_word))],
            [{"q": q, "age": ages[i % 4], "closed": "on"} for i, q in enumerate(one_word)],
        ),
        search(
            "Idea search: a forum, newest",
            [""] * len(categories),
            [IdeaFilters(categories=(pk,)) for pk, _slug in categories],
            [{"category": slug} for _pk, slug in categories],
        ),
    ]
    try:
        replay(statements_of(partial(found[0].call, 0)))
    except DatabaseError as error:
        print(f"Search: no idea index ({error}); run manage.py search_rebuild. Idea searches skipped.")
        return []
    return found


def project_pages(
    viewer: Any, officer: Any, member: Any, staff: Any, optional_page: Callable[..., Result | None]
) -> list:
    """The viewer's Projects tab, their open projects' pages, Spain's project approval queue and the
    viewer's open TwinSpaces (Home and Pages), when the apps are there."""
    try:
        from twinning.projects.models import Partner, Project
        from twinning.projects.selectors import step_queue
        from twinning.twinspace.models import Membership, Page, Update
    except ImportError:
        return []
    mine = Partner.objects.filter(teacher=viewer, state__in=[Partner.State.INVITED, Partner.State.ACTIVE])
    by_status = Counter(mine.values_list("project__status", flat=True))
    open_projects = list(
        mine.filter(state=Partner.State.ACTIVE, project__status=Project.Status.OPEN)
        .order_by("project_id")
        .values_list("project_id", flat=True)
    )
    spaces = list(
        Membership.objects.filter(user=viewer, twinspace__is_closed=False)
        .order_by("twinspace_id")
        .values_list("twinspace_id", flat=True)
    )
    queue = step_queue(officer=officer).count()
    updates = Update.objects.filter(twinspace_id__in=spaces).count()
    pages = Page.objects.filter(twinspace_id__in=spaces).count()
    states = ", ".join(f"{n} {status}" for status, n in sorted(by_status.items()))
    print(
        f"Projects: the viewer takes part in {sum(by_status.values())} ({states}); {len(open_projects)} open "
        f"project pages, {len(spaces)} open TwinSpaces ({updates:,} updates, {pages:,} pages); "
        f"{queue:,} steps in the queue of Spain's NSS."
    )
    return [
        optional_page(f"Projects tab ({sum(by_status.values())} projects)", "projects:index", member),
        optional_page("Project page, open, founder's full view", "projects:detail", member, open_projects),
        optional_page(f"Project approval queue (NSS Spain, {queue:,} waiting)", "support:projects", staff),
        optional_page(
            f"TwinSpace Home ({updates // max(len(spaces), 1)} updates each)", "twinspace:home", member, spaces
        ),
        optional_page(
            f"TwinSpace Pages ({pages // max(len(spaces), 1)} pages each)", "twinspace:pages", member, spaces
        ),
    ]


def event_pages(viewer: Any, member: Any, anonymous: Any, optional_page: Callable[..., Result | None]) -> list:
    """Events (list, month calendar, an event's page, the participants of the viewer's full 100-place
    events), courses (catalogue, the viewer's learning events with their activities), the viewer's
    certificates and the public verification of a code, genuine and forged, when the apps are there."""
    try:
        from twinning.certificates.models import CODE_ALPHABET, Certificate
        from twinning.events.models import COURSE_KINDS, Event, Registration
        from twinning.events.selectors import calendar_month
        from twinning.learning.models import Course, CourseActivity
    except ImportError:
        return []
    import random

    from django.utils import timezone

    now = timezone.now()
    rng = random.Random(SEED + 3)
    events = Event.objects.exclude(kind__in=COURSE_KINDS)
    upcoming = list(
        events.filter(visibility=Event.Visibility.PUBLIC, status=Event.Status.SCHEDULED, ends_at__gt=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    upcoming = sorted(rng.sample(upcoming, k=min(100, len(upcoming))))
    full = list(
        events.filter(organiser=viewer, capacity=100, seats_taken=100)
        .order_by("starts_at")
        .values_list("pk", flat=True)
    )
    learning = list(
        Course.objects.filter(
            event__kind=Event.Kind.LEARNING_EVENT,
            event__registrations__user=viewer,
            event__registrations__state=Registration.State.REGISTERED,
            pk__in=CourseActivity.objects.values("course_id"),
        )
        .order_by("event__starts_at")
        .values_list("pk", flat=True)
    )
    today = timezone.localdate()
    weeks = calendar_month(viewer=viewer, year=today.year, month=today.month)
    in_month = sum(len(day.events) for week in weeks for day in week if day.in_month)
    mine = Certificate.objects.filter(holder=viewer).count()
    codes = list(Certificate.objects.order_by("?").values_list("code", flat=True)[:100])
    forged = ["-".join("".join(rng.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(4)) for _ in range(100)]
    forged = [code for code in forged if not Certificate.objects.filter(code=code).exists()]
    registrations = Registration.objects.count()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # a forged code answers 404: not worth a line each
    print(
        f"Events: {events.count():,} events ({Event.objects.filter(kind__in=COURSE_KINDS).count():,} more under "
        f"{Course.objects.count():,} courses), {registrations:,} registrations, {Certificate.objects.count():,} "
        f"certificates; {in_month:,} event-days in this month's calendar; the viewer organises "
        f"{events.filter(organiser=viewer).count()} events ({len(full)} full with 100 places), holds "
        f"{mine} certificates and a place in {len(learning)} learning events with activities."
    )
    return [
        optional_page("Events list, first page", "events:index", member),
        optional_page(f"Month calendar ({in_month:,} event-days)", "events:calendar", member),
        optional_page("Event page, upcoming public event", "events:detail", member, upcoming),
        optional_page("Participants, full 100-place event (organiser)", "events:participants", member, full),
        optional_page("Course catalogue, first page", "learning:courses", member),
        optional_page("Course catalogue, applications open", "learning:courses", member, query="window=open"),
        optional_page("Course page with activities (participant)", "learning:course", member, learning),
        optional_page(f"My certificates ({mine} issued)", "certificates:index", member),
        optional_page("Certificate verification, genuine code", "certificates:verify_code", anonymous, codes),
        optional_page("Certificate verification, forged code", "certificates:verify_code", anonymous, forged),
    ]


class _Visitor:
    """Someone who is not signed in, for the project search."""

    pk = None
    is_authenticated = False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="requests per page (default 100)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--only", default="", help="run only the rows whose name contains this word")
    args = parser.parse_args()
    setup_django()

    import random
    import sqlite3

    from django.db import connection
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from twinning.accounts.models import User
    from twinning.network.models import Contact, Follow
    from twinning.profiles.models import Audience, Profile
    from twinning.schools.models import School

    try:
        viewer = User.objects.get(email=f"viewer@{BENCH_DOMAIN}")
        officer = User.objects.get(email=f"national@{BENCH_DOMAIN}")
    except User.DoesNotExist:
        sys.exit("No bench data: run bench/seed_scale.py first (or make bench).")

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
    find_school = [
        reverse("schools:add") + f"?q={name.split()[-1][:5]}&country={country}" for name, country in names if name
    ]

    member, anonymous, staff = Client(), Client(), Client()
    member.force_login(viewer)
    staff.force_login(officer)
    profile = [reverse("profiles:detail", args=[pk]) for pk in member_visible]
    public_profile = [reverse("profiles:detail", args=[pk]) for pk in public]

    def wanted(name: str) -> bool:
        return args.only.lower() in name.lower()

    def optional_page(
        name: str, url_name: str, client: Any, pks: Sequence[int | str] | None = None, query: str = ""
    ) -> Result | None:
        """One page, or the same page for each of `pks` in turn (with `query` as its query string); skipped
        when the page does not exist yet."""
        if pks is not None and not pks:
            print(f"{name}: no rows for it in the bench data; skipped.")
            return None
        try:
            urls = [reverse(url_name, args=[pk]) for pk in pks] if pks is not None else [reverse(url_name)]
            urls = [f"{url}?{query}" if query else url for url in urls]
        except NoReverseMatch:
            print(f"{name}: no page named {url_name!r} yet; skipped.")
            return None
        return measure(name, client, urls, args.requests) if wanted(name) else None

    following = Follow.objects.filter(follower=viewer).count()
    results: list[Result | None] = [
        measure("Profile page, signed-in member", member, profile, args.requests) if wanted("Profile") else None,
        measure("Public profile page, anonymous", anonymous, public_profile, args.requests)
        if wanted("Public profile")
        else None,
        optional_page(f"Home feed (following {following:,})", "home", member),
        optional_page("Messages inbox", "messaging:inbox", member),
        optional_page("Notifications list", "notifications:list", member),
        optional_page("Validation queue, first page (NSS Spain)", "support:index", staff),
        *project_pages(viewer, officer, member, staff, optional_page),
        *event_pages(viewer, member, anonymous, optional_page),
        measure("Find a school (sign-up): name + country", member, find_school, args.requests)
        if wanted("Find a school")
        else None,
    ]
    for search in searches(viewer, rng):
        if wanted(search.name):
            results.extend(measure_search(search, member, args.requests))

    db = connection.settings_dict
    print(
        f"{User.objects.count():,} users, {School.objects.count():,} schools, "
        f"{Follow.objects.count():,} follows, {Contact.objects.count():,} contacts; {connection.vendor} "
        f"{sqlite3.sqlite_version if connection.vendor == 'sqlite' else ''} {db['NAME']}"
    )
    print(f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs; {platform.platform()}")
    header = ("page", "requests", "p50 ms", "p95 ms", "queries", "status", "x raw p50 (p95)")
    rows = [
        (r.name, str(r.requests), f"{r.p50:.1f}", f"{r.p95:.1f}", str(r.queries), r.statuses, r.ratio)
        for r in results
        if r is not None
    ]
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join(["---"] + ["---:"] * 4 + ["---", "---:"]) + "|")
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
