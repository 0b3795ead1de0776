from django.contrib import admin

from twinning.notifications.models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by `notify()` only; staff look, and may delete."""

    list_display = ("recipient", "kind", "actor", "delivery", "created_at", "read_at", "emailed_at")
    list_filter = ("kind", "delivery")
    search_fields = ("recipient__email", "recipient__last_name")
    list_select_related = ("recipient", "actor")
    raw_id_fields = ("recipient", "actor")
    show_full_result_count = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    """Read-only: users choose their own email preferences."""

    list_display = ("user", "kind", "delivery")
    list_filter = ("kind", "delivery")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    raw_id_fields = ("user",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
