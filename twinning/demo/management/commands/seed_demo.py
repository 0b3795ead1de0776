"""Fills the database with a believable community of schools, teachers and support staff.

Deterministic (seeded random) and idempotent: when the demo teacher account
already exists, nothing is written. Rows are created with bulk_create for
speed, so the command keeps by hand the invariants the services keep
otherwise: one profile per user, `User.is_validated` true exactly when a
current employment is validated, verified email addresses.
"""

import datetime as dt
import io
import random
import time
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.text import slugify

from twinning.accounts.models import SupportService, User
from twinning.activity.models import ActivityItem, FeedEntry, Post
from twinning.activity.services import post_create
from twinning.core.vocabularies import (
    COUNTRIES,
    COUNTRY_NAMES,
    LANGUAGE_NAMES,
    REGION_NAMES,
    SUBJECT_NAMES,
    SUBJECTS,
    is_plus_country,
)
from twinning.demo import data
from twinning.discussions.permissions import ForumAccess
from twinning.discussions.services import post_reply, thread_start
from twinning.documents.permissions import LibraryAccess
from twinning.documents.services import document_upload
from twinning.events.models import Event
from twinning.events.services import attendance_mark, event_cancel, event_create, event_invite, register
from twinning.forums.models import Category
from twinning.forums.permissions import idea_access
from twinning.forums.services import idea_close, idea_publish
from twinning.groups.models import Group
from twinning.groups.permissions import group_access
from twinning.groups.services import (
    activity_create,
    activity_forum_access,
    group_approve,
    group_create_central,
    group_invite,
    group_join,
    group_request,
)
from twinning.learning import courses as course_services
from twinning.learning.models import Course, Module, Question, Step
from twinning.learning.services import check_submit, step_visit
from twinning.messaging.services import conversation_mark_read, conversation_start, message_send
from twinning.network.selectors import are_contacts, contacts_of
from twinning.network.services import contact_create, contact_invitation_accept, contact_invite, follow_create
from twinning.profiles.models import Audience, Profile
from twinning.progress.models import ProgressAction
from twinning.projects.kits import kit_create
from twinning.projects.models import ApprovalStep, Kit, Partner, Project
from twinning.projects.selectors import invitation_refusals
from twinning.projects.services import (
    cofounder_invite,
    head_teacher_link_token,
    invitation_accept,
    invitation_decline,
    partner_invite,
    project_close,
    project_found,
    project_image_set,
    step_approve,
    step_decide_by_head_teacher_link,
    step_reject,
)
from twinning.schools.models import Employment, School
from twinning.search.services import search_rebuild
from twinning.twinspace.engines import board_access, forum_access, library_access
from twinning.twinspace.models import Pupil
from twinning.twinspace.pages import page_create
from twinning.twinspace.permissions import space_access
from twinning.twinspace.pupils import pupils_create
from twinning.twinspace.services import comment_add, update_post, update_set_pinned

DEMO_PASSWORD = "twinning-demo"  # noqa: S105 - published in the README on purpose
DEMO_DOMAIN = "twinning.test"
DEMO_TEACHER = f"demo.teacher@{DEMO_DOMAIN}"
SEED = 2026

# The accounts listed in the README: (email, first name, last name).
STAFF_ACCOUNTS = {
    "nss_es": (f"demo.nss.es@{DEMO_DOMAIN}", "Elena", "Sanz"),
    "nss_fr": (f"demo.nss.fr@{DEMO_DOMAIN}", "Julien", "Bernard"),
    "region_an": (f"demo.region.an@{DEMO_DOMAIN}", "Rocío", "Moreno"),
    "css": (f"demo.css@{DEMO_DOMAIN}", "Anna", "Novak"),
}

AGE_BANDS_BY_TYPE = {
    "primary": ["4-6", "7-9", "10-12"],
    "lower-secondary": ["10-12", "13-15"],
    "upper-secondary": ["13-15", "16-19"],
}
UPPER_SECONDARY_WORDS = ["videregående", "Gymnasium", "gymnasium"]


def school_type_for(name: str) -> str:
    if any(word in name for word in UPPER_SECONDARY_WORDS):
        return "upper-secondary"
    if any(word in name for word in data.PRIMARY_WORDS):
        return "primary"
    if any(word in name for word in data.LOWER_SECONDARY_WORDS):
        return "lower-secondary"
    return "upper-secondary"


def email_part(text: str) -> str:
    return slugify(text).replace("-", "") or "x"


@dataclass
class Person:
    """A user to create, with the rows that hang from it."""

    user: User
    country: str
    profile: Profile | None = None
    employments: list[Employment] = field(default_factory=list)
    progress: list[str] = field(default_factory=list)


class Command(BaseCommand):
    help = "Create demo schools, teachers and support staff (idempotent; deterministic)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--teachers", type=int, default=800, help="Number of generated teachers (default 800).")
        parser.add_argument("--schools", type=int, default=400, help="Number of generated schools (default 400).")

    def handle(self, *args: Any, teachers: int, schools: int, **options: Any) -> None:
        if User.objects.filter(email=DEMO_TEACHER).exists():
            self.stdout.write(f"Demo data already present ({DEMO_TEACHER} exists): nothing to do.")
            return
        if schools < 2 or teachers < 1:
            self.stderr.write("Need at least 2 schools and 1 teacher.")
            return
        started = time.monotonic()
        with translation.override("en"), transaction.atomic():
            summary = Seeder(teachers=teachers, schools=schools).run()
        # Rows were bulk-created, which the search index does not see: fill it from the tables.
        report = search_rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data created in {time.monotonic() - started:.1f} s: {summary}; "
                f"{report.people} people, {report.schools} schools, {report.projects} projects and {report.ideas} "
                f"ideas in the search index. "
                f"Sign in as {DEMO_TEACHER} with the password {DEMO_PASSWORD!r}."
            )
        )


class Seeder:
    def __init__(self, *, teachers: int, schools: int) -> None:
        self.rng = random.Random(SEED)
        self.n_teachers = teachers
        self.n_schools = schools
        self.password = make_password(DEMO_PASSWORD)  # hashed once, shared by every demo account
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.people: list[Person] = []
        self.time_zones = zoneinfo.available_timezones()

    # --- helpers -----------------------------------------------------------

    def days_ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)

    def moment(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC) + dt.timedelta(minutes=self.rng.randint(0, 600))

    def name_for(self, country: str) -> tuple[str, str]:
        first_names, last_names = data.NAMES[data.COUNTRY_NAME_GROUP[country]]
        return self.rng.choice(first_names), self.rng.choice(last_names)

    def new_user(self, *, email: str, first: str, last: str, country: str, **extra: Any) -> Person:
        zone = data.TIME_ZONES.get(country, "Europe/Brussels")
        joined = self.now - dt.timedelta(days=self.rng.randint(15, 1100))
        user = User(
            email=email.lower(),
            first_name=first,
            last_name=last,
            password=self.password,
            preferred_language="es" if country == "ES" and self.rng.random() < 0.7 else "en",
            time_zone=zone if zone in self.time_zones else "Europe/Brussels",
            date_joined=joined,
            last_login=joined + dt.timedelta(days=self.rng.randint(0, 10)) if self.rng.random() < 0.9 else None,
            **extra,
        )
        person = Person(user=user, country=country)
        self.people.append(person)
        return person

    def employ(
        self, person: Person, school: School, *, role: str = Employment.Role.TEACHER, validated: bool = True, **kw: Any
    ) -> Employment:
        start = kw.pop("start_date", None) or self.days_ago(self.rng.randint(60, 3000))
        employment = Employment(
            teacher=person.user,
            school=school,
            role=role,
            start_date=start,
            validation=Employment.Validation.VALIDATED if validated else Employment.Validation.PENDING,
            **kw,
        )
        if validated:
            employment.validated_via = self.rng.choice(list(Employment.ValidatedVia.values))
            employment.decided_at = self.moment(min(start + dt.timedelta(days=self.rng.randint(1, 20)), self.today))
            employment.decision_notified_at = employment.decided_at  # the teacher was told at the time
            if employment.validated_via == Employment.ValidatedVia.SUPPORT:
                employment.decided_by = self.officers.get(school.country)
        elif self.rng.random() < 0.6:
            employment.head_teacher_link_sent_at = self.now - dt.timedelta(days=self.rng.randint(1, 12))
        person.employments.append(employment)
        return employment

    # --- steps -------------------------------------------------------------

    def run(self) -> str:
        services = self.create_support_services()
        self.create_staff(services)
        schools = self.create_schools()
        self.create_teachers(schools)
        self.create_demo_teachers(schools)
        self.save_people()
        self.add_demo_photo()
        self.create_network()
        projects = DemoProjects(self).run()
        groups = DemoGroups(self).run()
        ideas = DemoIdeas(self).run()
        events = DemoEvents(self).run()
        modules = DemoModules(self).run()
        courses = DemoCourses(self).run()
        registered = [s for s in schools if not s.is_verified]
        for school in registered:
            school.registered_by = next(
                (e.teacher for p in self.people for e in p.employments if e.school is school), None
            )
        School.objects.bulk_update(registered, ["registered_by"])
        countries = len({s.country for s in schools})
        teachers = sum(1 for p in self.people if p.employments)
        return (
            f"{len(services)} support services, {countries} countries, {len(schools)} schools, "
            f"{teachers} teachers, {projects}, {groups}, {ideas}, {events}, {modules}, {courses}"
        )

    def create_support_services(self) -> list[SupportService]:
        wanted = [(SupportService.Kind.CENTRAL, "", "", "Central Support Service")]
        wanted += [
            (SupportService.Kind.NATIONAL, code, "", f"National Support Service {COUNTRY_NAMES[code]}")
            for code, _label in COUNTRIES
        ]
        wanted += [
            (SupportService.Kind.REGIONAL, "ES", region, f"Regional representative {REGION_NAMES[region]}")
            for region in ("ES-AN", "ES-CT")
        ]
        services = []
        for kind, country, region, name in wanted:
            service, _created = SupportService.objects.get_or_create(
                kind=kind, country=country, region=region, defaults={"name": name}
            )
            services.append(service)
        return services

    def create_staff(self, services: list[SupportService]) -> None:
        by_scope = {(s.kind, s.country, s.region): s for s in services}
        scopes = {
            "nss_es": ("national", "ES", ""),
            "nss_fr": ("national", "FR", ""),
            "region_an": ("regional", "ES", "ES-AN"),
            "css": ("central", "", ""),
        }
        self.staff_services: list[tuple[Person, SupportService]] = []
        self.officers: dict[str, User] = {}
        for key, (email, first, last) in STAFF_ACCOUNTS.items():
            scope = scopes[key]
            person = self.new_user(email=email, first=first, last=last, country=scope[1] or "BE")
            self.staff_services.append((person, by_scope[scope]))
            if key in ("nss_es", "nss_fr"):
                self.officers[scope[1]] = person.user
        admin = self.new_user(
            email=f"admin@{DEMO_DOMAIN}", first="Site", last="Administrator", country="BE", is_staff=True
        )
        admin.user.is_superuser = True

    def countries_in_use(self) -> list[str]:
        codes = ["ES", "FR"] + [code for code, _label in COUNTRIES if code not in ("ES", "FR")]
        return codes[: self.n_schools]

    def create_schools(self) -> list[School]:
        countries = self.countries_in_use()
        n_spain = max(2, round(self.n_schools * 0.12))
        rest = countries[1:]
        used: set[tuple[str, str]] = set()
        schools = []
        for i in range(self.n_schools):
            country = "ES" if i < n_spain or not rest else rest[(i - n_spain) % len(rest)]
            cities = data.CITIES[country]
            # The first Spanish schools are in Andalusia and Catalonia, for the regional officers.
            city, region = cities[{0: 0, 1: 4}[i]] if i < 2 else self.rng.choice(cities)
            patterns, words = data.SCHOOL_PATTERNS.get(country, (data.ENGLISH_PATTERNS, data.ENGLISH_NAMES))
            name = ""
            for _attempt in range(8):
                name = self.rng.choice(patterns).format(x=self.rng.choice(words), city=city, n=self.rng.randint(1, 40))
                if (name, city) not in used:
                    break
            else:
                name = f"{name} {self.rng.randint(2, 99)}"
            used.add((name, city))
            school_type = school_type_for(name)
            head_first, head_last = self.name_for(country)
            verified = i < 2 or self.rng.random() > 0.08
            schools.append(
                School(
                    name=name,
                    country=country,
                    region=region,
                    city=city,
                    postcode=f"{self.rng.randint(1000, 99999):05d}",
                    school_type=school_type,
                    age_bands=AGE_BANDS_BY_TYPE[school_type],
                    website=f"https://{slugify(name)}.example.org" if self.rng.random() < 0.5 else "",
                    head_teacher_name=f"{head_first} {head_last}",
                    head_teacher_email=f"{email_part(head_first)}.{email_part(head_last)}.head{i}@demo.{DEMO_DOMAIN}",
                    is_verified=verified,
                    verified_at=self.moment(self.days_ago(self.rng.randint(30, 1500))) if verified else None,
                )
            )
        return School.objects.bulk_create(schools)

    def create_teachers(self, schools: list[School]) -> None:
        heads_wanted = min(self.n_teachers // 2, round(len(schools) * 0.6))
        candidates = [s for s in schools[2:] if s.is_verified]
        head_schools = self.rng.sample(candidates, k=min(heads_wanted, len(candidates)))
        for school in head_schools:
            first, last = school.head_teacher_name.split(" ", 1)
            person = self.new_user(email=school.head_teacher_email, first=first, last=last, country=school.country)
            self.employ(person, school, role=Employment.Role.HEAD_TEACHER)
            self.fill_profile(person, school)
        by_country: dict[str, list[School]] = {}
        for school in schools:
            by_country.setdefault(school.country, []).append(school)
        for i in range(self.n_teachers - len(head_schools)):
            school = schools[i % 2] if i < 8 else self.rng.choice(schools)
            first, last = self.name_for(school.country)
            person = self.new_user(
                email=f"{email_part(first)}.{email_part(last)}.{i}@demo.{DEMO_DOMAIN}",
                first=first,
                last=last,
                country=school.country,
            )
            validated = school.is_verified and self.rng.random() > 0.08
            role = Employment.Role.OTHER_STAFF if self.rng.random() < 0.04 else Employment.Role.TEACHER
            current = self.employ(person, school, role=role, validated=validated)
            others = [s for s in by_country[school.country] if s is not school]
            if others and self.rng.random() < 0.25:
                past_end = current.start_date - dt.timedelta(days=1)
                self.employ(
                    person,
                    self.rng.choice(others),
                    start_date=past_end - dt.timedelta(days=self.rng.randint(365, 3000)),
                    end_date=past_end,
                )
            elif others and self.rng.random() < 0.06:
                second = self.rng.choice(others)
                self.employ(person, second, validated=validated and second.is_verified)
            self.fill_profile(person, school)

    def fill_profile(self, person: Person, school: School, **overrides: Any) -> None:
        rng = self.rng
        languages = list(data.COUNTRY_LANGUAGES[school.country][: rng.randint(1, 2)])
        if rng.random() < 0.85:
            languages.append("en")
        if rng.random() < 0.3:
            languages.append(rng.choice(["fr", "de", "es", "it"]))
        languages = list(dict.fromkeys(languages))
        subjects = rng.sample([code for code, _label in SUBJECTS], k=rng.randint(1, 3))
        age_bands = rng.sample(school.age_bands, k=rng.randint(1, len(school.age_bands)))
        interests = rng.sample(data.INTERESTS, k=rng.randint(0, 4))
        about = ""
        if rng.random() < 0.55:
            about = rng.choice(data.ABOUT_TEXTS).format(
                subject=SUBJECT_NAMES[subjects[0]],
                ages="-".join([age_bands[0].split("-")[0], age_bands[-1].split("-")[-1]]),
                city=school.city,
                languages=", ".join(str(LANGUAGE_NAMES[code]) for code in languages),
                interest=interests[0] if interests else "languages",
            )
        visibility = rng.choices([Audience.EVERYONE, Audience.MEMBERS, Audience.CONTACTS], weights=[40, 45, 15])[0]
        plus_chance = 0.6 if is_plus_country(school.country) else 0.25
        values = {
            "about": about,
            "subjects": subjects,
            "languages": languages,
            "age_bands": sorted(age_bands),
            "interests": interests,
            "available_for_projects": rng.random() < 0.85,
            "available_for_plus": rng.random() < plus_chance,
            "visibility": visibility,
            "hide_from_search_engines": visibility != Audience.EVERYONE or rng.random() < 0.4,
            "email_visibility": rng.choice([Audience.MEMBERS, Audience.CONTACTS, Audience.CONTACTS, Audience.NOBODY]),
            "messages_from": rng.choice([Audience.MEMBERS, Audience.MEMBERS, Audience.CONTACTS]),
        }
        values.update(overrides)
        person.profile = Profile(user=person.user, **values)
        if person.user.last_login:
            person.progress.append("first_login")
        person.progress.append("school_added")
        if values["about"]:
            person.progress.append("about_written")

    def create_demo_teachers(self, schools: list[School]) -> None:
        home, other = schools[0], schools[1]  # a school in Andalusia and one in Catalonia
        teacher = self.new_user(email=DEMO_TEACHER, first="Lucía", last="Fernández", country="ES")
        teacher.user.preferred_language = "en"
        teacher.user.last_login = self.now - dt.timedelta(days=1)
        past_end = self.days_ago(400)
        self.employ(teacher, other, start_date=past_end - dt.timedelta(days=1500), end_date=past_end)
        current = self.employ(teacher, home, start_date=past_end + dt.timedelta(days=1))
        current.validated_via = Employment.ValidatedVia.SUPPORT
        current.decided_by = self.officers["ES"]
        self.fill_profile(
            teacher,
            home,
            about=(
                "I teach English and history at a secondary school in Sevilla. My pupils (13 to 18) love "
                "projects with classes abroad: we have exchanged videos about our towns, cooked recipes from "
                "each other's countries and written a bilingual comic. I am looking for partners for a project "
                "on water and climate next school year."
            ),
            subjects=["foreign-languages", "history"],
            languages=["es", "en", "fr"],
            age_bands=["13-15", "16-19"],
            interests=["climate", "storytelling", "media literacy", "local history"],
            available_for_projects=True,
            available_for_plus=True,
            visibility=Audience.EVERYONE,
            hide_from_search_engines=False,
            email_visibility=Audience.CONTACTS,
            messages_from=Audience.MEMBERS,
        )
        teacher.progress += ["first_login", "photo_added", "profile_complete"]
        self.demo_teacher = teacher

        head = self.new_user(email=f"demo.head@{DEMO_DOMAIN}", first="Carmen", last="López", country="ES")
        self.employ(head, home, role=Employment.Role.HEAD_TEACHER)
        self.fill_profile(head, home)
        home.head_teacher_name, home.head_teacher_email = "Carmen López", head.user.email
        School.objects.filter(pk=home.pk).update(head_teacher_name="Carmen López", head_teacher_email=head.user.email)

        pending = self.new_user(email=f"demo.pending@{DEMO_DOMAIN}", first="Pablo", last="Ruiz", country="ES")
        self.employ(pending, home, validated=False, start_date=self.days_ago(20))
        self.fill_profile(pending, home, about="")
        pending.progress = [kind for kind in pending.progress if kind != "about_written"]

    def save_people(self) -> None:
        for person in self.people:
            person.user.is_validated = any(
                e.validation == Employment.Validation.VALIDATED and e.end_date is None for e in person.employments
            )
        User.objects.bulk_create([p.user for p in self.people], batch_size=500)
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=p.user, email=p.user.email, verified=True, primary=True) for p in self.people],
            batch_size=500,
        )
        for person in self.people:
            if person.profile is None:
                person.profile = Profile(user=person.user, visibility=Audience.MEMBERS)
            person.profile.user = person.user
        Profile.objects.bulk_create([p.profile for p in self.people if p.profile], batch_size=500)
        employments = [e for p in self.people for e in p.employments]
        Employment.objects.bulk_create(employments, batch_size=500)
        # The support queue shows how long a teacher has waited: spread the request times.
        waiting = [e for e in employments if e.validation == Employment.Validation.PENDING]
        for employment in waiting:
            employment.created_at = self.moment(max(employment.start_date, self.days_ago(30)))
        Employment.objects.bulk_update(waiting, ["created_at"], batch_size=500)
        ProgressAction.objects.bulk_create(
            [ProgressAction(user=p.user, kind=kind) for p in self.people for kind in dict.fromkeys(p.progress)],
            batch_size=500,
        )
        for person, service in self.staff_services:
            service.staff.add(person.user)

    def add_demo_photo(self) -> None:
        """A drawn portrait-like picture, so that the demo teacher's profile is complete."""
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (480, 480), (38, 84, 124))
        draw = ImageDraw.Draw(image)
        draw.ellipse((150, 80, 330, 260), fill=(241, 196, 160))
        draw.ellipse((70, 280, 410, 620), fill=(239, 138, 98))
        profile = self.demo_teacher.profile
        assert profile is not None
        for field_name, size in (("photo", 480), ("thumbnail", 160)):
            buffer = io.BytesIO()
            image.resize((size, size)).save(buffer, format="JPEG", quality=85)
            getattr(profile, field_name).save(f"{field_name}.jpg", ContentFile(buffer.getvalue()), save=False)
        profile.save(update_fields=["photo", "thumbnail"])

    def create_network(self) -> None:
        """Contacts, follows, invitations, posts and messages around the demo teacher, made through the
        services so that notifications, progress, the Home feed and the search index are what real use
        would leave behind."""
        me = self.demo_teacher.user
        abroad = [p.user for p in self.people if p.employments and p.country != "ES" and p.user.is_validated]
        chosen = self.rng.sample(abroad, k=min(20, len(abroad)))
        contacts, followed, inviting, invited = chosen[:6], chosen[6:12], chosen[12:14], chosen[14:15]
        followers = chosen[15:]

        for other in contacts:
            invitation = contact_invite(actor=me, recipient=other, note=self.rng.choice(data.INVITATION_NOTES))
            contact_invitation_accept(actor=other, invitation=invitation)
        for other in contacts[:4] + followed:
            follow_create(actor=me, followed=other)
        for other in followers + contacts[:2]:
            follow_create(actor=other, followed=me)
        for other in inviting:
            contact_invite(actor=other, recipient=me, note=self.rng.choice(data.INVITATION_NOTES))
        for other in invited:
            contact_invite(actor=me, recipient=other)

        # Posts of the people the demo teacher follows or knows, oldest first, so the feed reads naturally.
        authors = [me, *contacts, *followed]
        hours_ago = sorted((self.rng.randint(2, 24 * 20) for _text in data.POSTS), reverse=True)
        for text, hours in zip(data.POSTS, hours_ago, strict=True):
            post = post_create(actor=self.rng.choice(authors), body=text)
            # Spread over the last weeks; the feed copies the item's time when it fans out after commit.
            when = self.now - dt.timedelta(hours=hours, minutes=self.rng.randint(0, 59))
            Post.objects.filter(pk=post.pk).update(created_at=when)
            ActivityItem.objects.filter(post=post).update(created_at=when)
            FeedEntry.objects.filter(item__post=post).update(created_at=when)

        first = conversation_start(
            actor=me, recipients=[contacts[0]], subject=data.CONVERSATIONS[0][0], body=data.CONVERSATIONS[0][1]
        )
        message_send(actor=contacts[0], conversation=first, body=data.CONVERSATIONS[0][2])
        conversation_mark_read(actor=me, conversation=first)
        second = conversation_start(
            actor=contacts[1],
            recipients=[me, contacts[2]],
            subject=data.CONVERSATIONS[1][0],
            body=data.CONVERSATIONS[1][1],
        )
        message_send(actor=contacts[2], conversation=second, body=data.CONVERSATIONS[1][2])


DEMO_PUPIL_LOGIN = "demo.pupil"


class DemoProjects:
    """Projects in every state around the demo teacher and across many countries, made through the
    services (so the pipeline, notifications, progress and TwinSpaces are what real use leaves)."""

    def __init__(self, seeder: Seeder) -> None:
        self.seeder = seeder
        self.rng = random.Random(SEED + 4)
        self.me = seeder.demo_teacher.user
        self.css = User.objects.get(email=STAFF_ACCOUNTS["css"][0])
        self.region_an = User.objects.get(email=STAFF_ACCOUNTS["region_an"][0])

    def run(self) -> str:
        kits = self.create_kits()
        counts = self.create_demo_teacher_projects(kits)
        counts += self.create_community_projects()
        by_status = ", ".join(f"{n} {status}" for status, n in sorted(Counter(counts).items()))
        return f"{len(kits)} project kits, projects: {by_status}"

    # --- building blocks ---------------------------------------------------------------

    def create_kits(self) -> list[Kit]:
        kits = []
        for title, summary, activities, subjects, ages, languages in data.KITS:
            kit = kit_create(
                actor=self.css,
                title=title,
                summary=summary,
                activities=activities,
                subjects=subjects,
                age_bands=ages,
                languages=languages,
                is_published=True,
            )
            kits.append(kit)
        return kits

    def found(self, founder: User, index: int, *, kit: Kit | None = None, public: bool = True) -> Project:
        title, summary, subjects, ages, languages = data.PROJECTS[index % len(data.PROJECTS)]
        start = self.seeder.today + dt.timedelta(days=self.rng.randint(-200, 60))
        project = project_found(
            actor=founder,
            title=title,
            summary=summary,
            description=f"{summary} {data.PROJECT_AIMS}",
            aims=data.PROJECT_AIMS,
            work_process=data.PROJECT_WORK_PROCESS,
            expected_results=data.PROJECT_RESULTS,
            subjects=subjects,
            age_bands=ages,
            languages=languages,
            planned_start=start,
            planned_end=start + dt.timedelta(days=270),
            is_public=public,
            kit=kit,
        )
        return project_image_set(actor=founder, project=project, upload=self.picture(index))

    def picture(self, index: int) -> io.BytesIO:
        """A simple drawn landscape, different for each project, so lists and pages show images."""
        from PIL import Image, ImageDraw

        rng = random.Random(index)
        sky = (rng.randint(90, 160), rng.randint(150, 210), rng.randint(200, 250))
        image = Image.new("RGB", (640, 400), sky)
        draw = ImageDraw.Draw(image)
        draw.ellipse((440, 40, 540, 140), fill=(250, 200, 80))
        for layer in range(3):
            colour = (rng.randint(40, 120), rng.randint(110, 180), rng.randint(60, 120))
            top = 220 + layer * 50
            draw.polygon([(0, 400), (0, top), (rng.randint(150, 450), top - 80), (640, top), (640, 400)], fill=colour)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        buffer.seek(0)
        return buffer

    def invite(self, project: Project, founder: User, cofounder: User) -> Partner:
        if not are_contacts(founder, cofounder):
            contact_create(first=founder, second=cofounder)
        return cofounder_invite(actor=founder, project=project, teacher=cofounder)

    def decider(self, step: ApprovalStep) -> User | None:
        if step.kind == ApprovalStep.Kind.REGIONAL:
            return self.region_an if step.region == "ES-AN" else self.css
        if step.kind == ApprovalStep.Kind.NATIONAL:
            return self.seeder.officers.get(step.country, self.css)
        return None

    def decide(self, step: ApprovalStep) -> None:
        if step.kind == ApprovalStep.Kind.HEAD_TEACHER:
            step_decide_by_head_teacher_link(token=head_teacher_link_token(step), approve=True)
        else:
            decider = self.decider(step)
            assert decider is not None
            step_approve(actor=decider, step=step)

    def approve_waiting(self, project: Project, *, keep: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        for step in project.steps.filter(state=ApprovalStep.State.WAITING).select_related("school"):
            if step.kind not in keep:
                self.decide(step)

    def open(self, founder: User, cofounder: User, index: int, **kw: Any) -> Project:
        project = self.found(founder, index, **kw)
        partner = self.invite(project, founder, cofounder)
        invitation_accept(actor=cofounder, partner=partner)
        self.approve_waiting(project)
        project.refresh_from_db()
        assert project.status == Project.Status.OPEN, project.status
        return project

    def backdate(self, project: Project, days: int) -> None:
        """Spreads creation and waiting times so queues show real waits and reminders are due."""
        when = self.seeder.now - dt.timedelta(days=days)
        Project.objects.filter(pk=project.pk).update(created_at=when, submitted_at=when)
        ApprovalStep.objects.filter(project=project, state=ApprovalStep.State.WAITING).update(created_at=when)

    # --- the demo teacher's projects ---------------------------------------------------

    def create_demo_teacher_projects(self, kits: list[Kit]) -> list[str]:
        me = self.me
        country_of = {p.user.pk: p.country for p in self.seeder.people}
        abroad = [
            c
            for c in contacts_of(user=me).select_related("profile").order_by("pk")
            if c.profile.available_for_projects and not is_plus_country(country_of.get(c.pk, "ES"))
        ]
        # Colleagues met through projects become contacts too (a project needs one), so add a few.
        abroad += [
            p.user
            for p in self.seeder.people
            if p.employments
            and p.user.is_validated
            and p.country != "ES"
            and not is_plus_country(p.country)
            and p.profile is not None
            and p.profile.available_for_projects
            and p.user not in abroad
        ][: max(0, 6 - len(abroad))]
        statuses = []

        water = self.open(me, abroad[0], 0, kit=kits[1])
        self.fill_twinspace(water, partner=abroad[2] if len(abroad) > 2 else None)
        statuses.append(water.status)

        recipes = self.found(me, 1)
        partner = self.invite(recipes, me, abroad[1])
        invitation_accept(actor=abroad[1], partner=partner)
        # The co-founder's side is done; Lucía's head teacher, the region and Spain's NSS still decide.
        for step in recipes.steps.filter(state=ApprovalStep.State.WAITING).exclude(partner__teacher=me):
            self.decide(step)
        self.backdate(recipes, 9)
        statuses.append(Project.Status.PENDING)

        maths = self.found(me, 2, kit=kits[0], public=False)
        statuses.append(maths.status)

        # A contact founded a project and waits for Lucía's answer as co-founder.
        birds = self.found(abroad[3], 4)
        self.invite(birds, abroad[3], me)
        statuses.append(Project.Status.PENDING)

        voices = self.open(me, abroad[4], 3)
        project_close(actor=me, project=voices)
        statuses.append(Project.Status.CLOSED)

        comics = self.found(me, 5)
        partner = self.invite(comics, me, abroad[5])
        invitation_accept(actor=abroad[5], partner=partner)
        national = comics.steps.get(kind=ApprovalStep.Kind.NATIONAL, partner__teacher=me)
        step_reject(
            actor=self.seeder.officers["ES"],
            step=national,
            reason="The planned dates fall outside the school year: please found it again with dates from "
            "September to June.",
        )
        statuses.append(Project.Status.STOPPED)
        return statuses

    def fill_twinspace(self, project: Project, *, partner: User | None) -> None:
        project.refresh_from_db()
        twinspace = project.twinspace
        assert twinspace is not None
        founder, cofounder = self.me, project.partners.exclude(teacher=self.me).filter(role="founder").get().teacher
        if partner is not None and not invitation_refusals(inviter=founder, project=project, teacher=partner):
            invitation = partner_invite(actor=founder, project=project, teacher=partner)
            invitation_accept(actor=partner, partner=invitation)
        for text in data.TWINSPACE_UPDATES:
            update = update_post(actor=founder, twinspace=twinspace, board="home", body=text)
        comment_add(actor=cofounder, update=update, body="Great, we will be there!")
        update_set_pinned(actor=founder, update=update, pinned=True)
        for index, (title, body) in enumerate(data.TWINSPACE_PAGES):
            page_create(
                actor=founder, twinspace=twinspace, title=title, body=body, publish=index < 2, public=index == 0
            )
        credentials = pupils_create(actor=founder, twinspace=twinspace, nicknames="Ana\nMarc\nSofia\nLeo")
        demo_pupil = credentials[0].pupil
        Pupil.objects.filter(pk=demo_pupil.pk).update(login=DEMO_PUPIL_LOGIN)
        User.objects.filter(pk=demo_pupil.user_id).update(password=self.seeder.password)
        access = space_access(founder, twinspace)
        pupil_access = space_access(demo_pupil.user, twinspace)
        for title, opening, answer in data.FORUM_THREADS:
            thread = thread_start(
                actor=founder, forum=twinspace.forum, access=forum_access(access), title=title, body=opening
            )
            post_reply(actor=demo_pupil.user, thread=thread, access=forum_access(pupil_access), body=answer)
        board = thread_start(
            actor=cofounder,
            forum=twinspace.teachers_board,
            access=board_access(space_access(cofounder, twinspace)),
            title="Planning the video call",
            body="Shall we meet on Thursday at 10:00 Spanish time? My class is free then.",
        )
        post_reply(actor=founder, thread=board, access=board_access(access), body="Perfect, see you on Thursday.")
        update_post(
            actor=demo_pupil.user, twinspace=twinspace, board="pupils_wall", body="Hello! I am Ana from Sevilla."
        )
        for name, content in (
            ("water-table.csv", b"school,week,litres\nSevilla,1,5400\nPartner,1,4900\n"),
            ("task-1.txt", b"Task 1: read the water meter every morning and note the figure in the shared table.\n"),
        ):
            document_upload(
                actor=founder,
                library=twinspace.materials,
                access=library_access(access),
                title=name.rsplit(".", 1)[0].replace("-", " ").capitalize(),
                upload=SimpleUploadedFile(name, content),
            )

    # --- projects across the community -------------------------------------------------

    def create_community_projects(self) -> list[str]:
        people = [
            p.user
            for p in self.seeder.people
            if p.employments
            and p.user.is_validated
            and p.profile is not None
            and p.profile.available_for_projects
            and not is_plus_country(p.country)
            and p.user.pk != self.me.pk
        ]
        by_country: dict[str, list[User]] = {}
        for user, person in ((p.user, p) for p in self.seeder.people if p.user in people):
            by_country.setdefault(person.country, []).append(user)
        countries = sorted(by_country)
        plan = ["open", "open", "pending", "closed", "open", "draft", "pending", "open", "stopped", "open"] * 3
        statuses = []
        for number, state in enumerate(plan):
            first, second = self.rng.sample(countries, 2)
            founder, cofounder = self.rng.choice(by_country[first]), self.rng.choice(by_country[second])
            index = 6 + number
            public = number % 3 != 2
            if state == "draft":
                self.found(founder, index, public=public)
            elif state == "pending":
                project = self.found(founder, index, public=public)
                partner = self.invite(project, founder, cofounder)
                invitation_accept(actor=cofounder, partner=partner)
                self.approve_waiting(project, keep={ApprovalStep.Kind.NATIONAL})
                self.backdate(project, self.rng.randint(1, 20))
            elif state == "stopped":
                project = self.found(founder, index, public=public)
                partner = self.invite(project, founder, cofounder)
                invitation_decline(actor=cofounder, partner=partner, reason="My classes change next term, sorry.")
            else:
                project = self.open(founder, cofounder, index, public=public)
                if state == "closed":
                    project_close(actor=founder, project=project)
            statuses.append(state)
        return statuses


class DemoGroups:
    """Groups of both kinds in every state around the demo teacher, with discussions, documents and
    activities, made through the services."""

    def __init__(self, seeder: Seeder) -> None:
        self.seeder = seeder
        self.rng = random.Random(SEED + 5)
        self.me = seeder.demo_teacher.user
        self.css = User.objects.get(email=STAFF_ACCOUNTS["css"][0])
        self.teachers = [
            p.user for p in seeder.people if p.employments and p.user.is_validated and p.user.pk != self.me.pk
        ]

    def fields(self, index: int) -> dict[str, Any]:
        name, description, aims, topic, language, kind = data.GROUPS[index]
        return {
            "name": name,
            "description": description,
            "aims": aims,
            "topic": topic,
            "language": language,
            "kind": kind,
        }

    def run(self) -> str:
        me, css = self.me, self.css
        made = []
        # Two moderated groups of the central support service, which the demo teacher joined.
        for index in (0, 1):
            group = group_create_central(actor=css, **self.fields(index))
            group_join(actor=me, group=group)
            made.append(group)
        # A teacher's open group, approved, with members, discussions, documents and activities.
        founder = self.teachers[0]
        climate = group_request(actor=founder, **self.fields(2))
        climate = group_approve(actor=css, group=climate)
        group_join(actor=me, group=climate)
        for other in self.teachers[1:9]:
            group_join(actor=other, group=climate)
        self.fill(climate, founder)
        made.append(climate)
        # The demo teacher's own closed group, approved: she invites a contact.
        reading = group_approve(actor=css, group=group_request(actor=me, **self.fields(3)))
        contact = next(iter(contacts_of(user=me).order_by("pk")))
        group_invite(actor=me, group=reading, invitee=contact)
        self.fill(reading, me)
        made.append(reading)
        # A closed group that invites the demo teacher (an invitation to answer).
        inclusive = group_approve(actor=css, group=group_request(actor=self.teachers[10], **self.fields(4)))
        group_invite(actor=self.teachers[10], group=inclusive, invitee=me)
        made.append(inclusive)
        # Requests still waiting for the central support service, one open and one closed.
        group_request(actor=self.teachers[11], **self.fields(5))
        group_request(
            actor=self.teachers[12],
            **{
                **self.fields(4),
                "name": "Project evaluation circle",
                "description": "Closed circle of teachers "
                "who evaluate their projects together before applying for a quality label.",
            },
        )
        return f"{len(made)} approved groups and 2 requests"

    def fill(self, group: Group, admin: User) -> None:
        access = activity_forum_access(group_access(admin, group))
        for title, opening, answer in data.GROUP_THREADS:
            thread = thread_start(actor=admin, forum=group.forum, access=access, title=title, body=opening)
            replier = next((m.user for m in group.memberships.exclude(user=admin).select_related("user")), admin)
            post_reply(
                actor=replier,
                thread=thread,
                access=activity_forum_access(group_access(replier, group)),
                body=answer,
            )
        for title, description in data.GROUP_ACTIVITIES:
            activity_create(
                actor=admin,
                group=group,
                title=title,
                description=description,
                starts_on=self.seeder.today - dt.timedelta(days=7),
                ends_on=self.seeder.today + dt.timedelta(days=21),
            )
        document_upload(
            actor=admin,
            library=group.library,
            access=LibraryAccess(can_read=True, can_upload=True, can_manage=True),
            title="Reading list",
            upload=SimpleUploadedFile("reading-list.txt", b"1. A novel we all read\n2. A short story\n"),
        )


class DemoIdeas:
    """Project ideas in the partner-finding forums, across age bands and countries, with replies; one
    by the teacher waiting for validation (held until then)."""

    def __init__(self, seeder: Seeder) -> None:
        self.seeder = seeder
        self.rng = random.Random(SEED + 6)
        self.me = seeder.demo_teacher.user
        self.authors = [
            p.user for p in seeder.people if p.employments and p.user.is_validated and p.user.pk != self.me.pk
        ]

    def category_for(self, ages: list[str]) -> Category:
        by_band = {c.age_band: c for c in Category.objects.filter(kind=Category.Kind.AGE)}
        return by_band.get(ages[0]) or Category.objects.filter(is_active=True).first()  # type: ignore[return-value]

    def run(self) -> str:
        published = 0
        for number, (title, description, ages, subjects, languages, wanted, keywords, availability) in enumerate(
            data.IDEAS
        ):
            author = self.me if number == 2 else self.rng.choice(self.authors)
            idea = idea_publish(
                actor=author,
                category=self.category_for(ages),
                title=title,
                description=description,
                age_bands=ages,
                subjects=subjects,
                languages=languages,
                countries_wanted=wanted,
                keywords=keywords,
                availability=availability,
            )
            published += 1
            replier = self.rng.choice([a for a in self.authors if a.pk != author.pk])
            post_reply(
                actor=replier,
                thread=idea.thread,
                access=idea_access(replier, idea).replies(),
                body="This is exactly what my class needs. I have written to you privately.",
            )
            if number == 5:
                idea_close(actor=author, idea=idea)
        plus = Category.objects.get(slug="etwinning-plus")
        idea_publish(
            actor=self.me,
            category=plus,
            title="Water stories with eTwinning Plus schools",
            description="After our first water project we would like partners from eTwinning Plus countries.",
            age_bands=["13-15"],
            subjects=["environment"],
            languages=["en"],
            countries_wanted=["UA", "GE", "AM"],
            keywords="water, climate",
            availability="Next school year",
        )
        pending = User.objects.get(email=f"demo.pending@{DEMO_DOMAIN}")
        idea_publish(
            actor=pending,
            category=self.category_for(["10-12"]),
            title="Pen friends for my class",
            description="My pupils would like to write letters to a class abroad.",
            age_bands=["10-12"],
            subjects=["foreign-languages"],
            languages=["en"],
            countries_wanted=[],
            keywords="letters",
            availability="",
        )
        return f"{published + 2} project ideas"


class DemoEvents:
    """Past, ongoing and future events of every type, online and face to face, public and private, one
    full with a waiting list and one cancelled, made through the services."""

    def __init__(self, seeder: Seeder) -> None:
        self.seeder = seeder
        self.rng = random.Random(SEED + 7)
        self.me = seeder.demo_teacher.user
        self.teachers = [
            p.user for p in seeder.people if p.employments and p.user.is_validated and p.user.pk != self.me.pk
        ]

    def run(self) -> str:
        now = self.seeder.now.replace(minute=0, second=0, microsecond=0)
        made = 0
        for number, (title, kind, fmt, days, hours, capacity, visibility, language) in enumerate(data.EVENTS):
            organiser = self.me if number in (1, 2, 5) else self.teachers[number]
            starts = now + dt.timedelta(days=days, hours=-1 if days == 0 else 16 - now.hour)
            event = event_create(
                actor=organiser,
                title=title,
                description=f"{title}. Bring your questions and ideas; the session is in an easy language.",
                kind=kind,
                format=fmt,
                place="Centro del Profesorado, Sevilla" if fmt == "face_to_face" else "",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=hours),
                time_zone="Europe/Madrid",
                language=language,
                visibility=visibility,
                capacity=capacity,
                registration_opens_at=starts - dt.timedelta(days=40),
                registration_closes_at=starts + dt.timedelta(minutes=30),
            )
            made += 1
            when = min(now, starts) - dt.timedelta(days=1)
            if visibility == "private":
                for guest in contacts_of(user=organiser).order_by("pk")[:4]:
                    event_invite(actor=organiser, event=event, invitee=guest)
                    register(actor=guest, event=event, now=when)
                continue
            people = self.teachers[30 + number * 6 : 36 + number * 6]
            if organiser != self.me:
                people = [self.me, *people]
            for person in people:
                register(actor=person, event=event, now=when)
            if days < 0:
                for person in people[:3]:
                    attendance_mark(actor=organiser, event=event, user=person, attended=True)
            if title.startswith("Cancelled"):
                event_cancel(actor=organiser, event=event, reason="The venue's network is being replaced that week.")
        return f"{made} events"


class DemoModules:
    """Published self-learning modules (written as the central support service would in the admin); the demo
    teacher has completed the first through its check and is in the middle of the second."""

    def __init__(self, seeder: Seeder) -> None:
        self.seeder = seeder
        self.me = seeder.demo_teacher.user

    def run(self) -> str:
        modules = []
        for number, spec in enumerate(data.MODULES):
            module = Module.objects.create(
                title=spec["title"],
                summary=spec["summary"],
                language=spec["language"],
                position=number,
                is_published=True,
            )
            for position, (title, body) in enumerate(spec["steps"], start=1):
                Step.objects.create(module=module, position=position, title=title, body=body)
            for position, (text, choices, correct) in enumerate(spec["questions"], start=1):
                Question.objects.create(module=module, position=position, text=text, choices=choices, correct=correct)
            modules.append(module)
        first, second = modules[0], modules[1]
        for number in range(1, first.steps.count() + 1):
            step_visit(user=self.me, module=first, number=number)
        check_submit(user=self.me, module=first, answers={q.pk: q.correct for q in first.questions.all()})
        step_visit(user=self.me, module=second, number=1)
        return f"{len(modules)} self-learning modules"


class DemoCourses:
    """Learning events and online seminars of the central support service, with applications open, not yet
    open and closed; past, ongoing and future. The demo teacher takes part in an ongoing learning event (two of
    its activities done), completed a past one and attended a past seminar (so she has certificates to
    download); one seminar is full with a waiting list."""

    PARTICIPANT = ForumAccess(can_read=True, can_start_thread=False, can_reply=True, can_moderate=False)

    def __init__(self, seeder: Seeder) -> None:
        self.seeder = seeder
        self.me = seeder.demo_teacher.user
        self.css = User.objects.get(email=STAFF_ACCOUNTS["css"][0])
        self.teachers = [
            p.user for p in seeder.people if p.employments and p.user.is_validated and p.user.pk != self.me.pk
        ]

    def run(self) -> str:
        # Times as the organiser types them, in Brussels: sessions at 16:00, applications from 9:00 on their
        # first day to 23:59 on their last.
        today = dt.datetime.combine(self.seeder.today, dt.time.min)
        courses: dict[str, Course] = {}
        for key, kind, title, audience, language, start, days, places, opens, closes, required in data.COURSES:
            # A course that is over by now is organised as if today were before its end (its activities
            # are set while it runs), then moved back to its real dates.
            shift = dt.timedelta(days=max(0, 1 - (start + days)))
            starts = today + dt.timedelta(days=start, hours=16) + shift
            ends = starts + (dt.timedelta(days=days) if days else dt.timedelta(hours=1))
            course = course_services.course_create(
                actor=self.css,
                kind=kind,
                title=title,
                description=data.COURSE_DESCRIPTIONS[key],
                audience=audience,
                language=language,
                starts_at=starts,
                ends_at=ends,
                time_zone="Europe/Brussels",
                capacity=places,
                applications_open_at=today + dt.timedelta(days=opens, hours=9) + shift,
                applications_close_at=today + dt.timedelta(days=closes, hours=23, minutes=59) + shift,
                activities_required=required,
            )
            for week, name, instructions in data.COURSE_ACTIVITIES.get(key, []):
                course_services.activity_create(
                    actor=self.css, course=course, week=week, title=name, instructions=instructions
                )
            if shift:
                Event.objects.filter(pk=course.pk).update(
                    starts_at=F("starts_at") - shift,
                    ends_at=F("ends_at") - shift,
                    registration_opens_at=F("registration_opens_at") - shift,
                    registration_closes_at=F("registration_closes_at") - shift,
                )
                course.event.refresh_from_db()
            courses[key] = course
        self.apply(courses["pbl"], [self.me, *self.some(200, 20)])
        self.contribute(courses["pbl"], self.me, activities=2)
        self.contribute(courses["pbl"], self.some(200, 1)[0], activities=3)
        self.apply(courses["inclusion"], [self.me, *self.some(220, 15)])
        self.contribute(courses["inclusion"], self.me, activities=2)
        self.apply(courses["citizenship"], self.some(235, 15))
        self.apply(courses["images"], self.some(250, 7))  # 5 places: two teachers wait in line
        first = courses["first"]
        self.apply(first, [self.me, *self.some(260, 20)])
        for person in [self.me, *self.some(260, 10)]:
            attendance_mark(actor=self.css, event=first.event, user=person, attended=True)
        self.apply(courses["plus"], self.some(280, 20))
        self.apply(courses["steam"], self.some(300, 6))
        return f"{len(courses)} courses"

    def some(self, start: int, count: int) -> list[User]:
        """`count` different teachers from the `start`-th on (wrapping round a small community)."""
        return [
            self.teachers[(start + number) % len(self.teachers)] for number in range(min(count, len(self.teachers)))
        ]

    def apply(self, course: Course, people: list[User]) -> None:
        event = course.event
        when = event.registration_opens_at + dt.timedelta(hours=1)
        for person in people:
            course_services.course_apply(actor=person, course=course, now=when)

    def contribute(self, course: Course, person: User, *, activities: int) -> None:
        """`person` posts in the first `activities` activities' discussions and marks them done."""
        when = course.event.starts_at + dt.timedelta(days=2)
        for activity in list(course.activities.select_related("thread"))[:activities]:
            post_reply(
                actor=person,
                thread=activity.thread,
                access=self.PARTICIPANT,
                body=f"My class and I tried this: {activity.title.lower()}. It went well; the pupils asked for more.",
            )
            course_services.activity_mark_done(actor=person, activity=activity, now=when)
