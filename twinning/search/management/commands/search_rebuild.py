"""manage.py search_rebuild: refill the search index from the tables, and say how long it took."""

from django.core.management.base import BaseCommand, CommandParser

from twinning.search.services import search_rebuild


class Command(BaseCommand):
    help = "Rebuilds the search index of people, schools, projects and project ideas from the database tables."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=50_000, help="Ids per INSERT ... SELECT batch (default 50000)."
        )

    def handle(self, *args: object, **options: object) -> None:
        batch_size = int(options["batch_size"])  # type: ignore[call-overload]
        if batch_size < 1:
            self.stderr.write("--batch-size must be at least 1.")
            raise SystemExit(2)
        report = search_rebuild(batch_size=batch_size)
        self.stdout.write(
            f"Indexed {report.people:,} people, {report.schools:,} schools, {report.projects:,} projects "
            f"and {report.ideas:,} project ideas in {report.seconds:.1f} s."
        )
