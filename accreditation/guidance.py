"""What an NGO sees to find its way through an application without help:
the eligibility check before it starts, the steps of the application with
where it is and what is done, and the checklist of what is missing, each item
a link to the place that fixes it."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import services
from .models import Application, Body, Organisation
from .workflow import APPLICATION_OPEN_STATES


@dataclass(frozen=True)
class Notice:
    """One finding of the eligibility check: what it means, what to do."""

    level: str  # "info" | "warning" | "blocking"
    message: str
    link: str = ""
    link_label: str = ""
    track: str = ""  # the track it blocks ("" = both)


@dataclass(frozen=True)
class Step:
    key: str
    number: int
    label: str
    done: bool
    current: bool
    url: str
    note: str = ""


@dataclass(frozen=True)
class Missing:
    message: str
    url: str
    link_label: str


# The steps as data; a step whose `applies` says no is absent (e.g. the code of
# conduct where the deciding body has not adopted one).
STEP_LABELS = {
    "profile": gettext_lazy("Organisation profile"),
    "questionnaire": gettext_lazy("Questionnaire"),
    "documents": gettext_lazy("Documents"),
    "conduct": gettext_lazy("Code of conduct"),
    "submit": gettext_lazy("Submit"),
}
STEPS = ("profile", "questionnaire", "documents", "conduct", "submit")


def _applies(key: str, application: Application) -> bool:
    return key != "conduct" or services.requires_code_of_conduct(application)


def _step_url(key: str, application: Application) -> str:
    if key == "profile":
        return reverse("accreditation:organisation-edit", args=[application.organisation_id])
    if key == "reclassification":
        return reverse("accreditation:change-new", args=[application.organisation_id])
    anchor = {"bodies": "step-submit"}.get(key, f"step-{key}")
    return reverse("accreditation:application", args=[application.pk]) + f"#{anchor}"


_LINK_LABELS = {
    "profile": gettext_lazy("Update the profile"),
    "reclassification": gettext_lazy("Ask for a reclassification"),
    "bodies": gettext_lazy("Go to submission"),
    "questionnaire": gettext_lazy("Go to the questionnaire"),
    "documents": gettext_lazy("Go to the documents"),
    "conduct": gettext_lazy("Go to the code of conduct"),
}


def missing_items(application: Application, checklist=None) -> list[Missing]:
    checklist = services.application_checklist(application) if checklist is None else checklist
    return [Missing(message, _step_url(step, application), str(_LINK_LABELS[step])) for step, message in checklist]


def application_steps(application: Application, checklist=None) -> list[Step]:
    checklist = services.application_checklist(application) if checklist is None else checklist
    todo = {step for step, _m in checklist}
    submitted = application.state != "draft"
    steps, current_found = [], False
    keys = [k for k in STEPS if _applies(k, application)]
    for number, key in enumerate(keys, start=1):
        if key == "submit":
            done = submitted
        else:
            done = submitted or key not in todo and not (key == "profile" and "reclassification" in todo)
        current = not done and not current_found
        current_found = current_found or current
        note = ""
        if key == "profile" and application.organisation.profile_state != Organisation.ProfileState.APPROVED:
            note = _("Awaiting the Secretariat's approval: you can go on meanwhile.")
        steps.append(Step(key, number, str(STEP_LABELS[key]), done, current, _step_url(key, application), note))
    return steps


def _add_years(day: datetime.date, years: int) -> datetime.date:
    return services._add_years(day, years)


def start_notices(organisation: Organisation, *, today: datetime.date | None = None) -> list[Notice]:
    """Checked before an application is started: is the profile approved, is
    the organisation already in status, barred until a date, registered long
    enough, with an application already in progress?"""
    today = today or timezone.localdate()
    notices = []
    org = organisation
    edit = reverse("accreditation:organisation-edit", args=[org.pk])
    if org.profile_state == Organisation.ProfileState.PENDING:
        notices.append(Notice("info", _("Your organisation's profile is awaiting the Secretariat's approval. You can "
                                        "prepare and submit the application now; its review is completed once the "
                                        "profile is approved."),
                              reverse("accreditation:organisation", args=[org.pk]), _("See the profile")))
    elif org.profile_state == Organisation.ProfileState.REJECTED:
        notices.append(Notice("warning", _("The Secretariat did not approve your organisation's profile. Correct it "
                                           "and resubmit it: the application cannot be reviewed before."),
                              edit, _("Correct the profile")))
    if org.status_state in ("active", "suspended"):
        notices.append(Notice(
            "blocking", _("Your organisation is already in consultative status (%(category)s). To change category, "
                          "ask for a reclassification instead of a new application.")
            % {"category": org.get_status_category_display()},
            reverse("accreditation:change-new", args=[org.pk]), _("Ask for a reclassification"),
            track=Body.Track.INTERGOVERNMENTAL))
    if org.withdrawn_on:
        until = _add_years(org.withdrawn_on, services.REAPPLY_AFTER_WITHDRAWAL_YEARS)
        if until > today:
            notices.append(Notice(
                "blocking", _("Your organisation's status was withdrawn on %(withdrawn)s. It may apply again from "
                              "%(date)s.") % {"withdrawn": date_format(org.withdrawn_on, "DATE_FORMAT"),
                                              "date": date_format(until, "DATE_FORMAT")},
                track=Body.Track.INTERGOVERNMENTAL))
    # The two-year rule matters only to a new application for status (refused above when already in status).
    if org.status_state not in ("active", "suspended"):
        if not org.registered_on:
            notices.append(Notice("warning", _("Give the date your organisation was registered with a government: "
                                               "applications for consultative status need at least two years."),
                                  edit, _("Update the profile"), track=Body.Track.INTERGOVERNMENTAL))
        else:
            eligible = _add_years(org.registered_on, services.MIN_REGISTRATION_YEARS)
            if eligible > today:
                notices.append(Notice(
                    "blocking", _("Your organisation must have been registered with a government for two years "
                                  "before it applies for consultative status: it may apply from %(date)s.")
                    % {"date": date_format(eligible, "DATE_FORMAT")}, track=Body.Track.INTERGOVERNMENTAL))
    if services.is_po_box(org.hq_address) or not (org.hq_address or "").strip():
        notices.append(Notice("warning", _("Give the street address of your headquarters: a P.O. box is not "
                                           "accepted."), edit, _("Update the profile")))
    for app in Application.objects.filter(organisation=org, state__in=("draft", *APPLICATION_OPEN_STATES)):
        notices.append(Notice(
            "blocking", _("An application in the track “%(track)s” is already in progress (%(state)s).")
            % {"track": app.get_track_display(), "state": app.public_label},
            reverse("accreditation:application", args=[app.pk]), _("Open it"), track=app.track))
    return notices


def blocked_tracks(notices) -> set[str]:
    return {n.track for n in notices if n.level == "blocking" and n.track}
