import pytest

from tests.trustfund import factories as f


@pytest.fixture
def scenario(demo):
    """Demo logins, a funded participation fund, an open call, the demo NGO's
    application and another organisation's application."""
    manager = demo["secretariat"]
    mtg = f.meeting(title="Commission for Social Development")
    grant_call = f.call(mtg)
    f.fund_money(grant_call.fund, "50000", by=manager)
    f.donor("Kingdom of Norway", users=[demo["donor"]])
    org = f.organisation(name="Kampala Youth Network", country="UG", members=[demo["ngo"]])
    mine = f.apply(grant_call, f.nominee(org, mtg, first="Grace", last="Nakato"), by=demo["ngo"])
    other_user = f.ngo_user(username="otherngo")
    other_org = f.organisation(name="Lima Water Forum", country="PE", members=[other_user])
    theirs = f.apply(grant_call, f.nominee(other_org, mtg, first="Rosa", last="Huaman"), by=other_user)
    return {"users": demo, "manager": manager, "call": grant_call, "meeting": mtg, "fund": grant_call.fund,
            "org": org, "mine": mine, "theirs": theirs, "other_user": other_user}
