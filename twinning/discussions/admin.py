from django.contrib import admin

from twinning.discussions.models import Forum, Post, Thread


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["__str__", "purpose", "thread_count", "created_at"]
    list_filter = ["purpose"]
    search_fields = ["purpose"]
    readonly_fields = ["thread_count", "created_at"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "forum", "author", "post_count", "last_post_at", "is_pinned", "is_locked", "is_hidden"]
    list_filter = ["is_pinned", "is_locked", "is_hidden"]
    list_select_related = ["forum", "author"]
    raw_id_fields = ["forum", "author"]
    search_fields = ["title"]
    # Counters move with the services; editing them here would make them lie.
    readonly_fields = ["post_count", "last_post_at", "created_at"]
    date_hierarchy = "created_at"


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "thread", "author", "created_at", "is_hidden"]
    list_filter = ["is_hidden"]
    list_select_related = ["thread", "author"]
    raw_id_fields = ["thread", "parent", "author", "hidden_by"]
    search_fields = ["body", "thread__title"]
    readonly_fields = ["created_at", "edited_at", "is_hidden", "hidden_by"]
