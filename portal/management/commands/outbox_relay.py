from django.core.management.base import BaseCommand

from portal import outbox
from portal.models import OutboxMessage


class Command(BaseCommand):
    help = ("Send what is due in the outbox (tasks to the broker, e-mails to the mail server), as the "
            "periodic relay does. --retry-failed first makes failed rows due again.")

    def add_arguments(self, parser):
        parser.add_argument("--retry-failed", action="store_true", help="retry the failed rows as well")
        parser.add_argument("--limit", type=int, default=None, help="at most this many rows")

    def handle(self, *args, retry_failed=False, limit=None, **options):
        if retry_failed:
            n = outbox.retry_now(OutboxMessage.objects.filter(state=OutboxMessage.State.FAILED))
            self.stdout.write(f"{n} failed rows made due again")
        result = outbox.relay(limit=limit)
        self.stdout.write(" ".join(f"{k}={v}" for k, v in result.items()))
        self.stdout.write(" ".join(f"{k}={v}" for k, v in outbox.backlog().items()))
