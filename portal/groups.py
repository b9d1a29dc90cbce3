"""Django admin permissions per role, kept as groups named after the roles.

The portal's own pages check roles and object rules (rules.py); the Django
admin needs model permissions. Staff roles get the admin rights listed here,
e.g. secretariat officers see and edit the periodic-job schedule."""

from django.contrib.auth.models import Group, Permission

from .roles import Role

ROLE_ADMIN_PERMISSIONS = {
    Role.SECRETARIAT: [
        "django_celery_beat.view_periodictask", "django_celery_beat.change_periodictask",
        "django_celery_beat.view_crontabschedule", "django_celery_beat.add_crontabschedule",
        "django_celery_beat.change_crontabschedule", "django_celery_beat.view_intervalschedule",
        "django_celery_beat.add_intervalschedule", "django_celery_beat.change_intervalschedule",
        "django_celery_results.view_taskresult",
        "portal.view_auditentry",
        "portal.view_outboxmessage",  # the outbox: what waits, what failed, "retry now"
    ],
}


def group_name(role) -> str:
    return f"role:{role}"


def install_role_groups():
    for role, perms in ROLE_ADMIN_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name(role))
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)


def sync_user_role_group(user):
    """Put the user in their role's group and out of the other roles' groups."""
    role_groups = Group.objects.filter(name__startswith="role:")
    user.groups.remove(*[g for g in role_groups if g.name != group_name(user.role)])
    mine = role_groups.filter(name=group_name(user.role)).first()
    if mine:
        user.groups.add(mine)
