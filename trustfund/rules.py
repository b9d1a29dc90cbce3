"""Permission predicates for the trust fund (django-rules).

- fund manager: a secretariat officer or administrator;
- board: board members review applications and see them in full;
- donors: their own pledges and contributions, and aggregate reports only —
  never a traveller's personal data;
- NGOs: their own organisation's applications;
- the capacity fund's working group (Fund.working_group) approves initiatives.
"""

import rules

from portal.rules import is_admin, is_board, is_donor, is_focal_point, is_ngo, is_staff_officer

is_fund_manager = is_staff_officer


@rules.predicate
def is_member_of_applicant(user, application):
    if application is None or not user.is_authenticated:
        return False
    return application.organisation.memberships.filter(user=user).exists()


@rules.predicate
def is_in_working_group(user, initiative):
    if initiative is None or not user.is_authenticated:
        return False
    return initiative.fund.working_group.filter(pk=user.pk).exists()


sees_personal_data = is_fund_manager | is_board

rules.add_perm("trustfund.view_fund", is_fund_manager | is_board | is_donor)
rules.add_perm("trustfund.view_ledger", is_fund_manager | is_board)
rules.add_perm("trustfund.manage_fund", is_fund_manager)
rules.add_perm("trustfund.record_pledge", is_fund_manager | is_donor)
rules.add_perm("trustfund.record_contribution", is_fund_manager)
rules.add_perm("trustfund.view_report", is_fund_manager | is_board | is_donor)
rules.add_perm("trustfund.view_calls", is_fund_manager | is_board | is_ngo)
rules.add_perm("trustfund.apply", is_ngo)
rules.add_perm("trustfund.view_applications", is_fund_manager | is_board | is_ngo)
rules.add_perm("trustfund.view_application", sees_personal_data | (is_ngo & is_member_of_applicant))
rules.add_perm("trustfund.review_application", is_board)
rules.add_perm("trustfund.award_application", is_fund_manager)
rules.add_perm("trustfund.view_initiatives", is_fund_manager | is_board | is_focal_point | is_admin)
rules.add_perm("trustfund.propose_initiative", is_focal_point | is_fund_manager)
rules.add_perm("trustfund.decide_initiative", is_in_working_group | is_admin)
