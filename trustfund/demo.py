from portal.demo import demo_user

from .models import Donor


def seed_demo(stdout):
    donor, _ = Donor.objects.get_or_create(name="Kingdom of Norway", defaults={"kind": Donor.Kind.MEMBER_STATE})
    donor.users.add(demo_user("donor"))
    stdout.write("  trustfund: demo donor")
