"""The rights table as the report describes it (¶9–19, ¶33): hearings open to
every accredited organisation, the Security Council by invitation only, agenda
proposals only under ECOSOC's rules, parliaments and local authorities at
ECOSOC; the README shows the same table."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from accreditation.models import EntityKind
from participation import services
from participation.eligibility import check_right
from participation.models import Invitation, ParticipationRight, Registration, Right
from participation.reference import rights_matrix_markdown
from tests.participation.factories import designate, make_meeting, make_member, make_org

pytestmark = pytest.mark.django_db


def test_a_special_status_ngo_asks_to_speak_at_a_general_assembly_hearing():
    hearing = make_meeting(kind="ga-hearing", body="ga")
    org = make_org("special")
    focal = make_member(org, focal_point=True)
    designation = designate(org, by=focal)
    registration = services.registration_create(by=focal, meeting=hearing, designation=designation)
    assert registration.state == Registration.State.APPROVED
    request = services.speaking_request_create(by=focal, meeting=hearing, organisation=org,
                                               speaker=designation.representative, topic="HIV/AIDS prevention")
    assert request.state == "requested"


def test_an_invited_expert_without_status_registers_for_an_arria_formula_meeting():
    arria = make_meeting(kind="sc-arria", body="security-council")
    expert = make_org("")  # no consultative status at all
    focal = make_member(expert, focal_point=True)
    designation = designate(expert, by=focal)
    with pytest.raises(ValidationError) as exc:
        services.registration_create(by=focal, meeting=arria, designation=designation)
    assert "by invitation of the member convening the meeting" in exc.value.messages[0]
    Invitation.objects.create(meeting=arria, organisation=expert)
    registration = services.registration_create(by=focal, meeting=arria, designation=designation)
    assert registration.state == Registration.State.APPROVED
    assert check_right(expert, arria, Right.ORAL_STATEMENT).allowed is True


def test_status_gives_no_standing_right_at_the_security_council():
    open_debate = make_meeting(kind="sc-open-debate", body="security-council", invitation_only=False)
    general = make_org("general")
    assert [bool(check_right(general, open_debate, r)) for r in Right.values] == [False, False, False, False]


def test_agenda_items_are_proposed_only_where_ecosoc_rules_give_them():
    bodies = set(ParticipationRight.objects.filter(right="propose_agenda_item").values_list("body_kind", flat=True))
    assert bodies == {"ecosoc", "ecosoc_subsidiary", "functional_commission"}
    assert set(ParticipationRight.objects.filter(right="propose_agenda_item")
               .values_list("participant", flat=True)) == {"general"}


def test_a_parliament_takes_part_and_speaks_at_ecosoc():
    segment = make_meeting(kind="ecosoc-segment", body="ecosoc")
    parliament = make_org("", entity_kind=EntityKind.PARLIAMENT)
    focal = make_member(parliament, focal_point=True)
    designation = designate(parliament, by=focal)
    registration = services.registration_create(by=focal, meeting=segment, designation=designation)
    assert registration.state == Registration.State.APPROVED
    assert check_right(parliament, segment, Right.ORAL_STATEMENT).allowed is True


def test_the_readme_shows_the_rights_table_as_shipped():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- rights-matrix:start -->\n", 1)[1].split("<!-- rights-matrix:end -->", 1)[0]
    assert block == rights_matrix_markdown()


def test_the_shipped_table_is_the_one_in_the_database():
    shipped = {(b, p, r) for b, p, r, _c, _l in __import__("participation.reference", fromlist=["RIGHTS"]).RIGHTS}
    assert set(ParticipationRight.objects.values_list("body_kind", "participant", "right")) == shipped
