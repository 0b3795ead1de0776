from django.contrib import admin

from twinning.profiles.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "visibility", "hide_from_search_engines", "available_for_projects", "updated_at")
    list_filter = ("visibility", "hide_from_search_engines", "available_for_projects", "available_for_plus")
    search_fields = ("user__email", "user__first_name", "user__last_name")
    raw_id_fields = ("user",)
    list_select_related = ("user",)
    readonly_fields = ("created_at", "updated_at")
