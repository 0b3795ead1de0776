from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.schools.models import Employment, School


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "country", "region", "school_type", "is_verified", "created_at")
    list_filter = ("is_verified", "country", "school_type", "region")
    search_fields = ("name", "city", "postcode", "head_teacher_name", "head_teacher_email")
    readonly_fields = ("verified_at", "verified_by", "registered_by", "created_at", "updated_at")
    formfield_overrides = {models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}}
    list_select_related = True
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("name", "school_type", "age_bands", "website")}),
        (_("Where"), {"fields": ("country", "region", "city", "address", "postcode")}),
        (_("Head teacher"), {"fields": ("head_teacher_name", "head_teacher_email")}),
        (_("Verification"), {"fields": ("is_verified", "verified_at", "verified_by", "registered_by")}),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin):
    """Decisions are taken in the Support area, which records who decided and tells the
    teacher; here they are read-only so the audit fields stay truthful."""

    list_display = ("teacher", "school", "role", "start_date", "end_date", "validation", "validated_via", "decided_at")
    list_filter = ("validation", "role", "validated_via", "school__country")
    search_fields = ("teacher__email", "teacher__last_name", "teacher__first_name", "school__name")
    raw_id_fields = ("teacher", "school")
    readonly_fields = (
        "validation", "validated_via", "decided_by", "decided_at", "decision_note",
        "head_teacher_link_sent_at", "decision_notified_at", "created_at", "updated_at",
    )  # fmt: skip
    list_select_related = ("teacher", "school")
    date_hierarchy = "created_at"
    show_full_result_count = False
