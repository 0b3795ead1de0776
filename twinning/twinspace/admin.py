"""The TwinSpaces in the admin: mostly for reading. Members, pupils and content change through the TwinSpace pages,
where the rules (last administrator, pupils' roles, sanitised pages, counters) are kept.

A pupil's row shows the nickname and login name only: never the account's
password hash nor its placeholder address.
"""

from django.contrib import admin
from django.http import HttpRequest

from twinning.twinspace.models import Comment, Membership, Page, Pupil, TwinSpace, Update


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["user", "role", "added_by", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(TwinSpace)
class TwinSpaceAdmin(admin.ModelAdmin):
    list_display = ["title", "is_closed", "created_at"]
    list_filter = ["is_closed"]
    search_fields = ["title"]
    # The engines' forum, board and library are made with the TwinSpace and never swapped.
    readonly_fields = ["forum", "teachers_board", "materials", "is_closed", "created_at"]
    inlines = [MembershipInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # TwinSpaces open with their project


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "twinspace", "role", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "twinspace"]
    search_fields = ["twinspace__title", "user__email", "user__last_name", "user__first_name"]
    readonly_fields = ["twinspace", "user", "role", "added_by", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Pupil)
class PupilAdmin(admin.ModelAdmin):
    list_display = ["nickname", "login", "twinspace", "created_by", "created_at"]
    list_select_related = ["twinspace", "created_by"]
    search_fields = ["nickname", "login", "twinspace__title"]
    # Only these fields: the account itself (password hash, placeholder address) is never shown here.
    fields = ["nickname", "login", "twinspace", "created_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # pupils are made in bulk by a teacher administrator, with a generated password


@admin.register(Update)
class UpdateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "twinspace", "board", "author", "is_pinned", "comment_count", "created_at"]
    list_filter = ["board", "is_pinned"]
    list_select_related = ["twinspace", "author"]
    raw_id_fields = ["twinspace", "author"]
    search_fields = ["body", "twinspace__title"]
    readonly_fields = ["comment_count", "created_at"]  # the counter moves with the services


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "update", "author", "created_at"]
    list_select_related = ["update", "author"]
    raw_id_fields = ["update", "author"]
    search_fields = ["body"]
    readonly_fields = ["created_at"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # deleting here would leave the update's comment count wrong


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "twinspace", "position", "status", "is_public", "parental_consent", "updated_at"]
    list_filter = ["status", "is_public", "parental_consent"]
    list_select_related = ["twinspace"]
    search_fields = ["title", "twinspace__title"]
    # The text is sanitised by the page service when saved; the admin only reads it.
    readonly_fields = [
        "twinspace",
        "title",
        "body",
        "position",
        "status",
        "is_public",
        "parental_consent",
        "created_by",
        "created_at",
        "updated_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
