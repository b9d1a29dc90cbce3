from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .confirm import confirmation
from .forms import ApiTokenForm, ProfileForm, SignupForm, add_service_errors
from .models import ApiToken, AuditEntry
from .params import AuditFilter, parse_query
from .roles import Role

DEMO_LOGINS = [(r.value, r.label) for r in Role]

# Each role's dashboard: apps register a function (request) -> context dict
# that fills the page; empty until an app fills it.
DASHBOARD_PANELS: dict[str, list] = {r.value: [] for r in Role}


def home(request):
    return render(request, "portal/home.html")


def favicon(request):
    """Browsers ask for /favicon.ico: send them to the icon among the static files."""
    return redirect(static("favicon.svg"), permanent=True)


def info_page(request, page):
    """Help and contact, privacy notice, accessibility statement, terms of use."""
    return render(request, f"portal/pages/{page}.html")


class PortalLoginView(LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        from .twofactor import next_step_url

        response = super().form_valid(form)
        # The password was right: a code comes next (or, for a role that needs one, the app's setup).
        step = next_step_url(self.request, form.get_user(), self.get_success_url())
        return redirect(step) if step else response

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["demo_logins"] = DEMO_LOGINS if settings.DEMO_MODE else []
        if settings.DEMO_MODE:
            from .demo import DEMO_TOTP_KEY_BASE32

            ctx["demo_totp_key"] = DEMO_TOTP_KEY_BASE32
        return ctx


def signup(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            # The same answer whether or not the e-mail address has an account already.
            services.user_signup(username=d["username"], email=d["email"], password=d["password1"],
                                 first_name=d["first_name"], last_name=d["last_name"],
                                 language=get_language() or "")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(request, "registration/signup_done.html", {"email": d["email"]})
    # A refused sign-up is a 400 with the form and each field's error.
    return render(request, "registration/signup.html", {"form": form}, status=400 if form.errors else 200)


def verify_email(request, token):
    try:
        services.user_verify_email(token=token)
    except ValidationError as exc:
        return render(request, "registration/verify_failed.html", {"errors": exc.messages}, status=400)
    messages.success(request, _("Your e-mail address is verified. You can now log in."))
    return redirect("login")


@login_required
def profile(request):
    """The person's own settings: the language the portal writes to them in."""
    user = request.user
    initial = {"preferred_language": user.preferred_language or get_language() or settings.LANGUAGE_CODE}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["preferred_language"]
        try:
            services.user_set_preferred_language(user=user, language=language, by=user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            with translation.override(language):
                messages.success(request, _("Saved. The portal now writes to you in this language."))
            response = redirect("profile")
            # The pages follow the same choice.
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                                samesite="Lax")
            return response
    return _profile_page(request, form=form)


def _profile_page(request, *, form=None, token_form=None, new_secret=None, new_token=None, status=200):
    user = request.user
    if form is None:
        form = ProfileForm(initial={"preferred_language": user.preferred_language or get_language()
                                    or settings.LANGUAGE_CODE})
    return render(request, "portal/profile.html", {
        "form": form, "token_form": token_form or ApiTokenForm(), "new_secret": new_secret,
        "new_token": new_token, "tokens": ApiToken.objects.filter(user=user).order_by("-created_at", "-id"),
    }, status=status)


@login_required
def api_token_create(request):
    """Make a personal API token; its secret is shown on this one answer only."""
    if request.method != "POST":
        return redirect("profile")
    token_form = ApiTokenForm(request.POST)
    if token_form.is_valid():
        from .twofactor import reauthenticate, requires_two_factor

        # Staff tokens act with staff powers: the account gives its password or code again first.
        page = reauthenticate(request) if requires_two_factor(request.user) else None
        if page:
            return page
        d = token_form.cleaned_data
        try:
            token, secret = services.api_token_create(user=request.user, by=request.user, name=d["name"],
                                                      scope=d["scope"])
        except ValidationError as exc:
            add_service_errors(token_form, exc)
        else:
            response = _profile_page(request, new_secret=secret, new_token=token)
            response["Cache-Control"] = "no-store"
            return response
    return _profile_page(request, token_form=token_form, status=400)


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        raise Http404
    page = confirmation(
        request, title=_("Revoke the token “%(name)s”?") % {"name": token.name},
        consequences=[_("Every system using this token loses access at once."),
                      _("A revoked token cannot be restored; you can make a new one.")],
        confirm_label=_("Revoke the token"), cancel_url=reverse("profile"))
    if page:
        return page
    try:
        services.api_token_revoke(token=token, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("profile")


@login_required
def dashboard(request):
    if request.user.role not in Role.values:
        # An account without a business role (e.g. a superuser who only configures the site).
        if request.user.is_staff:
            return redirect("admin:index")
        raise PermissionDenied
    return redirect("dashboard-role", role=request.user.role)


@login_required
def dashboard_role(request, role):
    # A dashboard belongs to its role alone (an administrator included).
    if role not in Role.values or request.user.role != role:
        raise PermissionDenied
    panels = []
    for panel in DASHBOARD_PANELS[role]:
        panels.append(panel(request))
    return render(request, "portal/dashboard.html",
                  {"role": role, "role_label": Role(role).label, "panels": [p for p in panels if p]})


@login_required
def audit_log(request):
    if not request.user.has_perm("portal.view_audit_log"):
        raise PermissionDenied
    entries = AuditEntry.objects.select_related("actor", "content_type").prefetch_related("target")
    filters = parse_query(AuditFilter, request)
    ct, oid = filters["type"], filters["id"]
    if ct and oid:
        app_label, _dot, model = ct.partition(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        entries = entries.filter(content_type=content_type, object_id=oid)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "portal/audit_log.html", {"page": page, "type": ct or "", "object_id": oid or ""})


# ------------------------------------------------------------ stored exports


def export_status(request, pk):
    """Where a document being prepared stands; htmx polls the fragment."""
    from .exports import status_context, stored_export_for

    row, obj = stored_export_for(request, pk)
    template = "portal/_export_status.html" if request.headers.get("HX-Request") else "portal/export_status.html"
    return render(request, template, status_context(row, obj))


def export_download(request, pk):
    """The stored file, served from storage as it is."""
    from django.http import Http404

    from .exports import serve, stored_export_for

    row, _obj = stored_export_for(request, pk)
    if not row.is_ready:
        raise Http404
    return serve(row)


def bad_request(request, exception=None):
    """handler400: a request Django refused (a bad Host, a body too large, a
    form's `InvalidInput`), with each field's error when there are any."""
    errors = getattr(exception, "errors", None) or {}
    return render(request, "400.html", {"field_errors": sorted(errors.items())}, status=400)
