"""A teacher with something in every app, made through the services, for the export and deletion tests."""

from dataclasses import dataclass

from tests.accounts.factories import UserFactory
from tests.activity.factories import post_by
from tests.certificates.factories import PARTICIPANT, attended_event, completed_course
from tests.events.factories import make_event
from tests.forums.factories import publish
from tests.groups.factories import make_group
from tests.learning.factories import make_module
from tests.projects.factories import make_project
from tests.twinspace.factories import make_twinspace
from twinning.accounts.models import User
from twinning.certificates.models import Certificate
from twinning.certificates.services import certificate_issue
from twinning.discussions.services import post_reply
from twinning.events.services import register
from twinning.learning.models import Completion, Course
from twinning.messaging.models import Conversation
from twinning.messaging.services import conversation_start, message_send
from twinning.network.services import block_create, contact_create, contact_invite, follow_create
from twinning.profiles.services import profile_update
from twinning.twinspace.models import Comment, Update


@dataclass
class Cast:
    owner: User
    contact: User
    followed: User
    blocked: User
    conversation: Conversation
    course: Course


def teacher_with_everything(owner: User, contact: User, *, tag: str = "") -> Cast:
    """`owner` writes, follows, organises, applies and completes something in every app; `contact` is a
    contact who answers their conversation. `tag` tells a second round of the same data apart."""
    followed = UserFactory(first_name=f"Followed{tag}", last_name="Person", is_validated=True)
    blocked = UserFactory(first_name=f"Blocked{tag}", last_name="Person", is_validated=True)
    profile_update(
        actor=owner,
        profile=owner.profile,
        about=f"I grow tomatoes with my class{tag}.",
        subjects=["biology"],
        languages=["es", "en"],
        age_bands=["10-12"],
        interests="gardening, climate",
        available_for_projects=True,
        available_for_plus=False,
    )
    contact_create(first=owner, second=contact)
    follow_create(actor=owner, followed=followed)
    block_create(actor=owner, blocked=blocked)
    contact_invite(actor=owner, recipient=followed, note=f"Shall we work together{tag}?")
    post_by(owner, f"Our class planted tomatoes{tag}.")
    idea = publish(owner, title=f"Tomatoes across Europe{tag}")
    post_reply(actor=owner, thread=idea.thread, access=PARTICIPANT, body=f"More details soon{tag}.")
    space = make_twinspace(title=f"Gardens{tag}", teacher_admin=owner)
    update = Update.objects.create(twinspace=space.twinspace, author=owner, body=f"Seeds are in{tag}.")
    Comment.objects.create(update=update, author=owner, body=f"First leaves{tag}!")
    conversation = conversation_start(
        actor=owner, recipients=[contact], subject=f"Partnership{tag}", body=f"Hello, shall we start{tag}?"
    )
    message_send(actor=contact, conversation=conversation, body=f"Yes, gladly{tag}.")
    make_project(founder=owner, title=f"Tomato science{tag}")
    make_group(admin=owner, name=f"Tomato growers{tag}")
    make_event(organiser=owner, title=f"Tomato workshop{tag}")
    register(actor=owner, event=make_event(title=f"Someone else's workshop{tag}"))
    attended_event(owner, title=f"A talk attended{tag}")
    course = completed_course(owner, title=f"Projects step by step{tag}")
    certificate_issue(user=owner, kind=Certificate.Kind.COURSE_COMPLETION, subject_id=course.pk)
    Completion.objects.create(module=make_module(title=f"Safe internet{tag}"), user=owner, score=90)
    return Cast(
        owner=owner, contact=contact, followed=followed, blocked=blocked, conversation=conversation, course=course
    )
