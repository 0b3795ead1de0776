"""Small pieces every projects service shares: locking, the log, countries, links, notices."""

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from twinning.accounts.models import User
from twinning.notifications.services import notify
from twinning.projects.models import LogEntry, Partner, Project
from twinning.projects.selectors import active_founders


def lock_project(project: Project) -> Project:
    """The project row, locked until the transaction ends: every transition starts here, so two
    decisions on one project run one after the other and the second sees the first."""
    return Project.objects.select_for_update().get(pk=project.pk)


def log(project: Project, actor: User | None, action: str, detail: str = "") -> LogEntry:
    return LogEntry.objects.create(project=project, actor=actor, action=action, detail=detail[:500])


def refresh_countries(project: Project) -> None:
    """`Project.countries` = the distinct countries of the active partners, in the order they joined."""
    countries: list[str] = []
    rows = Partner.objects.filter(project=project, state=Partner.State.ACTIVE).order_by("joined_at", "pk")
    for country in rows.values_list("country", flat=True):
        if country and country not in countries:
            countries.append(country)
    if countries != list(project.countries):
        project.countries = countries
        Project.objects.filter(pk=project.pk).update(countries=countries, updated_at=timezone.now())


def link(name: str, *args: object) -> str:
    """A path for a notification; an empty one (the notice stays readable) while a page is not mounted."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def project_link(project: Project) -> str:
    return link("projects:detail", project.pk)


def notify_founders(project: Project, kind: str, *, actor: User | None, params: dict[str, str | int]) -> None:
    url = project_link(project)
    for founder in active_founders(project):
        notify(recipient=founder, kind=kind, actor=actor, url=url, params={"project": project.title, **params})


def notify_members(
    project: Project, kind: str, *, actor: User | None, params: dict[str, str | int] | None = None
) -> None:
    url = project_link(project)
    rows = Partner.objects.filter(project=project, state=Partner.State.ACTIVE).select_related("teacher")
    for row in rows:
        notify(
            recipient=row.teacher, kind=kind, actor=actor, url=url, params={"project": project.title, **(params or {})}
        )
