from django.contrib import admin
from django.http import HttpRequest

from twinning.forums.models import Category, Idea
from twinning.forums.services import category_create


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    """The operator adds, renames, reorders and closes the partner-finding forums here."""

    list_display = ("name", "slug", "kind", "age_band", "country", "position", "is_active", "idea_count")
    list_editable = ("position", "is_active")
    list_filter = ("kind", "is_active")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "code", "description", "kind", "age_band", "country", "position", "is_active")
    # A default forum's code keeps its name translated while the operator keeps the first text.
    readonly_fields = ("code", "idea_count")

    def save_model(self, request: HttpRequest, obj: Category, form: object, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)  # type: ignore[arg-type]
            return
        created = category_create(
            name=obj.name,
            slug=obj.slug,
            kind=obj.kind,
            age_band=obj.age_band,
            country=obj.country,
            description=obj.description,
            position=obj.position,
            is_active=obj.is_active,
        )
        obj.pk = created.pk
        obj.forum = created.forum

    def has_delete_permission(self, request: HttpRequest, obj: Category | None = None) -> bool:
        return False  # ideas keep their forum; close it instead


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "author", "status", "created_at")
    list_filter = ("status", "category")
    list_select_related = ("category", "author")
    search_fields = ("title",)
    raw_id_fields = ("author", "thread")
    readonly_fields = ("created_at", "updated_at", "closed_at")
