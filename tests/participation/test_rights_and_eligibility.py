import pytest

from accreditation.models import EntityKind
from participation.eligibility import check_right
from participation.models import Invitation, MeetingKind, ParticipationRight, Right
from tests.participation.factories import make_meeting, make_org

pytestmark = pytest.mark.django_db


def test_meeting_kinds_are_data_with_the_arria_formula_by_invitation_and_without_records():
    kinds = {k.code: k for k in MeetingKind.objects.all()}
    assert set(kinds) == {"ga-hearing", "ga-annual-hearing", "sc-arria", "sc-open-debate", "ecosoc-segment",
                          "commission-session", "conference", "parliamentarians", "online-consultation"}
    arria = kinds["sc-arria"]
    assert (arria.invitation_only, arria.keeps_records, arria.single_convener) == (True, False, True)
    assert kinds["ga-annual-hearing"].agenda_agreed_with_ngos is True
    assert kinds["ga-annual-hearing"].default_duration_days == 2


@pytest.mark.parametrize("body_kind,participant,rights", [
    ("ecosoc", "general", {"attend", "written_statement", "oral_statement", "propose_agenda_item"}),
    ("ecosoc", "special", {"attend", "written_statement"}),
    ("ecosoc", "roster", {"attend", "written_statement"}),
    ("functional_commission", "special", {"attend", "written_statement"}),
    ("ga_plenary", "special", {"attend", "written_statement", "oral_statement"}),
    ("ga_committee", "roster", {"attend", "oral_statement"}),
    ("ga_plenary", "parliament", {"attend", "oral_statement"}),
    ("ecosoc", "parliament", {"attend", "oral_statement"}),
    ("conference", "local_authority", {"attend", "oral_statement"}),
    ("conference", "general", {"attend", "written_statement", "oral_statement"}),
    ("security_council", "general", set()),
    ("security_council", "invitee", {"attend", "written_statement", "oral_statement"}),
])
def test_rights_table_gives_each_category_its_rights(body_kind, participant, rights):
    got = set(ParticipationRight.objects.filter(body_kind=body_kind, participant=participant)
              .values_list("right", flat=True))
    assert got == rights


@pytest.mark.parametrize("body_kind,participant,limit,condition", [
    ("ecosoc", "general", 2000, "always"),
    ("ecosoc", "special", 500, "always"),
    ("ecosoc", "roster", 500, "in_field"),
    ("functional_commission", "general", 2000, "always"),
    ("functional_commission", "special", 1500, "always"),
    ("functional_commission", "roster", 500, "by_invitation"),
])
def test_written_statement_word_limits_are_data(body_kind, participant, limit, condition):
    row = ParticipationRight.objects.get(body_kind=body_kind, participant=participant, right="written_statement")
    assert (row.word_limit, row.condition) == (limit, condition)


def test_special_status_may_attend_and_circulate_but_not_speak_at_ecosoc():
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    org = make_org("special")
    assert [bool(check_right(org, meeting, r)) for r in Right.values] == [True, True, False, False]


def test_changing_the_rights_table_changes_the_check():
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    org = make_org("special")
    ParticipationRight.objects.create(body_kind="ecosoc", participant="special", right="oral_statement")
    assert check_right(org, meeting, Right.ORAL_STATEMENT).allowed is True


def test_roster_attends_only_meetings_in_its_field():
    in_field = make_meeting(kind="ecosoc-segment", body="ecosoc", areas=["hiv-aids"])
    elsewhere = make_meeting(kind="ecosoc-segment", body="ecosoc", areas=["disarmament"])
    roster = make_org("roster", areas=["hiv-aids"])
    assert check_right(roster, in_field, Right.ATTEND).allowed is True
    decision = check_right(roster, elsewhere, Right.ATTEND)
    assert decision.allowed is False
    assert "field" in decision.reason


def test_organisations_without_status_or_suspended_cannot_take_part():
    meeting = make_meeting()
    assert check_right(make_org(""), meeting, Right.ATTEND).allowed is False
    suspended = make_org("special", state="suspended")
    decision = check_right(suspended, meeting, Right.ATTEND)
    assert (decision.allowed, "suspended" in decision.reason) == (False, True)


def test_parliaments_and_local_authorities_take_part_where_the_table_admits_them():
    ga = make_meeting(kind="parliamentarians", body="ga")
    ecosoc = make_meeting(kind="ecosoc-segment", body="ecosoc")
    parliament = make_org("", entity_kind=EntityKind.PARLIAMENT)
    cities = make_org("", entity_kind=EntityKind.LOCAL_AUTHORITY_ASSOCIATION)
    assert check_right(parliament, ga, Right.ORAL_STATEMENT).allowed is True
    assert check_right(cities, ga, Right.ATTEND).allowed is True
    assert check_right(parliament, ecosoc, Right.ATTEND).allowed is True  # ¶15
    assert check_right(parliament, ecosoc, Right.PROPOSE_AGENDA_ITEM).allowed is False


def test_a_meeting_may_restrict_its_participants():
    meeting = make_meeting(kind="parliamentarians", participants=["parliament"])
    assert check_right(make_org("", entity_kind=EntityKind.PARLIAMENT), meeting, Right.ATTEND).allowed is True
    assert check_right(make_org("general"), meeting, Right.ATTEND).allowed is False


def test_invitation_only_meetings_admit_invited_organisations_only(staff):
    arria = make_meeting(kind="sc-arria", body="security-council")
    invited, other = make_org("general"), make_org("general")
    Invitation.objects.create(meeting=arria, organisation=invited)
    assert check_right(invited, arria, Right.ATTEND).allowed is True
    decision = check_right(other, arria, Right.ATTEND)
    assert (decision.allowed, "invitation" in decision.reason) == (False, True)


def test_roster_written_statements_at_commissions_need_an_invitation():
    csw = make_meeting(kind="commission-session", body="csw", areas=["hiv-aids"])
    roster = make_org("roster", areas=["hiv-aids"])
    assert check_right(roster, csw, Right.WRITTEN_STATEMENT).allowed is False
    Invitation.objects.create(meeting=csw, organisation=roster)
    assert check_right(roster, csw, Right.WRITTEN_STATEMENT).word_limit == 500
