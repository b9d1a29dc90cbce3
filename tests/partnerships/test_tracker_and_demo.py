from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from partnerships import demo, services
from partnerships.models import (
    AdvisoryCommittee,
    CountryTeam,
    DirectoryEntry,
    Engagement,
    Inquiry,
    Measure,
    Proposal,
)
from partnerships.workflow import INQUIRY
from portal.models import AuditEntry
from portal.roles import Role
from tests.utils import fetch_export

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(demo):
    from accreditation import demo as accreditation_demo

    accreditation_demo.seed_demo(StringIO())
    demo_module_output = StringIO()
    globals()["demo_module"].seed_demo(demo_module_output)
    return demo


demo_module = demo


def test_seed_demo_is_idempotent_and_covers_the_issue(seeded):
    counts = (CountryTeam.objects.count(), Proposal.objects.count(), Measure.objects.count(),
              Engagement.objects.count(), Inquiry.objects.count())
    demo_module.seed_demo(StringIO())
    assert (CountryTeam.objects.count(), Proposal.objects.count(), Measure.objects.count(),
            Engagement.objects.count(), Inquiry.objects.count()) == counts
    assert counts[0] == 10 and counts[1] == 30
    assert AdvisoryCommittee.objects.filter(team__country_id="BW").exists()
    assert set(Inquiry.objects.values_list("state", flat=True)) == set(INQUIRY.states)
    assert DirectoryEntry.objects.count() > 0


def test_tracker_status_changes_through_the_workflow_and_is_audited(seeded):
    proposal = Proposal.objects.get(number=8)
    staff = seeded["secretariat"]
    updated = services.tracker_update(item=proposal, by=staff, transition="start", note="Training planned")
    assert (updated.status, updated.progress_note) == ("in_progress", "Training planned")
    assert AuditEntry.objects.filter(action="reform_tracker.start").count() == 1
    with pytest.raises(PermissionDenied):
        services.tracker_update(item=proposal, by=seeded["ngo"], transition="refer")


def test_tracker_page_csv_and_pdf_for_the_general_assembly(client, seeded):
    page = client.get(reverse("partnerships:tracker"))
    assert len(page.context["proposals"]) == 30
    csv_text = fetch_export(client, reverse("partnerships:tracker-csv"))[2].decode("utf-8-sig")
    assert len(csv_text.strip().splitlines()) == 1 + 30 + Measure.objects.count()
    _first, pdf, content = fetch_export(client, reverse("partnerships:tracker-pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert content.startswith(b"%PDF")


def test_dashboards_show_the_partnerships_panels(client, seeded):
    client.force_login(seeded["focalpoint"])
    assert "Botswana" in client.get("/dashboard/focalpoint/").content.decode()
    client.force_login(seeded["secretariat"])
    assert "open inquiries" in client.get("/dashboard/secretariat/").content.decode()
    client.force_login(seeded["ngo"])
    assert "Your inquiries to the Partnerships Office" in client.get("/dashboard/ngo/").content.decode()


def test_liaison_lists_elected_representatives_with_their_history(client, seeded):
    client.force_login(seeded["secretariat"])
    page = client.get(reverse("partnerships:liaison"))
    kinds = {e.entity_kind for e in page.context["page"]}
    assert kinds == {"parliament", "local_authority", "local_authority_association"}
    council = next(e for e in page.context["page"] if e.name == "Gaborone City Council")
    detail = client.get(reverse("partnerships:liaison-detail", args=[council.pk]))
    assert [e.team.country_id for e in detail.context["engagements"]] == ["BW"]


def test_focal_point_role_user_exists_for_demo(seeded):
    assert seeded["focalpoint"].role == Role.FOCAL_POINT


@pytest.mark.django_db
def test_un_entities_are_data_by_kind_and_country_teams_list_them(client):
    from django.core.management import call_command

    from partnerships.models import Agency
    from portal.demo import demo_user

    call_command("seed_demo", force=True, stdout=StringIO())
    kinds = dict(Agency.objects.values_list("code", "kind"))
    assert kinds["unhabitat"] == kinds["undp"] == "fund_programme"
    assert kinds["who"] == "specialised_agency"
    assert {c for c, k in kinds.items() if k == "regional_commission"} == {"eca", "ece", "eclac", "escap", "escwa"}
    assert kinds["undg"] == "coordination"
    team = CountryTeam.objects.filter(agencies__code="undp").first()
    client.force_login(demo_user("secretariat"))
    page = client.get(reverse("partnerships:team-detail", args=[team.pk])).content.decode()
    assert "(Fund or programme)" in page


UNCITED = {2, 4, 8, 9, 17, 18, 19, 21, 26, 30}


def test_no_uncited_proposal_carries_a_report_paragraph_a_title_or_a_position():
    from partnerships.reference import PROPOSALS

    assert {n for n, _t, paragraphs, *_rest in PROPOSALS if not paragraphs} == UNCITED
    for number, title, paragraphs, position, status, _unit, evidence in PROPOSALS:
        if number in UNCITED:
            assert (title, paragraphs, position) == ("", "", "")
        else:
            assert title and paragraphs and position
        if status in ("piloted", "implemented"):
            assert evidence


def test_the_tracker_shows_what_the_report_says_and_by_number_only_what_it_does_not(client, seeded):
    assert set(Proposal.objects.filter(report_paragraphs="").values_list("number", flat=True)) == UNCITED
    assert not Proposal.objects.filter(number__in=UNCITED).exclude(title="").exists()
    page = client.get(reverse("partnerships:tracker")).content.decode()
    row = page[page.index('data-testid="proposal-19"'):]
    row = row[:row.index("</tr>")]
    assert "Not addressed in this report" in row and "¶" not in row
    row = page[page.index('data-testid="proposal-24"'):]
    row = row[:row.index("</tr>")]
    assert "¶52" in row and "Not accepted" in row
    row = page[page.index('data-testid="proposal-5"'):]
    row = row[:row.index("</tr>")]
    assert "Piloted" in row and "Implemented" not in row and "Will review with stakeholders" in row


def test_a_status_never_claims_more_than_its_evidence_and_every_change_is_in_the_history(client, seeded):
    staff = seeded["secretariat"]
    proposal = Proposal.objects.get(number=27)
    with pytest.raises(Exception) as exc:
        services.tracker_update(item=proposal, by=staff, transition="complete", note="Fund set up")
    assert "evidence" in str(exc.value)
    services.tracker_update(item=proposal, by=staff, transition="pilot", note="First grants paid",
                            evidence_url="/trustfund/")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.evidence_url) == ("piloted", "/trustfund/")
    page = client.get(reverse("partnerships:tracker-history", args=["proposal", proposal.pk])).content.decode()
    history = page[page.index('data-testid="tracker-history"'):]
    assert "First grants paid" in history and "Piloted" in history


def test_the_general_assembly_report_renders_positions_evidence_and_open_bodies(seeded):
    from partnerships.exports import tracker_context, tracker_pdf, tracker_table

    context = tracker_context()
    assert tracker_pdf(context).startswith(b"%PDF")
    header, rows = tracker_table(context)
    assert "Position of the Secretary-General" in header
    by_number = {row[1]: row for row in rows if row[0] == "Panel proposal"}
    assert by_number[19][2:5] == ["Not addressed in this report", "", ""]
    assert by_number[24][3:6] == ["52", "Not accepted", "Not accepted"]
