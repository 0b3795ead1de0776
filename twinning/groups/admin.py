"""The groups in the admin: mostly for reading. Requests are decided, members, invitations and activities change
through the group pages and the support queue, where the rules (last administrator, member counts, the log,
notifications) are kept.
"""

from django.contrib import admin
from django.http import HttpRequest

from twinning.groups.models import Activity, Group, GroupLogEntry, Invitation, Membership


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class MembershipInline(_ReadOnlyInline):
    model = Membership
    fields = ("user", "role", "created_at")
    readonly_fields = ("user", "role", "created_at")


class ActivityInline(_ReadOnlyInline):
    model = Activity
    fields = ("title", "starts_on", "ends_on", "created_by", "created_at")
    readonly_fields = ("title", "starts_on", "ends_on", "created_by", "created_at")


class _ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "topic", "language", "kind", "status", "is_central", "member_count", "created_at"]
    list_filter = ["status", "kind", "is_central", "topic", "language"]
    search_fields = ["name", "description"]
    list_select_related = ["requested_by"]
    # Decisions, the engines' spaces and the counter move with the services only.
    readonly_fields = [
        "status",
        "is_central",
        "requested_by",
        "proposed_moderators",
        "decided_by",
        "decided_at",
        "rejection_reason",
        "forum",
        "library",
        "member_count",
        "created_at",
    ]
    inlines = [MembershipInline, ActivityInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # groups are requested by teachers or opened by the central support service

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # the forum and library are protected, and the log would go with it


@admin.register(Invitation)
class InvitationAdmin(_ReadOnlyAdmin):
    list_display = ["invitee", "group", "invited_by", "state", "created_at", "decided_at"]
    list_filter = ["state"]
    list_select_related = ["invitee", "group", "invited_by"]
    search_fields = ["group__name", "invitee__email", "invitee__last_name", "invitee__first_name"]


@admin.register(GroupLogEntry)
class GroupLogEntryAdmin(_ReadOnlyAdmin):
    list_display = ["created_at", "group", "actor", "action", "detail"]
    list_filter = ["action"]
    list_select_related = ["group", "actor"]
    search_fields = ["group__name", "detail"]
