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
- Hidden ideas: any reader may report an idea (its opening post, the thread's first message); when a
  support officer hides that post, the engine hides the whole thread, and the idea is then visible only
  to its author (marked "hidden by the support service") and to the officers who may moderate it (the
  author's scope). Hidden is read from `thread.is_hidden` each time, like held, so showing the post
  again brings the idea back everywhere.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from twinning.accounts.models import User
from twinning.accounts.permissions import support_scope
from twinning.discussions.permissions import ForumAccess
from twinning.forums.models import Idea
from twinning.schools.models import Employment, School
from twinning.schools.selectors import current_employment_q

Viewer = User | AnonymousUser


def is_teacher(user: Viewer) -> bool:
    """A signed-in, active adult account (pupils never use the forums)."""
    return bool(user.is_authenticated and user.is_active and not getattr(user, "is_pupil", False))


def _moderated_authors_q(viewer: Viewer) -> Q | None:
    """Ideas whose author teaches now in the viewer's support scope (every idea for the central service);
    None when the viewer is no support officer. The query twin of `author_schools_in_scope`."""
    scope = support_scope(viewer)  # type: ignore[arg-type]
    if scope.is_empty:
        return None
    if scope.central:
        return Q()
    in_scope = (
        Employment.objects.filter(teacher_id=OuterRef("author_id"))
        .filter(current_employment_q())
        .filter(scope.filter("school__country", "school__region"))
    )
    return Q(Exists(in_scope))


def visible_ideas(viewer: Viewer) -> QuerySet[Idea]:
    """Ideas `viewer` may read: validated authors' ideas to every teacher unless the support service hid
    them, held and hidden ones to their author, hidden ones also to the officers who may moderate them."""
    if not is_teacher(viewer):
        return Idea.objects.none()
    readable = Q(author__is_validated=True, thread__is_hidden=False) | Q(author_id=viewer.pk)
    moderated = _moderated_authors_q(viewer)
    if moderated is not None:
        readable |= Q(author__is_validated=True) & moderated
    return Idea.objects.filter(readable)


def can_view_idea(viewer: Viewer, idea: Idea) -> bool:
    """The yes/no twin of `visible_ideas`."""
    if not is_teacher(viewer):
        return False
    if idea.author_id == viewer.pk:
        return True
    if not idea.author.is_validated:
        return False
    return not is_hidden_idea(idea) or author_schools_in_scope(viewer, idea.author_id)


def is_held(idea: Idea) -> bool:
    """Held until the author's validation: nobody but the author sees it."""
    return not idea.author.is_validated


def is_hidden_idea(idea: Idea) -> bool:
    """Hidden by the support service: its opening post is hidden, which hides its thread (the engine's
    `post_set_hidden`); nobody but its author and the officers in scope sees it."""
    return idea.thread.is_hidden


def can_publish_idea(user: Viewer) -> bool:
    return is_teacher(user)


def can_change_idea(user: Viewer, idea: Idea) -> bool:
    """The author edits and closes their own idea while it is open and not hidden by the support service."""
    return (
        is_teacher(user) and idea.author_id == user.pk and idea.status == Idea.Status.OPEN and not is_hidden_idea(idea)
    )


def can_report_idea(user: Viewer, idea: Idea) -> bool:
    """Any reader but its author reports a visible idea that is not hidden (once: the engine's rule)."""
    return can_view_idea(user, idea) and idea.author_id != user.pk and not is_hidden_idea(idea)


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
        can_reply=is_open and user.is_validated and not is_held(idea) and not is_hidden_idea(idea),
        can_moderate=can_moderate_replies(user, idea),
    )
