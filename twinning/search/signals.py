"""Keep the search index current: receivers for the rows a document is made of.

Signals are used here because the index is derived data (STYLE.md allows it
for a search index): every save of a user, profile, school-history row or
school, from a service, the admin site or a shell, reaches the index in the
same transaction, so a rolled-back change leaves the index as it was.

Saves that touch no indexed field (a login updating `last_login`, a head
teacher's link being sent) are skipped. Writes that send no signal
(`QuerySet.update()`, `bulk_create`) must be followed by a call to the
services in services.py or by `manage.py search_rebuild`; the schools
service `teacher_validation_refresh` saves with `update_fields` for this.
"""

from collections.abc import Iterable

from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete

from twinning.accounts.models import User
from twinning.forums.models import Idea
from twinning.forums.signals import idea_hidden_changed
from twinning.profiles.models import Profile
from twinning.projects.models import Kit, Partner, Project
from twinning.schools.models import Employment, School
from twinning.search import services

USER_FIELDS = frozenset({"first_name", "last_name", "is_active", "is_validated"})
PROFILE_FIELDS = frozenset(
    {
        "about",
        "subjects",
        "languages",
        "age_bands",
        "interests",
        "available_for_projects",
        "available_for_plus",
        "visibility",
        "user",
        "user_id",
    }
)
EMPLOYMENT_FIELDS = frozenset({"teacher", "teacher_id", "school", "school_id", "start_date", "end_date", "validation"})
# The fields of a school its teachers' documents hold; `is_verified` is in the school's document only.
SCHOOL_FIELDS_OF_TEACHERS = frozenset({"name", "city", "country", "region", "school_type"})
SCHOOL_FIELDS = SCHOOL_FIELDS_OF_TEACHERS | {"is_verified"}
PROJECT_FIELDS = frozenset(
    {
        "title",
        "summary",
        "description",
        "aims",
        "expected_results",
        "subjects",
        "age_bands",
        "languages",
        "countries",
        "status",
        "is_public",
        "kit",
        "kit_id",
    }
)
IDEA_FIELDS = frozenset(
    {
        "title",
        "description",
        "keywords",
        "age_bands",
        "subjects",
        "languages",
        "countries_wanted",
        "status",
        "category",
        "category_id",
        "author",
        "author_id",
    }
)
# An author's validation decides who finds their ideas (held until validated).
USER_FIELDS_OF_IDEAS = frozenset({"is_validated"})
# A partner row gives its project a country while it is active.
PARTNER_FIELDS = frozenset({"project", "project_id", "state", "country"})


def _touches(update_fields: Iterable[str] | None, fields: frozenset[str]) -> bool:
    return update_fields is None or bool(fields.intersection(update_fields))


def user_saved(sender, instance: User, raw: bool = False, created: bool = False, update_fields=None, **kwargs):
    if not raw and _touches(update_fields, USER_FIELDS):
        services.search_index_people(user_ids=[instance.pk])
    # (A new account has no ideas yet.)
    if not raw and not created and _touches(update_fields, USER_FIELDS_OF_IDEAS):
        services.search_index_ideas_of(author_ids=[instance.pk])


def user_deleted(sender, instance: User, **kwargs) -> None:
    services.search_unindex_people(user_ids=[instance.pk])


def profile_saved(sender, instance: Profile, raw: bool = False, update_fields=None, **kwargs) -> None:
    if not raw and _touches(update_fields, PROFILE_FIELDS):
        services.search_index_people(user_ids=[instance.user_id])


def profile_deleted(sender, instance: Profile, **kwargs) -> None:
    services.search_unindex_people(user_ids=[instance.user_id])


def employment_saved(sender, instance: Employment, raw: bool = False, update_fields=None, **kwargs) -> None:
    if not raw and _touches(update_fields, EMPLOYMENT_FIELDS):
        services.search_index_people(user_ids=[instance.teacher_id])


def employment_deleted(sender, instance: Employment, **kwargs) -> None:
    services.search_index_people(user_ids=[instance.teacher_id])


def school_saved(sender, instance: School, raw: bool = False, created: bool = False, update_fields=None, **kwargs):
    if not raw and _touches(update_fields, SCHOOL_FIELDS):
        # A new school has no teachers yet, and verifying one changes none of their documents.
        with_teachers = not created and _touches(update_fields, SCHOOL_FIELDS_OF_TEACHERS)
        services.search_index_schools(school_ids=[instance.pk], with_teachers=with_teachers)


def school_deleted(sender, instance: School, **kwargs) -> None:
    services.search_unindex_schools(school_ids=[instance.pk])


def project_saved(sender, instance: Project, raw: bool = False, update_fields=None, **kwargs) -> None:
    if not raw and _touches(update_fields, PROJECT_FIELDS):
        services.search_index_projects(project_ids=[instance.pk])


def project_deleted(sender, instance: Project, **kwargs) -> None:
    services.search_unindex_projects(project_ids=[instance.pk])


def partner_saved(sender, instance: Partner, raw: bool = False, update_fields=None, **kwargs) -> None:
    if not raw and _touches(update_fields, PARTNER_FIELDS):
        services.search_index_projects(project_ids=[instance.project_id])


def partner_deleted(sender, instance: Partner, **kwargs) -> None:
    services.search_index_projects(project_ids=[instance.project_id])


def kit_saved(sender, instance: Kit, raw: bool = False, created: bool = False, update_fields=None, **kwargs) -> None:
    # A project's document holds its kit's title.
    if not raw and not created and _touches(update_fields, frozenset({"title"})):
        services.search_index_projects(project_ids=instance.projects.values_list("pk", flat=True))


def kit_deleting(sender, instance: Kit, **kwargs) -> None:
    # Deleting a kit empties its projects' `kit` with an UPDATE (no signal): note them first.
    instance._search_project_ids = list(instance.projects.values_list("pk", flat=True))  # type: ignore[attr-defined]


def kit_deleted(sender, instance: Kit, **kwargs) -> None:
    services.search_index_projects(project_ids=getattr(instance, "_search_project_ids", []))


def idea_saved(sender, instance: Idea, raw: bool = False, update_fields=None, **kwargs) -> None:
    if not raw and _touches(update_fields, IDEA_FIELDS):
        services.search_index_ideas(idea_ids=[instance.pk])


def idea_deleted(sender, instance: Idea, **kwargs) -> None:
    services.search_unindex_ideas(idea_ids=[instance.pk])


def idea_hidden(sender, idea: Idea, **kwargs) -> None:
    # The support service hid an idea or showed it again (its thread, not the idea row, changed).
    services.search_index_ideas(idea_ids=[idea.pk])


def database_flushed(sender, **kwargs) -> None:
    """`flush` (and each transactional test) empties the tables and then sends post_migrate."""
    services.search_clear_if_no_users()


def connect(app_config) -> None:
    uid = "twinning.search"
    post_save.connect(user_saved, sender=User, dispatch_uid=f"{uid}.user_saved")
    post_delete.connect(user_deleted, sender=User, dispatch_uid=f"{uid}.user_deleted")
    post_save.connect(profile_saved, sender=Profile, dispatch_uid=f"{uid}.profile_saved")
    post_delete.connect(profile_deleted, sender=Profile, dispatch_uid=f"{uid}.profile_deleted")
    post_save.connect(employment_saved, sender=Employment, dispatch_uid=f"{uid}.employment_saved")
    post_delete.connect(employment_deleted, sender=Employment, dispatch_uid=f"{uid}.employment_deleted")
    post_save.connect(school_saved, sender=School, dispatch_uid=f"{uid}.school_saved")
    post_delete.connect(school_deleted, sender=School, dispatch_uid=f"{uid}.school_deleted")
    post_save.connect(project_saved, sender=Project, dispatch_uid=f"{uid}.project_saved")
    post_delete.connect(project_deleted, sender=Project, dispatch_uid=f"{uid}.project_deleted")
    post_save.connect(partner_saved, sender=Partner, dispatch_uid=f"{uid}.partner_saved")
    post_delete.connect(partner_deleted, sender=Partner, dispatch_uid=f"{uid}.partner_deleted")
    post_save.connect(kit_saved, sender=Kit, dispatch_uid=f"{uid}.kit_saved")
    pre_delete.connect(kit_deleting, sender=Kit, dispatch_uid=f"{uid}.kit_deleting")
    post_delete.connect(kit_deleted, sender=Kit, dispatch_uid=f"{uid}.kit_deleted")
    post_save.connect(idea_saved, sender=Idea, dispatch_uid=f"{uid}.idea_saved")
    post_delete.connect(idea_deleted, sender=Idea, dispatch_uid=f"{uid}.idea_deleted")
    idea_hidden_changed.connect(idea_hidden, sender=Idea, dispatch_uid=f"{uid}.idea_hidden")
    post_migrate.connect(database_flushed, sender=app_config, dispatch_uid=f"{uid}.flushed")
