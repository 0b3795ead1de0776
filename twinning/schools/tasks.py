"""Background work of the schools app: thin wrappers taking ids, safe to run twice."""

from django_tasks import task

from twinning.schools import services


@task()
def send_head_teacher_link(employment_id: int) -> bool:
    return services.employment_send_head_teacher_link(employment_id=employment_id)


@task()
def send_employment_decision(employment_id: int) -> bool:
    return services.employment_notify_decision(employment_id=employment_id)
