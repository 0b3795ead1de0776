"""Twinning's hooks into django-allauth."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils import translation

from twinning.accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        # A new account starts in the language the visitor was using when signing up.
        user.preferred_language = translation.get_language() or user.preferred_language
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # Imported here: the adapter is allauth's entry point into every app, not part of accounts' layer.
            from twinning.profiles.services import profile_ensure

            profile_ensure(user=user)
        return user

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        return None if getattr(user, "is_pupil", False) else user  # pupils sign in at the pupils' login only

    def post_login(self, request: HttpRequest, user: User, **kwargs: Any) -> Any:
        # Imported here: the adapter is allauth's entry point into every app, not part of accounts' layer.
        from twinning.progress.services import progress_record

        progress_record(user=user, kind="first_login")
        if user.preferred_language:
            translation.activate(user.preferred_language)
        return super().post_login(request, user, **kwargs)
