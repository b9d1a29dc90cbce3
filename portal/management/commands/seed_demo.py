"""Demo data for every app, idempotent: running it twice changes nothing.

Each app adds its part through a `seed_demo(stdout)` function in its
`demo.py`; this command runs the portal's (demo logins) first.
"""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_APPS = ["portal", "accreditation", "accreditation.quadrennial", "participation", "trustfund", "partnerships"]


class Command(BaseCommand):
    help = "Create or refresh the demo data and the demo logins (password: demo)."

    def handle(self, *args, **options):
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
                                             "board, donor, focalpoint, admin — password: demo"))
