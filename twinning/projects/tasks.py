"""Background work of the projects app: thin wrappers taking ids, safe to run twice."""

from django_tasks import task

from twinning.projects import services


@task()
def send_head_teacher_step_link(step_id: int, reminder: bool = False) -> bool:
    """Emails the head teacher's link while the step still waits (a decided step gets nothing)."""
    return services.step_send_head_teacher_link(step_id=step_id, reminder=reminder)


@task()
def send_step_reminders() -> int:
    """The daily run: queues tomorrow's run, then reminds every step waiting too long (each once a week)."""
    from twinning.projects.scheduling import reminders_dispatch

    return reminders_dispatch()
