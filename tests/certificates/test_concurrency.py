"""Two downloads of a certificate not yet issued, at the same moment (a double click): one certificate row,
and both downloads print it.

Each request pauses after finding that no certificate exists yet, so that the
other one arrives in the middle: both then write. The unique constraint on
(kind, holder, subject) lets one row in and the service hands the other
request that row. Needs real concurrent connections: PostgreSQL, or SQLite on
a file.
"""

import time

import pytest
from django.test import Client

from tests.certificates.factories import attended_event
from tests.concurrency import needs_concurrent_connections, run_together
from tests.events.factories import make_teacher
from twinning.certificates import services
from twinning.certificates.models import Certificate


@pytest.fixture
def slow_issue(monkeypatch):
    """Each request pauses between "no certificate yet" and writing one, as a loaded server might."""
    original = services._language_of

    def pause_then_answer(user):
        time.sleep(0.5)
        return original(user)

    monkeypatch.setattr(services, "_language_of", pause_then_answer)


@pytest.mark.django_db(transaction=True)
def test_two_downloads_at_once_make_one_certificate(slow_issue):
    needs_concurrent_connections()
    teacher = make_teacher()
    event = attended_event(teacher)
    url = f"/certificates/event_attendance/{event.pk}.pdf"

    def download():
        client = Client()
        client.force_login(teacher)
        return client.get(url)

    first, second = run_together(download, download)

    assert Certificate.objects.count() == 1
    certificate = Certificate.objects.get()
    for response in (first, second):
        assert not isinstance(response, Exception), response
        assert response.status_code == 200
        assert certificate.code in response["Content-Disposition"]


@pytest.mark.django_db(transaction=True)
def test_two_issues_at_once_return_the_same_row(slow_issue):
    needs_concurrent_connections()
    teacher = make_teacher()
    event = attended_event(teacher)

    def issue():
        return services.certificate_issue(user=teacher, kind=Certificate.Kind.EVENT_ATTENDANCE, subject_id=event.pk)

    results = run_together(issue, issue)

    assert all(isinstance(result, Certificate) for result in results), results
    assert results[0].pk == results[1].pk
    assert Certificate.objects.count() == 1
