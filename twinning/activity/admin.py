from django.contrib import admin

from twinning.activity.models import Post
from twinning.activity.services import post_files_delete_on_commit


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    """Posts, for moderation: read and delete; the feed rows follow the post, the image files go once committed."""

    list_display = ["author", "created_at", "__str__"]
    list_select_related = ["author"]
    search_fields = ["author__email", "author__last_name"]
    date_hierarchy = "created_at"
    readonly_fields = ["author", "body", "image", "thumbnail", "created_at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        post_files_delete_on_commit([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):  # type: ignore[no-untyped-def]
        post_files_delete_on_commit(list(queryset))
        super().delete_queryset(request, queryset)
