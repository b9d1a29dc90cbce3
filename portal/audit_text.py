"""The audit trail in words: who (name and role) and what happened, in the
reader's language — never a username or an action code.

Transitions fired through `portal.workflow.Workflow.fire` are described from
the workflow itself (its transition and state labels). Every other action a
service audits has its sentence here: add one line to ACTIONS when a service
writes a new action (an action without one reads as a generic sentence)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .roles import Role
from .workflow import WORKFLOWS

ACTIONS = {
    "user.signup": gettext_lazy("Signed up."),
    "user.verify_email": gettext_lazy("Confirmed their e-mail address."),
    "user.create_staff": gettext_lazy("Created a staff account."),
    "user.set_language": gettext_lazy("Chose the language of their e-mails."),
    "user.locked_out": gettext_lazy("The account was locked after too many failed logins."),
    "user.two_factor_enabled": gettext_lazy("Turned on two-step login."),
    "user.two_factor_disabled": gettext_lazy("Turned off two-step login."),
    "user.recovery_codes_renewed": gettext_lazy("Made new recovery codes."),
    "organisation.create": gettext_lazy("Registered the organisation."),
    "organisation.update": gettext_lazy("Updated the organisation's profile."),
    "organisation.rename": gettext_lazy("Changed the organisation's name."),
    "organisation.merge": gettext_lazy("Recorded a merger."),
    "organisation.dpi_associate": gettext_lazy(
        "Associated the organisation with the Department of Public Information."),
    "organisation_change.request": gettext_lazy("Asked for a change of name, a reclassification or a merger."),
    "application.create": gettext_lazy("Started an application."),
    "application.save_answers": gettext_lazy("Saved the questionnaire answers."),
    "application.upload_document": gettext_lazy("Uploaded a document."),
    "application.accept_code_of_conduct": gettext_lazy("Accepted the code of conduct."),
    "application.automatic_checks": gettext_lazy("Ran the automatic checks."),
    "application.assign": gettext_lazy("Assigned the application to an officer."),
    "application.record_criterion": gettext_lazy("Recorded a pre-screening result."),
    "application.request_information": gettext_lazy("Asked the organisation for information."),
    "application.answer": gettext_lazy("Answered a question."),
    "consolidated_list.build": gettext_lazy("Built a new version of the consolidated list."),
    "consolidated_list.publish": gettext_lazy("Published the consolidated list."),
    "consolidated_list.render_pdf": gettext_lazy("Prepared the printable consolidated list."),
    "decision.record": gettext_lazy("Recorded a decision."),
    "decision.question": gettext_lazy("Put a question to the organisation."),
    "session.publish_decisions": gettext_lazy("Published the session's decisions."),
    "session.adopt_decisions": gettext_lazy("Recorded the adoption of the session's decisions."),
    "quadrennial_report.open": gettext_lazy("Opened a quadrennial report."),
    "quadrennial_report.save": gettext_lazy("Saved the quadrennial report."),
    "quadrennial_lifecycle.build": gettext_lazy("Prepared the suspension, reinstatement and withdrawal lists."),
    "quadrennial_lifecycle.publish": gettext_lazy(
        "Published the decisions on suspension, reinstatement and withdrawal."),
    "meeting.create": gettext_lazy("Created the meeting."),
    "meeting.update": gettext_lazy("Updated the meeting."),
    "meeting.invite": gettext_lazy("Invited an organisation to the meeting."),
    "meeting.publish_speakers_list": gettext_lazy("Published the speakers list."),
    "designation.create": gettext_lazy("Designated a representative."),
    "designation.revoke": gettext_lazy("Revoked a designation."),
    "registration.create": gettext_lazy("Registered a representative for a meeting."),
    "registration.check_in": gettext_lazy("Checked a representative in."),
    "statement.submit": gettext_lazy("Submitted a written statement."),
    "speaking_request.create": gettext_lazy("Asked to speak."),
    "consultation.create": gettext_lazy("Opened an online consultation."),
    "consultation.respond": gettext_lazy("Answered an online consultation."),
    "trustfund.pledge": gettext_lazy("Recorded a pledge."),
    "trustfund.contribution": gettext_lazy("Recorded money received."),
    "fund.merge": gettext_lazy("Merged a fund into the one trust fund, moving its money by a ledger transfer."),
    "trustfund.call_create": gettext_lazy("Opened a call for travel grants."),
    "grant_application.submit": gettext_lazy("Applied for a travel grant."),
    "grant_application.review": gettext_lazy("Reviewed a travel grant application."),
    "grant_application.pay_ticket": gettext_lazy("Paid the economy return ticket."),
    "grant_application.pay_allowance": gettext_lazy("Paid the daily subsistence allowance."),
    "grant_application.refund": gettext_lazy("Recorded a refund to the fund."),
    "capacity_initiative.propose": gettext_lazy("Proposed a capacity initiative."),
    "roster.add": gettext_lazy("Added an organisation to the country roster."),
    "roster.remove": gettext_lazy("Removed an organisation from the country roster."),
    "roster.create_organisation": gettext_lazy("Registered a national organisation for the country roster."),
    "engagement.log": gettext_lazy("Logged an engagement with civil society."),
    "advisory_committee.establish": gettext_lazy("Established the national NGO advisory committee."),
    "advisory_committee.update": gettext_lazy("Updated the national NGO advisory committee."),
    "advisory_committee.add_member": gettext_lazy("Added a member to the advisory committee."),
    "advisory_committee.record_meeting": gettext_lazy("Recorded a meeting of the advisory committee."),
    "inquiry.submit": gettext_lazy("Sent an inquiry."),
    "reform_tracker.update": gettext_lazy("Updated the reform tracker."),
}


def actor_label(user) -> str:
    """"Sofia Martínez (Secretariat officer)"; the system when no one acted."""
    if user is None:
        return _("The portal (automatic)")
    name = user.get_full_name() or _("a portal user")
    try:
        role = Role(user.role).label
    except ValueError:
        return name
    return _("%(name)s (%(role)s)") % {"name": name, "role": role}


def _state_label(workflow, value):
    state = workflow.states.get(value) if workflow else None
    return str(state.label) if state else ""


def describe(entry) -> str:
    """What happened, as a sentence in the active language."""
    sentence = ACTIONS.get(entry.action)
    if sentence is not None:
        return str(sentence)
    workflow_name, _dot, transition_name = entry.action.partition(".")
    workflow = WORKFLOWS.get(workflow_name)
    transition = workflow.transitions.get(transition_name) if workflow else None
    if transition is not None:
        before, after = _state_label(workflow, entry.from_state), _state_label(workflow, entry.to_state)
        if before and after and before != after:
            return _("%(action)s: from “%(before)s” to “%(after)s”.") % {
                "action": transition.label, "before": before, "after": after}
        return _("%(action)s.") % {"action": transition.label}
    return _("Made a change.")
