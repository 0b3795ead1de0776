"""Self-learning modules in the Django admin: the central support service writes them here."""

from django.contrib import admin

from twinning.learning.models import Completion, Module, Question, Step


class StepInline(admin.StackedInline):
    model = Step
    extra = 1


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 1


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ("title", "language", "position", "is_published", "created_at")
    list_filter = ("is_published", "language")
    search_fields = ("title",)
    inlines = [StepInline, QuestionInline]


@admin.register(Completion)
class CompletionAdmin(admin.ModelAdmin):
    list_display = ("module", "user", "score", "completed_at")
    list_select_related = ("module", "user")
    raw_id_fields = ("user",)
    readonly_fields = ("module", "user", "score", "completed_at")
    search_fields = ("user__email", "module__title")
