"""The permission matrix: every URL pattern (walked from the URL resolver)
and every API operation (from the OpenAPI schema drf-spectacular builds) ×
every kind of account × own and other objects.

Nothing here is hand-listed from the code: the patterns and operations are
discovered, and each must have a rule in RULES (keyed by URL name) or
API_RULES (keyed by operationId). A new page or endpoint without a rule
fails `test_every_url_pattern_and_api_operation_has_a_rule` with its name.

A rule names the accounts that are served; every other account must be
refused (403 or 404; an anonymous visitor is sent to log in, or gets 401/403
from the API). No request anywhere may answer 500. Each request runs in a
transaction rolled back afterwards, so POSTs change nothing for the next one.

The world: the demo data (`seed_demo`), where the demo NGO's organisation
owns the objects used in URLs; another NGO account belongs to another
organisation; the demo committee member sits on the committee whose session
and lists are used, another committee member sits on another committee; a
superuser has no business role (NGO account, no membership).
"""

import os
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from portal.roles import Role
from tests.factories import UserFactory

PRINCIPALS = ["anon", "ngo", "ngo_other", "secretariat", "committee", "committee_b", "board", "donor",
              "focalpoint", "admin", "superuser"]
ALL = frozenset(PRINCIPALS)
AUTH = ALL - {"anon"}
STAFF = frozenset({"secretariat", "admin"})
NONE = frozenset()


def _s(*names):
    return frozenset(names)


# URL name → accounts served by GET (POST-only pages: accounts served by POST, marked "POST").
# Object URLs use the demo NGO's own objects (see `_kwargs`), so "ngo" is the owner and
# "ngo_other" another organisation's account; "committee" sits on the committee whose
# session/list is used, "committee_b" on another committee.
RULES = {
    # ---- public pages and the account pages anyone may open
    **{name: ALL for name in (
        "home", "healthz", "livez", "set_language", "login", "signup", "password_reset", "password_reset_done",
        "password_reset_confirm", "password_reset_complete", "verify-email", "help", "privacy", "accessibility", "terms", "favicon",
        "accreditation:criteria", "accreditation:organisation",  # the public profile; private parts: member/staff
        "participation:meeting-list", "participation:calendar-ics", "participation:meeting-detail",
        "participation:statement-detail", "participation:statement-pdf", "participation:consultation-list",
        "participation:consultation-detail", "partnerships:directory", "partnerships:directory-csv",
        "partnerships:profile", "partnerships:committee-list", "partnerships:committee-public",
        "partnerships:tracker", "partnerships:tracker-csv", "partnerships:tracker-pdf",
        "api-root", "api-schema", "api-docs")},
    # ---- any signed-in account (its own things only)
    "logout": ALL,
    **{name: AUTH for name in ("password_change", "password_change_done", "profile", "dashboard")},
    "dashboard-role": _s("ngo", "ngo_other"),  # /dashboard/ngo/: NGO accounts only
    "audit-log": STAFF,
    "export-status": STAFF | {"committee"},  # a consolidated list's export: its committee and the Secretariat
    "export-download": NONE,  # not ready in the demo: nobody gets a file
    # ---- quadrennial reports (the demo NGO's draft report; session of the demo committee)
    "quadrennial:mine": _s("ngo", "ngo_other"),
    "quadrennial:open": _s("ngo"),
    "quadrennial:report": STAFF | {"ngo"},  # a draft: never the committee's
    "quadrennial:secretariat": STAFF,
    "quadrennial:committee": STAFF | {"committee", "committee_b"},  # each committee its own queue
    "quadrennial:sessions": STAFF | {"committee", "committee_b"},
    "quadrennial:session": STAFF | {"committee"},
    "quadrennial:entry-decide": NONE,  # no lifecycle entry in the demo session: refused to all
    # ---- accreditation
    "accreditation:organisation-register": _s("ngo", "ngo_other"),
    "accreditation:organisation-edit": STAFF | {"ngo"},
    "accreditation:organisation-profile": STAFF,
    "accreditation:changes": STAFF,
    "accreditation:change-new": _s("ngo"),
    "accreditation:my-applications": _s("ngo", "ngo_other"),
    "accreditation:application-new": _s("ngo", "ngo_other"),
    "accreditation:application": STAFF | {"ngo"},
    "accreditation:application-answers": _s("ngo"),
    "accreditation:application-document": _s("ngo"),
    "accreditation:document": STAFF | {"ngo"},
    "accreditation:request-answer": _s("ngo"),
    "accreditation:answer-attachment": NONE,  # no attachment in the demo
    "accreditation:take": STAFF,
    "accreditation:prescreen": STAFF,
    "accreditation:application-action": _s("ngo"),
    "accreditation:queue": STAFF,
    "accreditation:sessions": STAFF | {"committee", "committee_b"},
    "accreditation:session": STAFF | {"committee"},
    "accreditation:list": STAFF | {"committee"},
    "accreditation:list-export": STAFF | {"committee"},
    "accreditation:dossier": STAFF | {"committee"},
    # ---- participation
    "participation:meeting-new": STAFF,
    "participation:meeting-edit": STAFF,
    "participation:meeting-register": _s("ngo", "ngo_other"),
    "participation:meeting-invite": STAFF,
    "participation:meeting-registrations": STAFF,
    "participation:statement-new": _s("ngo", "ngo_other"),
    "participation:statement-review": STAFF,
    "participation:speak-request": _s("ngo", "ngo_other"),
    "participation:speakers-builder": STAFF,
    "participation:representatives": _s("ngo", "ngo_other"),
    "participation:designation-revoke": _s("ngo"),
    "participation:my-registrations": _s("ngo", "ngo_other"),
    "participation:registration-badge": STAFF | {"ngo"},
    "participation:registration-action": STAFF | {"ngo"},
    "participation:check-in": STAFF,
    "participation:statement-action": STAFF | {"ngo"},
    "participation:consultation-new": STAFF,
    "participation:consultation-results": STAFF,
    "participation:consultation-csv": STAFF,
    # ---- partnerships (the demo focal point's country team)
    **{name: STAFF | {"focalpoint"} for name in (
        "partnerships:team-list", "partnerships:team-detail", "partnerships:roster-add", "partnerships:roster-remove",
        "partnerships:engagement-new", "partnerships:committee-manage")},
    "partnerships:inquiry-list": _s("ngo", "ngo_other"),
    "partnerships:inquiry-new": _s("ngo", "ngo_other"),
    "partnerships:inquiry-queue": STAFF,
    "partnerships:inquiry-detail": STAFF | {"ngo"},
    "partnerships:liaison": STAFF,
    "partnerships:liaison-detail": STAFF,
    "partnerships:tracker-edit": STAFF,
    # ---- trust fund (the demo NGO's grant application)
    "trustfund:funds": STAFF | {"board", "donor"},
    "trustfund:fund": STAFF | {"board"},
    "trustfund:contributions": STAFF | {"board", "donor"},
    "trustfund:contribution-new": STAFF,
    "trustfund:pledge-new": STAFF | {"donor"},
    "trustfund:calls": STAFF | {"board", "ngo", "ngo_other"},
    "trustfund:call-new": STAFF,
    "trustfund:call": STAFF | {"board", "ngo", "ngo_other"},
    "trustfund:apply": _s("ngo", "ngo_other"),
    "trustfund:applications": STAFF | {"board", "ngo", "ngo_other"},
    "trustfund:application": STAFF | {"board", "ngo"},
    "trustfund:application-action": _s("ngo"),  # withdraw: the applicant only
    "trustfund:report": STAFF | {"board", "donor"},
    "trustfund:report-csv": STAFF | {"board", "donor"},
    "trustfund:report-pdf": STAFF | {"board", "donor"},
    "trustfund:initiatives": STAFF | {"board", "focalpoint"},
    "trustfund:initiative-action": _s("admin", "board"),  # approve: the working group (the demo board member)
    # ---- API patterns not in the schema
    "api-me": AUTH,
    # ---- is the reform working? (public) and merging a fund into the one fund (its manager)
    "partnerships:measures": ALL,
    "partnerships:measures-csv": ALL,
    "partnerships:tracker-history": ALL,
    "trustfund:fund-merge": STAFF,
    # ---- two-step login and personal API tokens (their own account only)
    "two-factor-verify": AUTH,  # those who gave their code are sent on
    "two-factor-setup": _s("admin", "board", "committee", "committee_b", "donor", "focalpoint", "ngo", "ngo_other", "secretariat", "superuser"),
    "two-factor-recovery-codes": _s("admin", "board", "committee", "committee_b", "focalpoint", "secretariat", "superuser"),
    "two-factor-disable": _s("admin", "board", "committee", "committee_b", "focalpoint", "secretariat", "superuser"),
    "api-token-create": AUTH,  # POST: an empty form goes back to the profile page with its errors
    "api-token-revoke": _s("ngo"),  # POST by the token's owner: the confirmation page
}

# operationId → accounts served. List operations answer every signed-in account with
# what it may see (possibly nothing); objects are the demo NGO's or the demo committee's.
API_RULES = {
    **{op: ALL for op in (
        "accreditation_criteria_list", "accreditation_criteria_retrieve", "advisory_committees_list",
        "advisory_committees_retrieve", "directory_list", "directory_retrieve", "directory_facets_retrieve",
        "participation_meetings_list", "participation_meetings_retrieve",
        "participation_meetings_participants_retrieve", "participation_speakers_lists_list",
        "participation_statements_list", "participation_statements_retrieve", "reform_proposals_list",
        "reform_proposals_retrieve")},
    **{op: AUTH for op in (
        "accreditation_applications_list", "accreditation_consolidated_lists_list", "accreditation_decisions_list",
        "accreditation_organisations_list", "accreditation_organisations_retrieve", "accreditation_sessions_list",
        "me_retrieve", "participation_registrations_list", "participation_speaking_requests_list",
        "quadrennial_reports_list")},
    "accreditation_applications_create": _s("ngo", "ngo_other"),
    "accreditation_applications_retrieve": STAFF | {"ngo"},
    "accreditation_applications_submit_create": _s("ngo"),
    "accreditation_applications_withdraw_create": _s("ngo"),
    "accreditation_consolidated_lists_retrieve": STAFF | {"committee"},
    "accreditation_consolidated_lists_entries_list": STAFF | {"committee"},
    "accreditation_decisions_retrieve": STAFF | {"committee"},
    "accreditation_organisations_create": STAFF | {"ngo", "ngo_other", "focalpoint"},
    "accreditation_sessions_retrieve": STAFF | {"committee"},
    **{op: STAFF | {"focalpoint"} for op in (
        "country_teams_list", "country_teams_retrieve", "country_teams_engagements_retrieve",
        "country_teams_engagements_create", "country_teams_roster_retrieve")},
    "inquiries_list": STAFF | {"ngo", "ngo_other"},
    "inquiries_create": _s("ngo", "ngo_other"),
    "inquiries_retrieve": STAFF | {"ngo"},
    "inquiries_transition_create": STAFF | {"ngo"},
    "participation_registrations_create": STAFF | {"ngo", "ngo_other"},
    "participation_registrations_retrieve": STAFF | {"ngo"},
    "participation_registrations_approve_create": _s("ngo"),  # the organisation's focal point
    "participation_registrations_confirm_create": STAFF,
    "participation_registrations_refuse_create": STAFF | {"ngo"},
    "participation_registrations_withdraw_create": STAFF | {"ngo"},
    "participation_speakers_lists_retrieve": STAFF,  # not yet published
    "participation_speaking_requests_create": _s("ngo", "ngo_other"),
    "participation_speaking_requests_retrieve": STAFF | {"ngo"},
    "participation_statements_create": _s("ngo", "ngo_other"),
    "participation_statements_accept_create": STAFF,
    "participation_statements_reject_create": STAFF,
    "participation_statements_withdraw_create": _s("ngo"),
    "quadrennial_lifecycle_list": STAFF | {"committee", "committee_b"},
    "quadrennial_lifecycle_retrieve": NONE,  # no entry in the demo session
    "quadrennial_reports_retrieve": STAFF | {"ngo"},
    "quadrennial_reports_partial_update": _s("ngo"),
    "quadrennial_reports_submit_create": _s("ngo"),
    "trustfund_applications_list": STAFF | {"board", "ngo", "ngo_other"},
    "trustfund_applications_create": _s("ngo", "ngo_other"),
    "trustfund_applications_retrieve": STAFF | {"board", "ngo"},
    "trustfund_applications_award_create": STAFF,
    "trustfund_applications_review_create": _s("board"),
    "trustfund_awards_list": STAFF | {"board"},
    "trustfund_awards_retrieve": STAFF | {"board"},
    "trustfund_calls_list": STAFF | {"board", "ngo", "ngo_other"},
    "trustfund_calls_retrieve": STAFF | {"board", "ngo", "ngo_other"},
    "trustfund_contributions_list": STAFF | {"board", "donor"},
    "trustfund_contributions_create": STAFF,
    "trustfund_contributions_retrieve": STAFF | {"board", "donor"},
    **{op: STAFF | {"board", "donor"} for op in (
        "trustfund_funds_list", "trustfund_funds_retrieve", "trustfund_reports_list", "trustfund_reports_retrieve")},
    "reform_measures_list": ALL,
    # ---- workflow actions (objects: the demo NGO's; an empty body answers 400 to those let through)
    "accreditation_applications_accept_code_of_conduct_create": _s("ngo"),
    "accreditation_applications_answers_create": _s("ngo"),
    "accreditation_applications_assign_create": _s("admin", "secretariat"),
    "accreditation_applications_criterion_results_create": _s("admin", "secretariat"),
    "accreditation_applications_documents_create": _s("ngo"),
    "accreditation_applications_dpi_decision_create": _s("admin", "secretariat"),
    "accreditation_applications_questions_list": _s("admin", "ngo", "secretariat"),
    "accreditation_applications_recommendation_create": _s("admin", "secretariat"),
    "accreditation_applications_request_information_create": _s("admin", "secretariat"),
    "accreditation_applications_take_create": _s("admin", "secretariat"),
    "accreditation_applications_bulk_assign_create": _s("admin", "secretariat"),
    "accreditation_consolidated_lists_publish_create": _s("admin", "secretariat"),
    "accreditation_organisation_changes_list": _s("admin", "board", "committee", "committee_b", "donor", "focalpoint", "ngo", "ngo_other", "secretariat", "superuser"),
    "accreditation_organisation_changes_create": _s("ngo", "ngo_other"),
    "accreditation_organisation_changes_retrieve": _s(),
    "accreditation_organisation_changes_decide_create": _s(),
    "accreditation_organisations_partial_update": _s("admin", "ngo", "secretariat"),
    "accreditation_organisations_approve_create": _s("admin", "secretariat"),
    "accreditation_organisations_reject_create": _s("admin", "secretariat"),
    "accreditation_requests_list": _s("admin", "board", "committee", "committee_b", "donor", "focalpoint", "ngo", "ngo_other", "secretariat", "superuser"),
    "accreditation_requests_retrieve": STAFF | {"ngo"},
    "accreditation_requests_answer_create": _s("ngo"),
    "accreditation_sessions_adopt_create": _s("admin", "secretariat"),
    "accreditation_sessions_build_list_create": _s("admin", "secretariat"),
    "accreditation_sessions_decisions_create": _s("committee"),
    "accreditation_sessions_decisions_bulk_create": _s("committee"),
    "accreditation_sessions_publish_decisions_create": _s("admin", "secretariat"),
    "accreditation_sessions_questions_create": _s("committee"),
    "participation_designations_list": _s("admin", "board", "committee", "committee_b", "donor", "focalpoint", "ngo", "ngo_other", "secretariat", "superuser"),
    "participation_designations_create": _s("ngo", "ngo_other"),
    "participation_designations_retrieve": _s("admin", "ngo", "secretariat"),
    "participation_designations_revoke_create": _s("admin", "ngo", "secretariat"),
    "participation_meetings_create": _s("admin", "secretariat"),
    "participation_meetings_partial_update": _s("admin", "secretariat"),
    "participation_meetings_invite_create": _s("admin", "secretariat"),
    "participation_registrations_check_in_create": _s("admin", "secretariat"),
    "participation_speakers_lists_arrange_create": _s("admin", "secretariat"),
    "participation_speakers_lists_publish_create": _s("admin", "secretariat"),
    "participation_speaking_requests_withdraw_create": STAFF | {"ngo"},
    "quadrennial_lifecycle_record_create": _s(),
    "quadrennial_lifecycle_build_create": _s("admin", "secretariat"),
    "quadrennial_lifecycle_publish_create": _s("admin", "secretariat"),
    "quadrennial_reports_answer_create": _s("ngo"),
    "quadrennial_reports_check_create": _s("admin", "secretariat"),
    "quadrennial_reports_defer_create": _s(),
    "quadrennial_reports_return_create": _s("admin", "secretariat"),
    "quadrennial_reports_take_note_create": _s(),
    "quadrennial_reports_open_create": _s("ngo", "ngo_other"),
    "trustfund_applications_cancel_create": _s("admin", "secretariat"),
    "trustfund_applications_confirm_attendance_create": _s("admin", "secretariat"),
    "trustfund_applications_decline_create": _s("ngo"),
    "trustfund_applications_disburse_create": _s("admin", "secretariat"),
    "trustfund_applications_evaluation_create": _s("ngo"),
    "trustfund_applications_refund_create": _s("admin", "secretariat"),
    "trustfund_applications_reject_create": _s("admin", "secretariat"),
    "trustfund_applications_waitlist_create": _s("admin", "secretariat"),
    "trustfund_applications_withdraw_create": _s("ngo"),
    "trustfund_calls_create": _s("admin", "secretariat"),
    "trustfund_initiatives_list": _s("admin", "board", "focalpoint", "secretariat"),
    "trustfund_initiatives_create": _s("admin", "focalpoint", "secretariat"),
    "trustfund_initiatives_retrieve": _s("admin", "board", "focalpoint", "secretariat"),
    "trustfund_initiatives_approve_create": _s("admin", "board"),
    "trustfund_initiatives_pay_create": _s("admin", "secretariat"),
    "trustfund_initiatives_reject_create": _s("admin", "board", "secretariat"),
    "trustfund_pledges_list": _s("admin", "board", "donor", "secretariat"),
    "trustfund_pledges_create": _s("admin", "donor", "secretariat"),
    "trustfund_pledges_retrieve": _s("admin", "board", "donor", "secretariat"),
}

# Patterns not part of the portal's own pages: the admin site (its own login and permissions).
SKIP_NAMESPACES = ("admin",)


def url_patterns():
    """(name, route, pattern) for every URL pattern, walked from the resolver."""
    found = []

    def walk(resolver, prefix="", ns=""):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                walk(p, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern):
                found.append((ns + (p.name or ""), prefix + str(p.pattern), p))

    walk(get_resolver())
    return found


def api_operations():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [(path, method, op["operationId"]) for path, methods in schema["paths"].items()
            for method, op in methods.items()]


def _is_api(route):
    return route.startswith("api/")


def _is_format_variant(route):
    return "(?P<format>" in route or "<drf_format_suffix:format>" in route


def test_every_url_pattern_and_api_operation_has_a_rule(db):
    missing = []
    covered_by_schema = set()
    for path, _method, op_id in api_operations():
        if op_id not in API_RULES:
            missing.append(f"API operation {op_id}")
        covered_by_schema.add(resolve(re.sub(r"\{[^}]+\}", "1", path)).url_name)
    for name, route, _p in url_patterns():
        if name.split(":")[0] in SKIP_NAMESPACES or _is_format_variant(route) or route.startswith("^media/"):
            continue
        if _is_api(route) and name in covered_by_schema:
            continue
        if name not in RULES:
            missing.append(f"URL pattern {name or '(unnamed)'} ({route})")
    assert missing == []


# ------------------------------------------------------------------ the world

def _world():
    """The demo data plus the accounts the demo lacks; the objects URLs use."""
    from django.contrib.auth import get_user_model

    from accreditation.models import (
        AnswerAttachment,
        Application,
        ApplicationDocument,
        Body,
        Committee,
        ConsolidatedList,
        Decision,
        InformationRequest,
        Organisation,
    )
    from accreditation.quadrennial.models import LifecycleEntry, QuadrennialReport
    from participation.models import Consultation, Designation, Meeting, Registration, Statement
    from partnerships.models import AdvisoryCommittee, CountryTeam, Inquiry, Measure, Proposal, RosterEntry
    from portal.models import StoredExport
    from trustfund.models import CapacityInitiative, Contribution, Fund, GrantApplication, GrantCall

    call_command("seed_demo", force=True, stdout=StringIO())
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["ngo", "secretariat", "committee", "board", "donor", "focalpoint", "admin"])}
    ngo = users["ngo"]
    own_orgs = Organisation.objects.filter(memberships__user=ngo)
    org = own_orgs.filter(applications__isnull=False).order_by("pk").first() or own_orgs.order_by("pk").first()
    other_org = Organisation.objects.exclude(memberships__user=ngo).filter(profile_state="approved").order_by("pk").first()
    ngo_other = UserFactory(role=Role.NGO, username="ngo_other")
    other_org.memberships.create(user=ngo_other)
    committee_b = Committee.objects.create(code="matrix-b", name="Another committee",
                                           adopting_body=Body.objects.get(code="ga"))
    member_b = UserFactory(role=Role.COMMITTEE, username="committee_b")
    committee_b.members.add(member_b)
    superuser = UserFactory(role="", username="root", is_superuser=True, is_staff=True)  # no business role
    principals = {"anon": None, "ngo_other": ngo_other, "committee_b": member_b, "superuser": superuser,
                  **{k: users[k] for k in ("ngo", "secretariat", "committee", "board", "donor", "focalpoint",
                                           "admin")}}

    committee = users["committee"]
    clist = (ConsolidatedList.objects.filter(published_at__isnull=False, session__committee__members=committee)
             .order_by("-pk").first())
    listed_app = clist.entries.order_by("position").first().application if clist else None
    app = Application.objects.filter(organisation__in=own_orgs).order_by("pk").first()
    doc = ApplicationDocument.objects.filter(application=app).first()
    req = InformationRequest.objects.filter(application__organisation__in=own_orgs).order_by("pk").first()
    att = AnswerAttachment.objects.filter(request__application__organisation__in=own_orgs).first()
    report = QuadrennialReport.objects.filter(organisation__in=own_orgs).order_by("pk").first()
    entry = LifecycleEntry.objects.filter(session__committee__members=committee).order_by("pk").first()
    meeting = Meeting.objects.order_by("pk").first()
    registration = Registration.objects.filter(organisation__in=own_orgs).order_by("pk").first()
    designation = Designation.objects.filter(organisation__in=own_orgs).order_by("pk").first()
    statement = Statement.objects.filter(organisation__in=own_orgs).order_by("pk").first()
    from participation.models import SpeakingRequest
    from trustfund.models import Pledge

    speaking_request = SpeakingRequest.objects.filter(organisation__in=own_orgs).order_by("pk").first()
    pledge = Pledge.objects.order_by("pk").first()
    consultation = Consultation.objects.order_by("pk").first()
    team = CountryTeam.objects.filter(focal_point=users["focalpoint"]).order_by("pk").first()
    roster = RosterEntry.objects.filter(team=team).order_by("pk").first()
    advisory = AdvisoryCommittee.objects.order_by("pk").first()
    inquiry = Inquiry.objects.filter(organisation__in=own_orgs).order_by("pk").first()
    liaison = Organisation.objects.exclude(entity_kind="ngo").order_by("pk").first()
    fund = Fund.objects.order_by("pk").first()
    grant_call = GrantCall.objects.order_by("pk").first()
    grant = GrantApplication.objects.filter(organisation__in=own_orgs).order_by("pk").first()
    initiative = CapacityInitiative.objects.order_by("pk").first()
    export = StoredExport.objects.order_by("pk").first()
    contribution = Contribution.objects.filter(donor__users=users["donor"]).order_by("pk").first()
    session = clist.session if clist else None
    decision = Decision.objects.filter(session=session).order_by("pk").first()
    from portal import services as portal_services

    api_token, _secret = portal_services.api_token_create(user=ngo, by=ngo, name="Matrix", scope="read")
    pk = lambda obj: obj.pk if obj is not None else 999999  # noqa: E731  (missing object: a 404 for everyone)
    objects = {
        "organisation": pk(org), "application": pk(app), "document_kind": doc.kind if doc else "constitution",
        "request": pk(req), "attachment": pk(att), "session": pk(session), "list": pk(clist),
        "listed_application": pk(listed_app), "report": pk(report), "report_org": pk(report.organisation if report else org),
        "period_start": report.period_start if report else 2020, "entry": pk(entry), "meeting": pk(meeting),
        "registration": pk(registration), "designation": pk(designation), "statement": pk(statement),
        "consultation": pk(consultation), "team": pk(team), "roster": pk(roster), "advisory": pk(advisory),
        "inquiry": pk(inquiry), "liaison": pk(liaison), "fund": fund.code, "call": pk(grant_call),
        "grant": pk(grant), "initiative": pk(initiative), "export": pk(export), "decision": pk(decision),
        "contribution": pk(contribution), "token": pk(api_token), "speaking_request": pk(speaking_request),
        "pledge": pk(pledge),
        "proposal": pk(Proposal.objects.order_by("pk").first()), "measure": pk(Measure.objects.order_by("pk").first()),
        "criteria": 1, "directory": pk(Organisation.objects.filter(profile_state="approved", status_state="active")
                                         .order_by("pk").first()),
    }
    return principals, objects


# kwargs of each URL name, from the world's objects (names not listed take none).
KWARGS = {
    "dashboard-role": lambda o: {"role": "ngo"},
    "api-token-revoke": lambda o: {"pk": o["token"]},
    "partnerships:tracker-history": lambda o: {"kind": "proposal", "pk": o["proposal"]},
    "trustfund:fund-merge": lambda o: {"code": o["fund"]},
    "export-status": lambda o: {"pk": o["export"]},
    "export-download": lambda o: {"pk": o["export"]},
    "password_reset_confirm": lambda o: {"uidb64": "MQ", "token": "set-password"},
    "verify-email": lambda o: {"token": "not-a-valid-token"},
    "quadrennial:open": lambda o: {"organisation_id": o["report_org"], "period_start": o["period_start"]},
    "quadrennial:report": lambda o: {"pk": o["report"]},
    "quadrennial:session": lambda o: {"pk": o["session"]},
    "quadrennial:entry-decide": lambda o: {"pk": o["entry"]},
    "accreditation:organisation": lambda o: {"pk": o["organisation"]},
    "accreditation:organisation-edit": lambda o: {"pk": o["organisation"]},
    "accreditation:organisation-profile": lambda o: {"pk": o["organisation"]},
    "accreditation:change-new": lambda o: {"pk": o["organisation"]},
    "accreditation:application": lambda o: {"pk": o["application"]},
    "accreditation:application-answers": lambda o: {"pk": o["application"]},
    "accreditation:application-document": lambda o: {"pk": o["application"]},
    "accreditation:document": lambda o: {"pk": o["application"], "kind": o["document_kind"]},
    "accreditation:request-answer": lambda o: {"pk": o["application"], "request_pk": o["request"]},
    "accreditation:answer-attachment": lambda o: {"pk": o["application"], "attachment_pk": o["attachment"]},
    "accreditation:take": lambda o: {"pk": o["application"]},
    "accreditation:prescreen": lambda o: {"pk": o["application"]},
    "accreditation:application-action": lambda o: {"pk": o["application"], "action": "withdraw"},
    "accreditation:session": lambda o: {"pk": o["session"]},
    "accreditation:list": lambda o: {"pk": o["list"]},
    "accreditation:list-export": lambda o: {"pk": o["list"], "fmt": "csv"},
    "accreditation:dossier": lambda o: {"pk": o["list"], "application_pk": o["listed_application"]},
    "participation:meeting-detail": lambda o: {"pk": o["meeting"]},
    "participation:meeting-edit": lambda o: {"pk": o["meeting"]},
    "participation:meeting-register": lambda o: {"pk": o["meeting"]},
    "participation:meeting-invite": lambda o: {"pk": o["meeting"]},
    "participation:meeting-registrations": lambda o: {"pk": o["meeting"]},
    "participation:statement-new": lambda o: {"pk": o["meeting"]},
    "participation:statement-review": lambda o: {"pk": o["meeting"]},
    "participation:speak-request": lambda o: {"pk": o["meeting"]},
    "participation:speakers-builder": lambda o: {"pk": o["meeting"]},
    "participation:designation-revoke": lambda o: {"pk": o["designation"]},
    "participation:registration-badge": lambda o: {"pk": o["registration"]},
    "participation:registration-action": lambda o: {"pk": o["registration"], "action": "withdraw"},
    "participation:statement-detail": lambda o: {"pk": o["statement"]},
    "participation:statement-pdf": lambda o: {"pk": o["statement"]},
    "participation:statement-action": lambda o: {"pk": o["statement"], "action": "withdraw"},
    "participation:consultation-detail": lambda o: {"pk": o["consultation"]},
    "participation:consultation-results": lambda o: {"pk": o["consultation"]},
    "participation:consultation-csv": lambda o: {"pk": o["consultation"]},
    "partnerships:profile": lambda o: {"pk": o["directory"]},
    "partnerships:team-detail": lambda o: {"pk": o["team"]},
    "partnerships:roster-add": lambda o: {"pk": o["team"]},
    "partnerships:roster-remove": lambda o: {"pk": o["team"], "entry_pk": o["roster"]},
    "partnerships:engagement-new": lambda o: {"pk": o["team"]},
    "partnerships:committee-manage": lambda o: {"pk": o["team"]},
    "partnerships:committee-public": lambda o: {"pk": o["advisory"]},
    "partnerships:inquiry-detail": lambda o: {"pk": o["inquiry"]},
    "partnerships:liaison-detail": lambda o: {"pk": o["liaison"]},
    "partnerships:tracker-edit": lambda o: {"kind": "proposal", "pk": o["proposal"]},
    "trustfund:fund": lambda o: {"code": o["fund"]},
    "trustfund:call": lambda o: {"pk": o["call"]},
    "trustfund:apply": lambda o: {"pk": o["call"]},
    "trustfund:application": lambda o: {"pk": o["grant"]},
    "trustfund:application-action": lambda o: {"pk": o["grant"], "action": "withdraw"},
    "trustfund:report": lambda o: {"code": o["fund"]},
    "trustfund:report-csv": lambda o: {"code": o["fund"]},
    "trustfund:report-pdf": lambda o: {"code": o["fund"]},
    "trustfund:initiative-action": lambda o: {"pk": o["initiative"], "action": "approve"},
}

# The object each API path parameter names, by the operation's path prefix.
API_OBJECTS = {
    "/api/v1/accreditation/applications/": "application", "/api/v1/accreditation/consolidated-lists/": "list",
    "/api/v1/accreditation/criteria/": "criteria", "/api/v1/accreditation/decisions/": "decision",
    "/api/v1/accreditation/organisations/": "organisation", "/api/v1/accreditation/sessions/": "session",
    "/api/v1/advisory-committees/": "advisory", "/api/v1/country-teams/": "team", "/api/v1/directory/": "directory",
    "/api/v1/inquiries/": "inquiry", "/api/v1/participation/meetings/": "meeting",
    "/api/v1/participation/registrations/": "registration", "/api/v1/participation/speakers-lists/": "meeting",
    "/api/v1/participation/speaking-requests/": "speaking_request",
    "/api/v1/participation/designations/": "designation", "/api/v1/accreditation/requests/": "request",
    "/api/v1/trustfund/initiatives/": "initiative", "/api/v1/trustfund/pledges/": "pledge", "/api/v1/participation/statements/": "statement",
    "/api/v1/quadrennial/lifecycle/": "entry", "/api/v1/quadrennial/reports/": "report",
    "/api/v1/reform-proposals/": "proposal", "/api/v1/trustfund/applications/": "grant",
    "/api/v1/trustfund/awards/": "grant", "/api/v1/trustfund/calls/": "call",
    "/api/v1/trustfund/contributions/": "contribution", "/api/v1/trustfund/funds/": "fund", "/api/v1/trustfund/reports/": "fund",
}


def _route_url(route, kwargs):
    """A concrete path from a route string and kwargs."""
    def sub(m):
        return str(kwargs[m.group(1)])
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", sub, route)


def _api_url(path, objects):
    prefix = next((p for p in sorted(API_OBJECTS, key=len, reverse=True) if path.startswith(p)), None)
    value = objects[API_OBJECTS[prefix]] if prefix else 1
    if "{number}" in path:
        value = 1
    return re.sub(r"\{[^}]+\}", str(value), path)


def _request(client, method, url):
    cookies = client.cookies
    kept = {k: v.value for k, v in cookies.items()}
    with transaction.atomic():
        if method == "get":
            response = client.get(url)
        elif url.startswith("/api/"):
            response = getattr(client, method)(url, data="{}", content_type="application/json")
        else:
            response = client.post(url, {})
        transaction.set_rollback(True)
    # The database is rolled back; the browser's cookies too (e.g. after the logout page).
    for key in list(cookies):
        if key not in kept:
            del cookies[key]
    for key, value in kept.items():
        cookies[key] = value
    return response


def _served(response) -> bool | None:
    """True: served; False: refused; None: a login redirect."""
    status = response.status_code
    if status in (301, 302) and "login" in response.get("Location", ""):
        return None
    if status == 401:
        return None
    return status not in (403, 404)


@pytest.mark.django_db
def test_every_page_and_api_operation_answers_each_account_as_its_rule_says():
    principals, objects = _world()
    observed, errors = {}, []
    targets = []
    for name, route, _p in url_patterns():
        if name.split(":")[0] in SKIP_NAMESPACES or _is_api(route) or route.startswith("^media/") or not name:
            continue
        try:
            url = _route_url(route, KWARGS.get(name, lambda o: {})(objects))
        except KeyError as exc:
            errors.append(f"{name}: no object for {exc}")
            continue
        targets.append((name, "get", url))
    for path, method, op_id in api_operations():
        targets.append((op_id, method, _api_url(path, objects)))
    clients = {}
    for who, user in principals.items():
        clients[who] = Client(raise_request_exception=False)
        if user is not None:
            clients[who].force_login(user)
    for key, method, url in targets:
        row = {who: _request(c, method, url) for who, c in clients.items()}
        if method == "get" and any(r.status_code == 405 for who, r in row.items() if who != "anon"):
            method = "post"  # a page that only takes POST: its rule is about POST
            row = {who: _request(c, method, url) for who, c in clients.items()}
        for who, response in row.items():
            if response.status_code >= 500:
                errors.append(f"{key} {method.upper()} {url} as {who}: {response.status_code}")
        observed[key] = (method, url, {who: (r.status_code, _served(r)) for who, r in row.items()})
    if os.environ.get("MATRIX_DUMP"):
        for key, (method, url, row) in observed.items():
            print(key, method, url, " ".join(f"{w}={s}" for w, (s, _x) in row.items()))
    for key, (method, url, row) in observed.items():
        rule = RULES.get(key, API_RULES.get(key))
        if rule is None:
            continue  # reported by test_every_url_pattern_and_api_operation_has_a_rule
        for who, (status, served) in row.items():
            if who in rule and served is not True:
                errors.append(f"{key} {method.upper()} {url}: {who} should be served, got {status}")
            elif who not in rule and served is True:
                errors.append(f"{key} {method.upper()} {url}: {who} should be refused, got {status}")

    assert errors == [], "\n".join(errors)
