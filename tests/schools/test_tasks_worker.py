"""The head teacher's email goes through the real database task queue and its worker."""

import pytest
from django.core import mail
from django.core.management import call_command

from tests.schools.factories import EmploymentFactory, SchoolFactory
from twinning.schools.models import Employment
from twinning.schools.tasks import send_head_teacher_link


@pytest.mark.django_db(transaction=True)
def test_db_worker_sends_the_head_teacher_link_exactly_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    row = EmploymentFactory(school=SchoolFactory(country="ES", region="ES-AN"), validation="pending")
    send_head_teacher_link.enqueue(row.pk)
    send_head_teacher_link.enqueue(row.pk)  # enqueued twice by mistake: still one email
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 2

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert [m.to for m in mail.outbox] == [[row.school.head_teacher_email]]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    row.refresh_from_db()
    assert row.head_teacher_link_sent_at is not None
    assert row.validation == Employment.Validation.PENDING
