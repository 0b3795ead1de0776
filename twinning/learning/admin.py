"""Professional development in the Django admin.

Self-learning modules: the central support service writes them here.
Courses are organised on the site (`learning.courses`), which builds each
course's event, forum and activity threads: here a course's audience and
completion rule may be corrected; its activities and the completions are
only read.
"""

import datetime
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from twinning.core.errors import DomainError
from twinning.events.models import Event
from twinning.learning.courses import clean_activities_required, clean_audience
from twinning.learning.models import Completion, Course, CourseActivity, CourseCompletion, Module, Question, Step


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


def _event_label(name: str) -> Any:
    return Event._meta.get_field(name).verbose_name  # lazy: translated when shown


class CourseActivityInline(admin.StackedInline):
    """Read only: an activity is added on the course's page, which opens its thread with the instructions
    as first post (editing them here would leave that post behind)."""

    model = CourseActivity
    extra = 0
    fields = ("week", "title", "instructions", "thread", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class CourseAdminForm(forms.ModelForm):
    """The course services' rules on the audience and the number of activities to complete (a learning event
    at least one, a seminar none), so a correction here cannot leave a course nobody can complete."""

    class Meta:
        model = Course
        fields = ("audience", "activities_required")

    def clean_audience(self) -> str:
        try:
            return clean_audience(self.cleaned_data["audience"])
        except DomainError as refused:
            raise ValidationError(refused.message) from refused

    def clean_activities_required(self) -> int:
        try:
            return clean_activities_required(self.instance.event.kind, self.cleaned_data["activities_required"])
        except DomainError as refused:
            raise ValidationError(refused.message) from refused


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    form = CourseAdminForm
    list_display = ("__str__", "kind", "language", "starts_at", "capacity", "activities_required")
    list_filter = ("event__kind", "event__language")
    list_select_related = ("event",)
    search_fields = ("event__title",)
    fields = ("event", "audience", "activities_required")
    readonly_fields = ("event",)
    inlines = [CourseActivityInline]

    @admin.display(description=_event_label("kind"))
    def kind(self, course: Course) -> str:
        return course.event.get_kind_display()

    @admin.display(description=_event_label("language"))
    def language(self, course: Course) -> str:
        return course.event.get_language_display()

    @admin.display(description=_event_label("starts_at"))
    def starts_at(self, course: Course) -> datetime.datetime:
        return course.event.starts_at

    @admin.display(description=_event_label("capacity"))
    def capacity(self, course: Course) -> int:
        return course.event.capacity

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a course is organised on the site, with its event

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # the organiser cancels it on the site, which tells the applicants


@admin.register(CourseCompletion)
class CourseCompletionAdmin(admin.ModelAdmin):
    list_display = ("course", "user", "completed_at")
    list_select_related = ("course__event", "user")
    search_fields = ("user__email", "course__event__title")
    readonly_fields = ("course", "user", "completed_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
