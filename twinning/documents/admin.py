from django.contrib import admin

from twinning.documents.models import Document, Library


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "purpose", "document_count", "total_bytes", "created_at"]
    list_filter = ["purpose"]
    search_fields = ["purpose"]
    readonly_fields = ["document_count", "total_bytes", "created_at"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "library", "kind", "size", "uploaded_by", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["library", "uploaded_by"]
    raw_id_fields = ["library", "uploaded_by"]
    search_fields = ["title", "original_name"]
    # Type and size were checked from the bytes at upload; the file is replaced only through the services.
    readonly_fields = ["file", "original_name", "kind", "content_type", "size", "created_at"]
