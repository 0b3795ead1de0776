from django.contrib import admin

from twinning.progress.models import ProgressAction


@admin.register(ProgressAction)
class ProgressActionAdmin(admin.ModelAdmin):
    """Read-only: the log is written by services only, so it stays a faithful history."""

    list_display = ("user", "kind", "key", "created_at")
    list_filter = ("kind",)
    search_fields = ("user__email", "user__last_name")
    list_select_related = ("user",)
    raw_id_fields = ("user",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
