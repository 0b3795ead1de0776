"""Template filters of the project pages: vocabulary labels, waiting times, who decides a step."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from twinning.core.vocabularies import AGE_BAND_NAMES, COUNTRY_NAMES, LANGUAGE_NAMES, REGION_NAMES, SUBJECT_NAMES
from twinning.projects.models import ApprovalStep, LogEntry

register = template.Library()

_VOCABULARIES = {
    "subjects": SUBJECT_NAMES,
    "age_bands": AGE_BAND_NAMES,
    "languages": LANGUAGE_NAMES,
    "countries": COUNTRY_NAMES,
}


@register.filter
def labels(codes: list[str] | None, vocabulary: str) -> str:
    """The labels of a list of codes, comma separated, in the active language: `project.subjects|labels:"subjects"`."""
    names = _VOCABULARIES[vocabulary]
    return ", ".join(str(names[code]) for code in codes or [] if code in names)


@register.filter
def country_name(code: str) -> str:
    return str(COUNTRY_NAMES.get(code, code))


@register.filter
def days_since(moment: datetime.datetime | None) -> int:
    """Whole days from `moment` to now (0 on the same day)."""
    if moment is None:
        return 0
    return max((timezone.now() - moment).days, 0)


@register.filter
def step_decider(step: ApprovalStep) -> str:
    """Who takes the step's decision, in words: the co-founder, the school's head teacher, a support service."""
    if step.kind == ApprovalStep.Kind.COFOUNDER:
        return step.partner.teacher.full_name
    if step.kind == ApprovalStep.Kind.HEAD_TEACHER and getattr(step, "no_head_teacher", False):
        country = COUNTRY_NAMES.get(step.country, step.country)
        return gettext(
            "No head teacher can confirm: the National Support Service of %(country)s decides in their place"
        ) % {"country": country}
    if step.kind == ApprovalStep.Kind.HEAD_TEACHER:
        school = step.school.name if step.school_id else ""
        return gettext("The head teacher of %(school)s") % {"school": school} if school else gettext("The head teacher")
    if step.kind == ApprovalStep.Kind.REGIONAL:
        region = REGION_NAMES.get(step.region, step.region)
        return gettext("The regional support service (%(region)s)") % {"region": region}
    country = COUNTRY_NAMES.get(step.country, step.country)
    return gettext("The National Support Service of %(country)s") % {"country": country}


# The project log stores short action codes; these say them in words. An unknown code shows as it is.
_LOG_ACTIONS = {
    "founded": _("founded the project"),
    "updated": _("changed the project's information"),
    "image_set": _("changed the project's image"),
    "image_added": _("added an image"),
    "image_removed": _("removed an image"),
    "cofounder_invited": _("invited a co-founder"),
    "cofounder_accepted": _("accepted to found the project"),
    "partner_invited": _("invited a partner"),
    "partner_joined": _("joined the project"),
    "invitation_declined": _("declined the invitation"),
    "invitation_withdrawn": _("withdrew an invitation"),
    "invitation_closed": _("an invitation was closed, as the project stopped"),
    "step_approved": _("approved a step"),
    "step_rejected": _("rejected a step"),
    "opened": _("the project was approved and opened"),
    "stopped": _("the project was stopped"),
    "partner_removed": _("removed a partner"),
    "partner_left": _("left the project"),
    "closed": _("ended the project"),
}


@register.filter
def log_action(entry: LogEntry) -> str:
    text = _LOG_ACTIONS.get(entry.action)
    return str(text) if text is not None else entry.action.replace("_", " ")
