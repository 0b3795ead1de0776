"""The profile page, the editing pages, robots, the sitemap and the API's shape."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.profiles.factories import profile_of
from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.profiles.models import Audience, Profile
from twinning.progress.models import ProgressAction
from twinning.schools.models import Employment

NOINDEX = '<meta name="robots" content="noindex">'


def _page(client, user):
    return client.get(reverse("profiles:detail", args=[user.pk]))


@pytest.mark.django_db
def test_owner_sees_sections_and_editing_buttons(client, teacher_es):
    profile_of(
        teacher_es,
        about="I love <b>history</b>.",
        subjects=["history"],
        languages=["es", "fr"],
        age_bands=["13-15"],
        interests=["robotics", "climate"],
        available_for_projects=True,
        available_for_plus=True,
    )
    client.force_login(teacher_es)
    html = _page(client, teacher_es).content.decode()
    for text in ["About", "Schools", "Progress", "History", "Spanish, French", "13 to 15", "robotics", "climate"]:
        assert text in html
    assert "I love &lt;b&gt;history&lt;/b&gt;." in html  # escaped, never raw HTML
    assert "Available for a project" in html
    assert "Available for an eTwinning Plus project" in html
    for name in ["profiles:edit", "profiles:photo", "profiles:privacy", "schools:mine", "progress:help"]:
        assert f'href="{reverse(name)}"' in html
    for label in ["Edit profile", "Photo", "Privacy"]:
        assert label in html
    main = html[html.index("<main") :]  # the navigation above names sections such as Projects
    for missing in ["Activity", "Projects", "Events", "Groups"]:
        assert f">{missing}<" not in main


@pytest.mark.django_db
def test_visitor_sees_no_editing_buttons(client, teacher_es, teacher_fr):
    client.force_login(teacher_fr)
    html = _page(client, teacher_es).content.decode()
    assert teacher_es.last_name in html
    for name in ["profiles:edit", "profiles:photo", "profiles:privacy", "schools:mine"]:
        assert f'href="{reverse(name)}"' not in html


@pytest.mark.django_db
def test_initials_without_photo(client, teacher_es):
    client.force_login(teacher_es)
    html = _page(client, teacher_es).content.decode()
    assert ">LG</span>" in html  # Lucía García


@pytest.mark.django_db
def test_schools_current_past_and_badges(client, teacher_es, teacher_fr):
    past = EmploymentFactory(
        teacher=teacher_es,
        school=SchoolFactory(name="Old School of Cádiz"),
        start_date=datetime.date(2015, 9, 1),
        end_date=datetime.date(2019, 6, 30),
    )
    EmploymentFactory(
        teacher=teacher_es, school=SchoolFactory(name="Pending Academy"), validation=Employment.Validation.PENDING
    )
    EmploymentFactory(
        teacher=teacher_es, school=SchoolFactory(name="Refused College"), validation=Employment.Validation.REJECTED
    )
    client.force_login(teacher_es)
    html = _page(client, teacher_es).content.decode()
    assert html.index("Pending Academy") < html.index("Earlier") < html.index(past.school.name)
    assert "Waiting for validation" in html
    assert "badge--ok" in html
    assert "Refused College" in html  # the owner sees every row
    client.force_login(teacher_fr)
    other = _page(client, teacher_es).content.decode()
    assert "Pending Academy" in other
    assert "Refused College" not in other


@pytest.mark.django_db
def test_progress_shown_on_the_profile(client, teacher_es, teacher_fr):
    ProgressAction.objects.create(user=teacher_es, kind="first_login")
    client.force_login(teacher_fr)
    response = _page(client, teacher_es)
    assert response.context["progress"].counted == 1
    assert 'role="progressbar"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("visibility", "hidden", "active", "indexable"),
    [
        (Audience.EVERYONE, False, True, True),
        (Audience.EVERYONE, True, True, False),
        (Audience.MEMBERS, False, True, False),
        (Audience.CONTACTS, False, True, False),
        (Audience.EVERYONE, False, False, False),
    ],
)
def test_robots_and_sitemap(client, teacher_es, nss_officer_es, visibility, hidden, active, indexable):
    profile_of(teacher_es, visibility=visibility, hide_from_search_engines=hidden)
    teacher_es.is_active = active
    teacher_es.save()
    # Staff see every profile, so the meta tag can be checked in every case.
    client.force_login(nss_officer_es)
    html = _page(client, teacher_es).content.decode()
    assert (NOINDEX in html) is not indexable
    assert ('<meta name="robots" content="index, follow">' in html) is indexable
    client.logout()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert (reverse("profiles:detail", args=[teacher_es.pk]) in sitemap) is indexable


@pytest.mark.django_db
def test_sitemap_lists_only_public_indexable_profiles(client):
    public = UserFactory()
    profile_of(public, visibility=Audience.EVERYONE, hide_from_search_engines=False)
    others = [UserFactory() for _ in range(3)]
    profile_of(others[0], visibility=Audience.EVERYONE, hide_from_search_engines=True)
    profile_of(others[1], visibility=Audience.MEMBERS, hide_from_search_engines=False)
    profile_of(others[2], visibility=Audience.CONTACTS, hide_from_search_engines=False)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert sitemap.count("<url>") == 1
    assert f"/people/{public.pk}/" in sitemap


@pytest.mark.django_db
def test_default_profile_is_noindex(client, teacher_es):
    client.force_login(teacher_es)
    assert NOINDEX in _page(client, teacher_es).content.decode()


def _count_queries(client, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = _page(client, user)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("as_owner", [True, False])
def test_profile_page_query_count_is_constant(client, teacher_fr, as_owner):
    few = UserFactory()
    many = UserFactory()
    profile_of(few, visibility=Audience.CONTACTS, interests=["one"])
    profile_of(many, visibility=Audience.CONTACTS, interests=[f"interest {i}" for i in range(20)])
    EmploymentFactory(teacher=few)
    for i in range(50):
        ended = i % 2 == 0
        EmploymentFactory(
            teacher=many,
            start_date=datetime.date(2000 + i % 20, 1, 1),
            end_date=datetime.date(2021, 1, 1) if ended else None,
            validation=Employment.Validation.VALIDATED if i % 3 else Employment.Validation.PENDING,
        )
    from twinning.network.services import contact_create

    contact_create(first=teacher_fr, second=few)
    contact_create(first=teacher_fr, second=many)

    def count(owner):
        client.force_login(owner if as_owner else teacher_fr)
        _page(client, owner)  # warm up the session
        return _count_queries(client, owner)

    assert count(few) == count(many)
    html = _page(client, many).content.decode()
    assert html.count('class="employment"') == 50


@pytest.mark.django_db
def test_edit_page_saves_and_records_progress(client, teacher_es):
    client.force_login(teacher_es)
    form = client.get(reverse("profiles:edit"))
    assert form.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in form.content.decode()
    response = client.post(
        reverse("profiles:edit"),
        {
            "about": "Teaching maths with games.",
            "subjects": ["maths"],
            "languages": ["es"],
            "age_bands": ["10-12"],
            "interests": "Games, games, Outdoor",
            "available_for_projects": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("profiles:detail", args=[teacher_es.pk])
    profile = Profile.objects.get(user=teacher_es)
    assert profile.interests == ["games", "outdoor"]
    assert profile.available_for_plus is False
    assert ProgressAction.objects.filter(user=teacher_es, kind="about_written").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"interests": ",".join(f"k{i}" for i in range(21))}, "interests", "at most 20"),
        ({"interests": "x" * 41}, "interests", "at most 40 characters"),
        ({"subjects": ["astrology"]}, "subjects", "Select a valid choice"),
        ({"about": "x" * 3001}, "about", "at most 3000 characters"),
    ],
)
def test_edit_page_shows_errors_and_changes_nothing(client, teacher_es, data, field, message):
    profile_of(teacher_es, about="Before")
    client.force_login(teacher_es)
    response = client.post(reverse("profiles:edit"), {"about": "After", **data})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Profile.objects.get(user=teacher_es).about == "Before"


@pytest.mark.django_db
def test_privacy_page(client, teacher_es):
    client.force_login(teacher_es)
    assert client.get(reverse("profiles:privacy")).status_code == 200
    response = client.post(
        reverse("profiles:privacy"),
        {"visibility": "everyone", "email_visibility": "nobody", "messages_from": "contacts"},
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=teacher_es)
    assert profile.visibility == Audience.EVERYONE
    assert profile.hide_from_search_engines is False
    assert profile.email_visibility == Audience.NOBODY
    bad = client.post(reverse("profiles:privacy"), {"visibility": "nobody", "email_visibility": "everyone"})
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {"visibility", "email_visibility", "messages_from"}
    assert Profile.objects.get(user=teacher_es).visibility == Audience.EVERYONE


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["profiles:mine", "profiles:edit", "profiles:privacy", "profiles:photo", "profiles:photo_remove"]
)
def test_editing_pages_need_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_editing_pages_create_the_missing_profile(client):
    user = UserFactory(with_profile=False)
    client.force_login(user)
    assert client.get(reverse("profiles:edit")).status_code == 200
    assert Profile.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_my_profile_redirects(client, teacher_es):
    client.force_login(teacher_es)
    assert client.get(reverse("profiles:mine"))["Location"] == reverse("profiles:detail", args=[teacher_es.pk])


@pytest.mark.django_db
def test_api_returns_public_fields_only(client, teacher_es):
    profile_of(teacher_es, visibility=Audience.EVERYONE, email_visibility=Audience.MEMBERS, interests=["art"])
    data = client.get(f"/api/profiles/{teacher_es.pk}").json()
    assert data["first_name"] == "Lucía"
    assert data["interests"] == ["art"]
    assert data["email"] is None
    assert len(data["schools"]) == 1
    for private in ["password", "visibility", "email_visibility", "messages_from", "hide_from_search_engines"]:
        assert private not in data
