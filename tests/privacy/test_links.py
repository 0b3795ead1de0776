"""The settings page and the help lead to both privacy pages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_settings_page_links_to_both_pages(client, teacher_es):
    client.force_login(teacher_es)
    page = client.get(reverse("accounts:settings")).text
    assert f'href="{reverse("privacy:export")}"' in page
    assert f'href="{reverse("privacy:delete")}"' in page


def test_the_help_explains_them_and_links_to_them(client, teacher_es):
    client.force_login(teacher_es)
    page = client.get(reverse("help:article", args=["profile-and-privacy"])).text
    assert "Former member" in page
    assert f'href="{reverse("privacy:export")}"' in page
    assert f'href="{reverse("privacy:delete")}"' in page
