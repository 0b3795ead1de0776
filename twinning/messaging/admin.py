from django.contrib import admin

from twinning.messaging.models import Conversation, ConversationMember, Message


class ConversationMemberInline(admin.TabularInline):
    model = ConversationMember
    raw_id_fields = ["user"]
    extra = 0
    readonly_fields = ["unread_count", "last_read_at", "last_message_at", "has_written", "joined_at"]


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_by", "created_at", "last_message_at"]
    list_select_related = ["created_by"]
    raw_id_fields = ["created_by"]
    readonly_fields = ["created_at", "last_message_at", "last_message_preview"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    inlines = [ConversationMemberInline]


@admin.register(ConversationMember)
class ConversationMemberAdmin(admin.ModelAdmin):
    list_display = ["conversation", "user", "unread_count", "last_read_at", "left_at"]
    list_select_related = ["conversation", "user"]
    raw_id_fields = ["conversation", "user"]
    readonly_fields = ["unread_count", "last_read_at", "last_message_at", "has_written", "joined_at"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["conversation", "sender", "created_at"]
    list_select_related = ["conversation", "sender"]
    raw_id_fields = ["conversation", "sender"]
    readonly_fields = ["body", "created_at"]
