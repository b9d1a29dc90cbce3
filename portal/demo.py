from django.contrib.auth import get_user_model
from django.utils import timezone

from .roles import Role

DEMO_PASSWORD = "demo"  # noqa: S105  the published demo logins; seed_demo is for demo sites only
DEMO_USERS = [
    ("ngo", Role.NGO, "Amina", "Wanjiru"),
    ("secretariat", Role.SECRETARIAT, "Sofia", "Martínez"),
    ("committee", Role.COMMITTEE, "Pierre", "Dubois"),
    ("board", Role.BOARD, "Li", "Wei"),
    ("donor", Role.DONOR, "Ingrid", "Larsen"),
    ("focalpoint", Role.FOCAL_POINT, "Kagiso", "Molefe"),
    ("admin", Role.ADMIN, "Omar", "Haddad"),
]


def demo_user(username):
    return get_user_model().objects.get(username=username)


def seed_demo(stdout):
    User = get_user_model()
    for username, role, first, last in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@demo.ngo-portal.example.org", "role": role,
                      "first_name": first, "last_name": last},
        )
        user.role = role
        user.is_active = True
        user.email_verified_at = user.email_verified_at or timezone.now()
        user.is_staff = role in (Role.ADMIN, Role.SECRETARIAT)
        user.is_superuser = role == Role.ADMIN
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
    stdout.write(f"  demo logins: {len(DEMO_USERS)}")
