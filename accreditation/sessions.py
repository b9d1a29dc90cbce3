"""Session assignment: the 1 June rule and the order of sessions.

A session is *open* for applications until its decisions are published:
nothing is ever assigned to (or carried over into) a session whose decisions
are published or adopted; it goes to the next session that is still open."""

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


def next_session(session: Session) -> Session:
    if session.kind == Session.Kind.REGULAR:
        return session_get_or_create(committee=session.committee, year=session.year, kind=Session.Kind.RESUMED)
    return session_get_or_create(committee=session.committee, year=session.year + 1, kind=Session.Kind.REGULAR)


def is_open(session: Session, *, received_on: datetime.date | None = None) -> bool:
    """Still takes applications: its decisions are not published (nor adopted)
    and, for an application received on `received_on`, it has not ended."""
    if session.decisions_published_at or session.decisions_adopted_on:
        return False
    return received_on is None or session.ends_on >= received_on


def first_open_session(session: Session, *, received_on: datetime.date | None = None, lock: bool = True) -> Session:
    """`session` itself if it is open, else the next one that is. Each session
    looked at is locked (inside the caller's transaction) so that a
    publication running at the same time is seen: publishing locks the session
    row first, so an application is never put into a session being closed.
    (`lock=False` for a caller that already holds an application's lock, which
    publication takes after the session's: it reads what is committed.)"""
    while True:
        rows = Session.objects.select_for_update() if lock else Session.objects
        locked = rows.select_related("committee").get(pk=session.pk)
        if is_open(locked, received_on=received_on):
            return locked
        session = next_session(locked)


def next_open_session(session: Session, *, lock: bool = True) -> Session:
    """The session after `session` that is still open (where deferred and
    carried-over applications go)."""
    return first_open_session(next_session(session), lock=lock)


def session_for_received_on(*, committee: Committee, received_on: datetime.date) -> Session:
    """The first (regular) session of the year the 1 June rule gives — or, when
    that one is already closed, the next session still open."""
    nominal = session_get_or_create(committee=committee, year=session_year_for(received_on),
                                    kind=Session.Kind.REGULAR)
    return first_open_session(nominal, received_on=received_on)
