from django.core.management.base import BaseCommand

from partnerships.search import bump_directory_version, rebuild_index


class Command(BaseCommand):
    help = "Rebuild the public directory's search index (normalised names and acronyms) in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, batch_size, **options):
        count = rebuild_index(batch_size=batch_size)
        bump_directory_version()
        self.stdout.write(self.style.SUCCESS(f"Directory index rebuilt: {count} organisations."))
