"""Session assignment: the 1 June rule and the order of sessions."""

import datetime

from .models import Committee, Session

DEADLINE_MONTH, DEADLINE_DAY = 6, 1
# Default dates when a session is created on demand; staff edit them as data.
DEFAULT_DATES = {
    Session.Kind.REGULAR: ((1, 20), (2, 5)),
    Session.Kind.RESUMED: ((5, 15), (5, 31)),
}


def session_year_for(received_on: datetime.date) -> int:
    """[rule] Applications received by 1 June of year Y are considered in
    sessions of year Y+1; those received after 1 June, in sessions of Y+2."""
    deadline = datetime.date(received_on.year, DEADLINE_MONTH, DEADLINE_DAY)
    return received_on.year + (1 if received_on <= deadline else 2)


def session_get_or_create(*, committee: Committee, year: int, kind: str) -> Session:
    (sm, sd), (em, ed) = DEFAULT_DATES[kind]
    session, _ = Session.objects.get_or_create(
        committee=committee, year=year, kind=kind,
        defaults={"starts_on": datetime.date(year, sm, sd), "ends_on": datetime.date(year, em, ed)},
    )
    return session


def session_for_received_on(*, committee: Committee, received_on: datetime.date) -> Session:
    """The first (regular) session of the year the 1 June rule gives."""
    return session_get_or_create(committee=committee, year=session_year_for(received_on),
                                 kind=Session.Kind.REGULAR)


def next_session(session: Session) -> Session:
    if session.kind == Session.Kind.REGULAR:
        return session_get_or_create(committee=session.committee, year=session.year, kind=Session.Kind.RESUMED)
    return session_get_or_create(committee=session.committee, year=session.year + 1, kind=Session.Kind.REGULAR)
