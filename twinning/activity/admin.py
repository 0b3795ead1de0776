from django.contrib import admin

from twinning.activity.models import Post


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    """Posts, for moderation: read and delete; the feed rows follow the post."""

    list_display = ["author", "created_at", "__str__"]
    list_select_related = ["author"]
    search_fields = ["author__email", "author__last_name"]
    date_hierarchy = "created_at"
    readonly_fields = ["author", "body", "image", "thumbnail", "created_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
