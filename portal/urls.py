from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import twofactor, views
from .forms import OutboxPasswordResetForm
from .health import healthz, livez

api_v1 = [
    path("", include("portal.api_urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("livez", livez, name="livez"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", views.PortalLoginView.as_view(), name="login"),
    path("accounts/two-factor/verify/", twofactor.verify, name="two-factor-verify"),
    path("accounts/two-factor/setup/", twofactor.setup, name="two-factor-setup"),
    path("accounts/two-factor/recovery-codes/", twofactor.recovery_codes, name="two-factor-recovery-codes"),
    path("accounts/two-factor/disable/", twofactor.disable, name="two-factor-disable"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/verify/<str:token>/", views.verify_email, name="verify-email"),
    path("accounts/password_reset/", auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
         name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/profile/tokens/", views.api_token_create, name="api-token-create"),
    path("accounts/profile/tokens/<int:pk>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/<str:role>/", views.dashboard_role, name="dashboard-role"),
    path("audit/", views.audit_log, name="audit-log"),
    path("exports/<int:pk>/", views.export_status, name="export-status"),
    path("exports/<int:pk>/download", views.export_download, name="export-download"),
    path("help/", views.info_page, {"page": "help"}, name="help"),
    path("privacy/", views.info_page, {"page": "privacy"}, name="privacy"),
    path("accessibility/", views.info_page, {"page": "accessibility"}, name="accessibility"),
    path("terms/", views.info_page, {"page": "terms"}, name="terms"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("quadrennial/", include("accreditation.quadrennial.urls")),
    path("accreditation/", include("accreditation.urls")),
    path("participation/", include("participation.urls")),
    path("partnerships/", include("partnerships.urls")),
    path("trustfund/", include("trustfund.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler400 = "portal.views.bad_request"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

