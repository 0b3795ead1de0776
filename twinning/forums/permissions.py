"""Who sees and does what in the partner-finding forums: the one place for these rules.

- Ideas are read by signed-in teachers only (pupils get nothing, signed-out visitors are sent to log in).
- An idea of a validated author is visible to every signed-in teacher; an idea of an author not
  validated yet is "held until your validation": visible to its author only. Held is read from
  `author.is_validated` when the idea is read, so the idea appears the moment its author is validated.
- Any active teacher publishes (their idea is held until they are validated); the author edits and
  closes their own open idea.
- Replies: every reader of a visible idea reads them; validated teachers reply while the idea is open.
  Support officers moderate the replies of ideas whose author works in their scope (the central
  service: every idea).
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from twinning.accounts.models import User
from twinning.accounts.permissions import support_scope
from twinning.discussions.permissions import ForumAccess
from twinning.forums.models import Idea
from twinning.schools.models import School
from twinning.schools.selectors import current_employment_q

Viewer = User | AnonymousUser


def is_teacher(user: Viewer) -> bool:
    """A signed-in, active adult account (pupils never use the forums)."""
    return bool(user.is_authenticated and user.is_active and not getattr(user, "is_pupil", False))


def visible_ideas(viewer: Viewer) -> QuerySet[Idea]:
    """Ideas `viewer` may read: validated authors' ideas to every teacher, held ones to their author only."""
    if not is_teacher(viewer):
        return Idea.objects.none()
    return Idea.objects.filter(Q(author__is_validated=True) | Q(author_id=viewer.pk))


def can_view_idea(viewer: Viewer, idea: Idea) -> bool:
    """The yes/no twin of `visible_ideas`."""
    if not is_teacher(viewer):
        return False
    return idea.author.is_validated or idea.author_id == viewer.pk


def is_held(idea: Idea) -> bool:
    """Held until the author's validation: nobody but the author sees it."""
    return not idea.author.is_validated


def can_publish_idea(user: Viewer) -> bool:
    return is_teacher(user)


def can_change_idea(user: Viewer, idea: Idea) -> bool:
    """The author edits and closes their own idea while it is open."""
    return is_teacher(user) and idea.author_id == user.pk and idea.status == Idea.Status.OPEN


def author_schools_in_scope(officer: Viewer, author_id: int) -> bool:
    """Whether a current school of the author lies in the officer's support scope."""
    if not officer.is_authenticated:
        return False
    scope = support_scope(officer)  # type: ignore[arg-type]
    if scope.is_empty:
        return False
    if scope.central:
        return True
    schools = School.objects.filter(current_employment_q("employments__"), employments__teacher_id=author_id).filter(
        scope.filter("country", "region")
    )
    return schools.exists()


def can_moderate_replies(user: Viewer, idea: Idea) -> bool:
    """Support officers whose scope covers the idea's author moderate its replies."""
    return is_teacher(user) and author_schools_in_scope(user, idea.author_id)


@dataclass(frozen=True)
class IdeaAccess:
    """What one reader may do with one visible idea (the pages show only what is allowed)."""

    can_change: bool
    can_reply: bool
    can_moderate: bool

    def replies(self) -> ForumAccess:
        return ForumAccess(
            can_read=True, can_start_thread=False, can_reply=self.can_reply, can_moderate=self.can_moderate
        )


def idea_access(user: Viewer, idea: Idea) -> IdeaAccess:
    """`user` must be allowed to view the idea (`can_view_idea`); this says what else they may do."""
    if not can_view_idea(user, idea):
        return IdeaAccess(can_change=False, can_reply=False, can_moderate=False)
    assert isinstance(user, User)
    is_open = idea.status == Idea.Status.OPEN
    return IdeaAccess(
        can_change=can_change_idea(user, idea),
        can_reply=is_open and user.is_validated and not is_held(idea),
        can_moderate=can_moderate_replies(user, idea),
    )
