"""The head teacher's email, sent through a real SMTP server listening on this machine."""

import email
import email.policy
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.schools.factories import SchoolFactory
from twinning.schools.models import Employment


class Collector:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield collector
    controller.stop()


def test_head_teacher_gets_a_working_link_by_smtp(db, client, smtp_server, django_capture_on_commit_callbacks):
    teacher = UserFactory(first_name="Lucía", last_name="García")
    school = SchoolFactory(country="ES", region="ES-AN", head_teacher_email="direccion@ies-averroes.example.org")
    client.force_login(teacher)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("schools:join", args=[school.pk]), {"role": "teacher", "start_date": "2024-09-01"}
        )
    assert response.status_code == 302

    assert len(smtp_server.messages) == 1
    recipients, message = smtp_server.messages[0]
    assert recipients == ["direccion@ies-averroes.example.org"]
    body = message.get_content()
    assert "Lucía García" in body
    path = re.search(r"https?://[^/\s]+(/schools/confirm/\S+/)", body).group(1)

    client.logout()  # the head teacher needs no account
    assert client.get(path).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path, {"answer": "yes"}).status_code == 200
    row = Employment.objects.get(teacher=teacher)
    assert row.validation == Employment.Validation.VALIDATED
    teacher.refresh_from_db()
    assert teacher.is_validated is True
    # The teacher was told, through the same server.
    assert [rcpt for rcpt, _m in smtp_server.messages] == [[school.head_teacher_email], [teacher.email]]
