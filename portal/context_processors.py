from django.conf import settings

from .navigation import breadcrumbs_for, nav_for, nav_groups_for


def portal(request):
    user = getattr(request, "user", None)
    path = getattr(request, "path", "")
    top, groups = nav_groups_for(user, path)
    return {
        "nav_items": nav_for(user),
        "nav_top": top,
        "nav_groups": groups,
        "breadcrumbs": breadcrumbs_for(user, path),
        "demo_mode": settings.DEMO_MODE,
    }
