"""Makes sure the daily reminder run for waiting approval steps is queued: run it at each deployment."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from twinning.projects.scheduling import reminders_schedule
from twinning.projects.tasks import send_step_reminders


class Command(BaseCommand):
    help = (
        "Queues the daily reminders for project approval steps that wait too long, unless one run is already "
        "waiting; removes duplicate runs. Safe to run any number of times."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Also queue one reminder run straight away.")

    def handle(self, *args: Any, now: bool = False, **options: Any) -> None:
        when = reminders_schedule(fix=True)
        if when is None:
            self.stderr.write("The task backend cannot run tasks later: no reminder run was scheduled.")
        else:
            self.stdout.write(f"Project reminders queued for {when.isoformat()}.")
        if now:
            send_step_reminders.enqueue()
            self.stdout.write("One reminder run queued now.")
