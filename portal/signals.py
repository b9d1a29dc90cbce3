import json

from django.conf import settings
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from .groups import install_role_groups, sync_user_role_group
from .models import User


@receiver(post_migrate)
def install_periodic_tasks(sender, **kwargs):
    """Put settings.PERIODIC_TASKS into the editable beat schedule once;
    staff changes made afterwards in the admin are kept."""
    if sender.name != "django_celery_beat":
        return
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    for name, spec in settings.PERIODIC_TASKS.items():
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        minute, hour, day_of_month, month_of_year, day_of_week = spec["crontab"].split()
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_month=day_of_month, month_of_year=month_of_year,
            day_of_week=day_of_week, timezone=settings.TIME_ZONE,
        )
        PeriodicTask.objects.create(name=name, task=spec["task"], crontab=crontab,
                                    kwargs=json.dumps(spec.get("kwargs", {})))


@receiver(post_migrate)
def install_groups(sender, **kwargs):
    if sender.name == "portal":
        install_role_groups()


@receiver(post_save, sender=User)
def keep_role_group(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_user_role_group(instance)
