"""Certificates in the Django admin: look up a code or a holder; certificates are issued only by their holder's
download (the service checks the condition), so nothing here adds or changes one. Deleting withdraws a
certificate issued by mistake: its code then no longer verifies."""

from django.contrib import admin
from django.http import HttpRequest

from twinning.certificates.models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ("code", "holder_name", "kind", "title", "starts_on", "ends_on", "issued_at")
    list_filter = ("kind", "language")
    search_fields = ("=code", "holder_name", "holder__email", "title")
    date_hierarchy = "issued_at"
    list_select_related = ("holder",)
    raw_id_fields = ("holder",)
    readonly_fields = (
        "kind",
        "holder",
        "subject_id",
        "code",
        "holder_name",
        "title",
        "starts_on",
        "ends_on",
        "language",
        "issued_at",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Certificate | None = None) -> bool:
        return False
