from django.contrib import admin
from django.http import HttpRequest

from twinning.network.models import Block, Contact, ContactInvitation, Follow


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("follower", "followed", "created_at")
    search_fields = ("follower__email", "followed__email")
    raw_id_fields = ("follower", "followed")
    readonly_fields = ("created_at",)
    list_select_related = True
    show_full_result_count = False


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("user_low", "user_high", "created_at")
    search_fields = ("user_low__email", "user_high__email")
    raw_id_fields = ("user_low", "user_high")
    readonly_fields = ("created_at",)
    list_select_related = True
    show_full_result_count = False


@admin.register(ContactInvitation)
class ContactInvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations change through their services (accept, decline, withdraw), which keep
    the decision date, the contact, progress and notifications together."""

    list_display = ("sender", "recipient", "status", "created_at", "decided_at")
    list_filter = ("status",)
    search_fields = ("sender__email", "recipient__email")
    readonly_fields = ("sender", "recipient", "note", "status", "created_at", "decided_at")
    list_select_related = True
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ContactInvitation | None = None) -> bool:
        return False


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ("blocker", "blocked", "created_at")
    search_fields = ("blocker__email", "blocked__email")
    raw_id_fields = ("blocker", "blocked")
    readonly_fields = ("created_at",)
    list_select_related = True
    show_full_result_count = False
