"""Events in the Django admin: read and look into, change nothing that counts seats (use the services)."""

from django.contrib import admin

from twinning.events.models import CalendarFeed, Event, Invitation, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    can_delete = False
    raw_id_fields = ("user",)
    readonly_fields = ("user", "state", "created_at", "offered_at", "offer_expires_at", "ended_at", "attended")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "format", "visibility", "status", "starts_at", "capacity", "seats_taken")
    list_filter = ("kind", "format", "visibility", "status", "language")
    search_fields = ("title", "organiser__email")
    date_hierarchy = "starts_at"
    list_select_related = ("organiser",)
    raw_id_fields = ("organiser", "forum", "library")
    readonly_fields = ("seats_taken", "waiting_count", "video_room", "created_at", "updated_at")
    inlines = [RegistrationInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("event", "invitee", "invited_by", "created_at")
    list_select_related = ("event", "invitee", "invited_by")
    raw_id_fields = ("event", "invitee", "invited_by")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at")
    raw_id_fields = ("user",)
    exclude = ("token",)
