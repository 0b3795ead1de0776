"""Ideas made through the service, as a teacher publishes them."""

from twinning.accounts.models import User
from twinning.forums.models import Category, Idea
from twinning.forums.services import idea_publish


def category(slug: str = "ages-10-12") -> Category:
    """One of the default forums the migration creates."""
    return Category.objects.get(slug=slug)


def publish(author: User, *, slug: str = "ages-10-12", **changes: object) -> Idea:
    fields: dict[str, object] = {
        "title": "Weather diaries across Europe",
        "description": "Our pupils measure the weather for a month and compare it with yours.",
        "age_bands": ["10-12"],
        "subjects": ["biology"],
        "languages": ["en"],
        "countries_wanted": ["FR", "IT"],
        "keywords": "weather, climate",
        "availability": "From October, for three months.",
    }
    fields.update(changes)
    return idea_publish(actor=author, category=category(slug), **fields)  # type: ignore[arg-type]
