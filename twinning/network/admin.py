from django.contrib import admin

from twinning.network.models import Follow


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("follower", "followed", "created_at")
    search_fields = ("follower__email", "followed__email")
    raw_id_fields = ("follower", "followed")
    readonly_fields = ("created_at",)
    list_select_related = True
    show_full_result_count = False
