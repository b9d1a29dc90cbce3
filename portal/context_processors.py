from django.conf import settings

from .navigation import nav_for


def portal(request):
    return {
        "nav_items": nav_for(getattr(request, "user", None)),
        "demo_mode": settings.DEMO_MODE,
    }
