"""Rendering and sending the schools app's emails, each in its recipient's language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from twinning.schools.models import Employment, School

# The language most people at a school of this country read. A school's email
# goes out in it when the interface has it, in English otherwise.
COUNTRY_LANGUAGE = {
    "AT": "de", "BE": "fr", "BG": "bg", "HR": "hr", "CY": "el", "CZ": "cs", "DK": "da", "EE": "et",
    "FI": "fi", "FR": "fr", "DE": "de", "GR": "el", "HU": "hu", "IE": "en", "IT": "it", "LV": "lv",
    "LT": "lt", "LU": "fr", "MT": "mt", "NL": "nl", "PL": "pl", "PT": "pt", "RO": "ro", "SK": "sk",
    "SI": "sl", "ES": "es", "SE": "sv", "AL": "sq", "BA": "bs", "IS": "is", "LI": "de", "ME": "sr",
    "MK": "mk", "NO": "no", "RS": "sr", "TR": "tr", "AM": "hy", "AZ": "az", "EG": "ar", "GE": "ka",
    "JO": "ar", "LB": "ar", "MD": "ro", "MA": "ar", "TN": "ar", "UA": "uk",
}  # fmt: skip
BELGIAN_REGION_LANGUAGE = {"BE-VLG": "nl", "BE-WAL": "fr", "BE-DG": "de"}


def school_language(school: School) -> str:
    """The interface language closest to the school's own, English when we do not have it."""
    language = BELGIAN_REGION_LANGUAGE.get(school.region) or COUNTRY_LANGUAGE.get(school.country, "en")
    available = {code for code, _name in settings.LANGUAGES}
    return language if language in available else "en"


def _send(*, template: str, language: str, to: str, context: dict[str, object]) -> None:
    with translation.override(language):
        context = {**context, "SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
        subject_lines = render_to_string(f"schools/emails/{template}_subject.txt", context)
        body = render_to_string(f"schools/emails/{template}_body.txt", context)
    subject = " ".join(subject_lines.split())
    EmailMessage(subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=body, to=[to]).send()


def send_head_teacher_link(*, employment: Employment, token: str) -> None:
    school = employment.school
    _send(
        template="head_teacher_link",
        language=school_language(school),
        to=school.head_teacher_email,
        context={
            "employment": employment,
            "teacher": employment.teacher,
            "school": school,
            "link": settings.SITE_URL + reverse("schools:head_teacher_confirm", args=[token]),
            "days": settings.HEAD_TEACHER_LINK_MAX_AGE // 86400,
        },
    )


def send_decision(*, employment: Employment) -> None:
    teacher = employment.teacher
    _send(
        template="decision",
        language=teacher.preferred_language or settings.LANGUAGE_CODE,
        to=teacher.email,
        context={
            "employment": employment,
            "teacher": teacher,
            "school": employment.school,
            "validated": employment.validation == Employment.Validation.VALIDATED,
            "history_url": settings.SITE_URL + reverse("schools:mine"),
        },
    )
