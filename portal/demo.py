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


# The authenticator key of every demo login whose role needs two-step login
# (README: add it to an authenticator app, or compute the code with
# `python -c "from portal.demo import demo_code; print(demo_code())"`).
# Public: demo data never belongs on a server people rely on (seed_demo refuses without DEBUG).
DEMO_TOTP_KEY_BASE32 = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def demo_totp_key_hex() -> str:
    import base64

    return base64.b32decode(DEMO_TOTP_KEY_BASE32).hex()


def ensure_demo_authenticator(user):
    """A confirmed authenticator with the demo key for `user` (kept if it has one)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Demo authenticator", key=demo_totp_key_hex(),
                                           confirmed=True)
    return device


def current_code(device) -> str:
    """The code `device` accepts now: the current time step, or the next one
    when this step's code was used already (a code works once)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now_t = totp.t()
    target = max(now_t, device.last_t + 1)
    totp.drift = device.drift + (target - now_t)
    return f"{totp.token():0{device.digits}d}"


def demo_code() -> str:
    import base64

    from django_otp.oath import TOTP

    return f"{TOTP(base64.b32decode(DEMO_TOTP_KEY_BASE32)).token():06d}"


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
        from .twofactor import requires_two_factor

        if requires_two_factor(user):
            ensure_demo_authenticator(user)
    stdout.write(f"  demo logins: {len(DEMO_USERS)}")
