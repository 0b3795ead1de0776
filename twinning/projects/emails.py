"""Rendering and sending the projects app's emails (notifications send their own)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from twinning.projects.models import ApprovalStep
from twinning.schools.emails import school_language


def send_head_teacher_step_link(*, step: ApprovalStep, token: str, reminder: bool = False) -> None:
    """The head teacher's one-click link, in the school's language (English when we do not have it)."""
    school = step.school
    assert school is not None
    context = {
        "step": step,
        "project": step.project,
        "teacher": step.partner.teacher,
        "school": school,
        "reminder": reminder,
        "link": settings.SITE_URL + reverse("projects:head_teacher_link", args=[token]),
        "days": settings.PROJECTS_HEAD_TEACHER_LINK_DAYS,
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
    }
    with translation.override(school_language(school)):
        subject = " ".join(render_to_string("projects/email/head_teacher_link_subject.txt", context).split())
        body = render_to_string("projects/email/head_teacher_link_body.txt", context)
    EmailMessage(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=body, to=[school.head_teacher_email]
    ).send()
