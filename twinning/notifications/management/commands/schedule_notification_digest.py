"""Makes sure the daily notification summary is queued: run it at each deployment (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from twinning.notifications.scheduling import digest_schedule
from twinning.notifications.tasks import send_daily_digests


class Command(BaseCommand):
    help = (
        "Queues the daily notification summary for the next NOTIFICATIONS_DIGEST_HOUR (UTC) unless one run is "
        "already waiting; removes duplicate runs. Safe to run any number of times."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="Also queue one summary run straight away (the worker sends it)."
        )

    def handle(self, *args: Any, now: bool = False, **options: Any) -> None:
        when = digest_schedule(fix=True)
        if when is None:
            self.stderr.write("The task backend cannot run tasks later: no daily summary was scheduled.")
        else:
            self.stdout.write(f"Daily notification summary queued for {when.isoformat()}.")
        if now:
            send_daily_digests.enqueue()
            self.stdout.write("One summary run queued now.")
