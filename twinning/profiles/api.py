"""Profiles in the JSON API: the same visibility rule as the profile page."""

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema, Status

from twinning.profiles.selectors import profile_for_viewer, profile_page

router = Router(tags=["profiles"])


class SchoolOut(Schema):
    name: str
    city: str
    country: str
    role: str
    start_date: date
    end_date: date | None
    current: bool
    validation: str


class ProfileOut(Schema):
    user_id: int
    first_name: str
    last_name: str
    about: str
    subjects: list[str]
    languages: list[str]
    age_bands: list[str]
    interests: list[str]
    available_for_projects: bool
    available_for_plus: bool
    is_validated: bool
    photo_url: str | None
    thumbnail_url: str | None
    email: str | None
    schools: list[SchoolOut]


class NotFound(Schema):
    detail: str


@router.get(
    "/{int:user_id}",
    response={200: ProfileOut, 404: NotFound},
    summary="A teacher's profile",
    description="Answers 404, as for a profile that does not exist, when the viewer may not see it.",
)
def profile_detail(request: HttpRequest, user_id: int) -> Status:
    profile = profile_for_viewer(viewer=request.user, user_id=user_id)
    if profile is None:
        return Status(404, {"detail": "Not found."})
    page = profile_page(viewer=request.user, profile=profile)
    owner = page.owner
    employments = page.current_employments + page.past_employments
    return Status(
        200,
        {
            "user_id": owner.pk,
            "first_name": owner.first_name,
            "last_name": owner.last_name,
            "about": profile.about,
            "subjects": profile.subjects,
            "languages": profile.languages,
            "age_bands": profile.age_bands,
            "interests": profile.interests,
            "available_for_projects": profile.available_for_projects,
            "available_for_plus": profile.available_for_plus,
            "is_validated": owner.is_validated,
            "photo_url": request.build_absolute_uri(profile.photo.url) if profile.photo else None,
            "thumbnail_url": request.build_absolute_uri(profile.thumbnail.url) if profile.thumbnail else None,
            "email": page.email or None,
            "schools": [
                {
                    "name": e.school.name,
                    "city": e.school.city,
                    "country": e.school.country,
                    "role": e.role,
                    "start_date": e.start_date,
                    "end_date": e.end_date,
                    "current": e.is_current,
                    "validation": e.validation,
                }
                for e in employments
            ],
        },
    )
