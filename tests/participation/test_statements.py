import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from participation import services
from participation.models import Invitation, Statement
from tests.participation.factories import make_meeting, make_member, make_org

pytestmark = pytest.mark.django_db

SAMPLES = {
    "en": lambda n: " ".join(["development"] * n),
    "zh-hans": lambda n: "发" * n,  # one word per Chinese character
    "ar": lambda n: " ".join(["التنمية"] * n),
}


def _submit(org, meeting, text, **kw):
    user = make_member(org)
    return services.statement_submit(by=user, meeting=meeting, organisation=org, title="Statement", text=text, **kw)


@pytest.mark.parametrize("language", list(SAMPLES))
@pytest.mark.parametrize("kind,body,category,limit", [
    ("ecosoc-segment", "ecosoc", "general", 2000),
    ("ecosoc-segment", "ecosoc", "special", 500),
    ("ecosoc-segment", "ecosoc", "roster", 500),
    ("commission-session", "csw", "general", 2000),
    ("commission-session", "csw", "special", 1500),
])
def test_word_limit_accepts_exactly_the_limit_and_refuses_one_more(kind, body, category, limit, language):
    meeting = make_meeting(kind=kind, body=body, areas=["hiv-aids"])
    over = make_org(category, areas=["hiv-aids"])
    with pytest.raises(ValidationError) as exc:
        _submit(over, meeting, SAMPLES[language](limit + 1), language=language)
    assert exc.value.message_dict["text"] == [
        f"The statement has {limit + 1:,} words; the limit for your organisation at this meeting is {limit:,} words."]
    at = make_org(category, areas=["hiv-aids"])
    st = _submit(at, meeting, SAMPLES[language](limit), language=language)
    assert (st.word_count, st.word_limit, st.state) == (limit, limit, "submitted")


def test_roster_statements_at_commissions_only_by_invitation(staff):
    csw = make_meeting(kind="commission-session", body="csw", areas=["hiv-aids"])
    roster = make_org("roster", areas=["hiv-aids"])
    with pytest.raises(ValidationError) as exc:
        _submit(roster, csw, "A short statement.")
    assert "invited" in exc.value.messages[0]
    Invitation.objects.create(meeting=csw, organisation=roster)
    assert _submit(roster, csw, "A short statement.").word_limit == 500


def test_one_statement_per_organisation_per_session(org):
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    _submit(org, meeting, "First.")
    with pytest.raises(ValidationError) as exc:
        _submit(org, meeting, "Second.")
    assert "one statement per organisation per session" in exc.value.messages[0]
    assert _submit(org, make_meeting(kind="ecosoc-segment", body="ecosoc"), "Another session.").state == "submitted"


def test_withdrawn_or_rejected_statement_allows_a_new_one(org, staff):
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    st = _submit(org, meeting, "First.")
    services.statement_reject(by=staff, statement=st, reason="Off topic")
    assert _submit(org, meeting, "Second.").state == "submitted"


def test_joint_statement_lists_cosponsors_who_may_not_submit_their_own(org):
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    partner = make_org("special")
    joint = _submit(org, meeting, "Together.", cosponsors=[partner])
    assert list(joint.cosponsors.all()) == [partner]
    with pytest.raises(ValidationError) as exc:
        _submit(partner, meeting, "Our own.")
    assert "co-sponsors a joint statement" in exc.value.messages[0]


def test_an_organisation_with_its_own_statement_cannot_co_sponsor(org):
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    other = make_org("special")
    _submit(other, meeting, "Ours.")
    with pytest.raises(ValidationError) as exc:
        _submit(org, meeting, "Joint.", cosponsors=[other])
    assert "already has a statement" in exc.value.message_dict["cosponsors"][0]


def test_a_cosponsor_needs_the_right_to_circulate_statements(org):
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    with pytest.raises(ValidationError) as exc:
        _submit(org, meeting, "Joint.", cosponsors=[make_org("")])
    assert "cosponsors" in exc.value.message_dict


def test_members_submit_only_for_their_own_organisation(org):
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    outsider = make_member(make_org("general"))
    with pytest.raises(PermissionDenied):
        services.statement_submit(by=outsider, meeting=meeting, organisation=org, title="T", text="x")


def test_only_the_secretariat_reviews(org, staff):
    meeting = make_meeting(kind="ecosoc-segment", body="ecosoc")
    st = _submit(org, meeting, "Text.")
    with pytest.raises(PermissionDenied):
        services.statement_accept(by=make_member(org), statement=st)
    with pytest.raises(ValidationError):
        services.statement_reject(by=staff, statement=st, reason="")
    assert services.statement_accept(by=staff, statement=st).state == Statement.State.ACCEPTED
