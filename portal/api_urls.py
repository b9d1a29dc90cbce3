"""/api/v1/: every app registers its viewsets on this one router through
`register(router)` in its api.py."""

import importlib

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from .api_views import MeView

API_APPS = ["accreditation", "accreditation.quadrennial", "participation", "trustfund", "partnerships"]

router = DefaultRouter()
for _app in API_APPS:
    try:
        _module = importlib.import_module(f"{_app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"{_app}.api":
            raise
        continue
    _module.register(router)

urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("", include(router.urls)),
]
