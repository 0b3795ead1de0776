"""Posts for tests, written through the service so that items, entries and progress follow."""

from twinning.activity.models import Post
from twinning.activity.services import post_create


def post_by(author, body: str = "News from our class.", committed=None, **kwargs) -> Post:
    """A post by `author`; with `committed` (the fixture), its fan-out task runs too."""
    if committed is None:
        return post_create(actor=author, body=body, **kwargs)
    with committed():
        return post_create(actor=author, body=body, **kwargs)
