"""Demo data for every app, idempotent: running it twice changes nothing.

Each app adds its part through a `seed_demo(stdout)` function in its
`demo.py`; this command runs the portal's (demo logins) first.
"""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_APPS = ["portal", "accreditation", "accreditation.quadrennial", "participation", "trustfund", "partnerships"]


class Command(BaseCommand):
    help = "Create or refresh the demo data and the demo logins (password: demo)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Run even with DEBUG off (the demo logins have public passwords and keys).")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError("DEBUG is off: this looks like a real server, and the demo logins have public "
                               "passwords and authenticator keys. Add --force to seed it anyway.")
        for app in DEMO_APPS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name == f"{app}.demo":
                    continue
                raise
            with transaction.atomic():
                module.seed_demo(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Logins: ngo, secretariat, committee, "
                                             "board, donor, focalpoint, admin — password: demo; staff logins ask for "
                                             "the code of the demo authenticator key (README)"))
