"""Makes sure the hourly run passing on expired event offers is queued: run it at each deployment."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from twinning.events.scheduling import offers_schedule
from twinning.events.tasks import expire_event_offers


class Command(BaseCommand):
    help = (
        "Queues the hourly run that passes expired waiting-list offers of events to the next teacher in line, "
        "unless one run is already waiting; removes duplicate runs. Safe to run any number of times."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Also queue one run straight away.")

    def handle(self, *args: Any, now: bool = False, **options: Any) -> None:
        when = offers_schedule(fix=True)
        if when is None:
            self.stderr.write("The task backend cannot run tasks later: no offer run was scheduled.")
        else:
            self.stdout.write(f"Event offers run queued for {when.isoformat()}.")
        if now:
            expire_event_offers.enqueue()
            self.stdout.write("One run queued now.")
