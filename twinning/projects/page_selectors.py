"""Reads that only the project pages make, next to the shared ones in `selectors.py`.

Each returns what a page shows in a fixed number of queries, whatever the
number of projects, partners or steps.
"""

from collections import defaultdict

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from twinning.accounts.models import User
from twinning.projects.models import ApprovalStep, Kit, Partner, Project, ProjectImage

LIVE_STATES = (Partner.State.INVITED, Partner.State.ACTIVE)


def live_row(*, user: User | AnonymousUser, project: Project) -> Partner | None:
    """The viewer's invited or active row in the project, if any."""
    if not user.is_authenticated:
        return None
    return Partner.objects.filter(project=project, teacher=user, state__in=LIVE_STATES).first()


def waiting_steps_by_project(*, project_ids: list[int]) -> dict[int, list[ApprovalStep]]:
    """The waiting steps of several projects at once, oldest first: the tab says whom each one waits for."""
    if not project_ids:
        return {}
    steps = (
        ApprovalStep.objects.filter(project_id__in=project_ids, state=ApprovalStep.State.WAITING)
        .select_related("partner__teacher", "school")
        .order_by("created_at", "pk")
    )
    grouped: dict[int, list[ApprovalStep]] = defaultdict(list)
    for step in steps:
        grouped[step.project_id].append(step)
    return dict(grouped)


def project_images(*, project: Project) -> QuerySet[ProjectImage]:
    """The gallery, in the order the pictures were added."""
    return ProjectImage.objects.filter(project=project).order_by("created_at", "pk")


def kits_matching(kits: QuerySet[Kit], *, subject: str = "", age: str = "") -> list[Kit]:
    """Published kits with the subject and age band asked for (both optional).

    The codes live in JSON lists, which SQLite cannot search by element; kits
    are a short, curated list, so the match is made in Python on their codes.
    """
    rows = list(kits)
    if subject:
        rows = [kit for kit in rows if subject in kit.subjects]
    if age:
        rows = [kit for kit in rows if age in kit.age_bands]
    return rows
