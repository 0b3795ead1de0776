"""Projects in the admin site: read-mostly, since every state change goes through the services."""

from django.contrib import admin

from twinning.projects.models import ApprovalStep, Kit, LogEntry, Partner, Project


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class PartnerInline(ReadOnlyInline):
    model = Partner
    fk_name = "project"
    fields = ["teacher", "school", "country", "role", "state", "invited_by", "created_at", "joined_at", "ended_at"]
    readonly_fields = fields


class StepInline(ReadOnlyInline):
    model = ApprovalStep
    fields = ["kind", "partner", "school", "country", "region", "state", "decided_by", "decided_via", "decided_at"]
    readonly_fields = fields


class LogInline(ReadOnlyInline):
    model = LogEntry
    fields = ["created_at", "actor", "action", "detail"]
    readonly_fields = fields


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    """Status, partners and steps are read-only here: changing them would skip the pipeline's rules."""

    list_display = ["title", "status", "countries", "is_public", "created_at", "opened_at"]
    list_filter = ["status", "is_public", "open_to_plus"]
    search_fields = ["title", "summary"]
    readonly_fields = [
        "status",
        "stopped_reason",
        "founded_by",
        "twinspace",
        "countries",
        "kit",
        "created_at",
        "updated_at",
        "submitted_at",
        "opened_at",
        "closed_at",
    ]
    inlines = [PartnerInline, StepInline, LogInline]
    raw_id_fields = ["kit"]


@admin.register(Kit)
class KitAdmin(admin.ModelAdmin):
    list_display = ["title", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "summary"]
    readonly_fields = ["created_by", "created_at", "updated_at"]


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "project", "actor", "action", "detail"]
    list_filter = ["action"]
    readonly_fields = ["project", "actor", "action", "detail", "created_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
