"""The meetings calendar as an iCalendar feed (RFC 5545, written with the
`icalendar` library): meetings, their registration windows, the 1 June
application deadline and, for a signed-in NGO, its own quadrennial report
due dates."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import meetings_for

APPLICATION_DEADLINE = (6, 1)  # [rule] received by 1 June of Y: considered in Y+1


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime
    description: str = ""
    location: str = ""
    url: str = ""


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "ngo-portal"


def meeting_events(user, *, today: datetime.date, past_days: int = 365) -> list[Event]:
    events = []
    meetings = (meetings_for(user).filter(ends_on__gte=today - datetime.timedelta(days=past_days))
                .order_by("starts_on", "id"))
    for m in meetings:
        url = _link(reverse("participation:meeting-detail", args=[m.pk]))
        events.append(Event(
            uid=f"meeting-{m.pk}@{_domain()}", summary=m.title, start=m.starts_on,
            end=m.ends_on + datetime.timedelta(days=1),
            description=f"{m.kind.name} · {m.body.name}\n{url}",
            location=_("Online") if m.is_online else m.venue, url=url))
        if m.ends_on >= today:
            for which, at, label in (("opens", m.registration_opens_at, _("Registration opens: %(title)s")),
                                     ("closes", m.registration_closes_at, _("Registration closes: %(title)s"))):
                events.append(Event(uid=f"meeting-{m.pk}-registration-{which}@{_domain()}",
                                    summary=label % {"title": m.title}, start=at,
                                    end=at + datetime.timedelta(minutes=30), description=url, url=url))
    return events


def deadline_events(user, *, today: datetime.date) -> list[Event]:
    events = []
    criteria = _link(reverse("accreditation:criteria"))
    for year in (today.year, today.year + 1):
        day = datetime.date(year, *APPLICATION_DEADLINE)
        if day < today:
            continue
        events.append(Event(
            uid=f"application-deadline-{year}@{_domain()}",
            summary=_("Deadline for applications for consultative status (considered in %(year)s)")
            % {"year": year + 1},
            start=day, end=day + datetime.timedelta(days=1),
            description=_("Applications received by 1 June are considered by the Committee on NGOs in the "
                          "following year.") + f"\n{criteria}", url=criteria))
    if getattr(user, "is_authenticated", False) and getattr(user, "role", None) == "ngo":
        from accreditation.models import Organisation
        from accreditation.quadrennial import selectors as quadrennial

        mine = _link(reverse("quadrennial:mine"))
        for org in Organisation.objects.filter(memberships__user=user).order_by("name"):
            for period in quadrennial.obligations(org, on=today):
                events.append(Event(
                    uid=f"report-{org.pk}-{period.first_year}@{_domain()}",
                    summary=_("Quadrennial report %(period)s due: %(org)s") % {"period": period.label,
                                                                               "org": org.display_name},
                    start=period.due_on, end=period.due_on + datetime.timedelta(days=1), description=mine,
                    url=mine))
    return events


def calendar_events(user, *, today: datetime.date | None = None) -> list[Event]:
    today = today or timezone.localdate()
    return meeting_events(user, today=today) + deadline_events(user, today=today)


def to_ical(events: list[Event]) -> bytes:
    from icalendar import Calendar
    from icalendar import Event as IEvent

    cal = Calendar()
    cal.add("prodid", "-//United Nations//NGO Portal//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", _("NGO Portal: meetings and deadlines"))
    stamp = timezone.now()
    for e in events:
        ev = IEvent()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp)
        ev.add("summary", e.summary)
        ev.add("dtstart", e.start)
        ev.add("dtend", e.end)
        if e.description:
            ev.add("description", e.description)
        if e.location:
            ev.add("location", e.location)
        if e.url:
            ev.add("url", e.url)
        cal.add_component(ev)
    return cal.to_ical()
