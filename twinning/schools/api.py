"""The schools JSON API: the same selectors as the pages, public fields only."""

from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from twinning.core.api import check_id
from twinning.schools import selectors
from twinning.schools.models import School

router = Router(tags=["schools"])


class SchoolOut(Schema):
    id: int
    name: str
    country: str
    region: str
    city: str
    school_type: str
    age_bands: list[str]
    website: str
    is_verified: bool


class SchoolFilters(Schema):
    q: str = Field("", max_length=100, description="Part of the school's name, any case.")
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2 country code.")


class SchoolPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int | None = Field(None, ge=1, le=100)


@router.get("/", response=list[SchoolOut], summary="Find schools by name and country")
@paginate(SchoolPagination, page_size=50)
def list_schools(request: Any, filters: Query[SchoolFilters]) -> Any:
    return selectors.school_search(q=filters.q, country=filters.country)


class NotFound(Schema):
    detail: str


@router.get("/{school_id}", response={200: SchoolOut, 404: NotFound}, summary="One school")
def get_school(request: Any, school_id: int) -> School:
    return get_object_or_404(School, pk=check_id(school_id))
