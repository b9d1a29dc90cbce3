"""What each far-reaching accreditation action will do, in plain words and
with its numbers, for the one confirmation step (`portal.confirm`)."""

from django.db.models import Count
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.confirm import confirmation

from .models import Application, Decision


def confirm_list_publish(request, clist):
    n = clist.entries.count()
    return confirmation(
        request,
        title=_("Publish version %(v)s of the consolidated list for %(session)s?")
        % {"v": clist.version, "session": clist.session},
        count=n,
        count_label=ngettext("%(n)s application is on this version.",
                             "%(n)s applications are on this version.", n) % {"n": n},
        consequences=[
            _("Every member of %(committee)s sees this version and can start recording decisions.")
            % {"committee": clist.session.committee.name},
            _("The version is frozen: later changes need a new version."),
            _("Its printable PDF is prepared in the background."),
        ],
        confirm_label=_("Yes, publish to the committee's members"),
        reauthenticate=True,
    )


def confirm_publish_decisions(request, session):
    pending = dict(Decision.objects.filter(session=session, state=Decision.State.PENDING)
                   .values_list("outcome").annotate(n=Count("id")))
    decided = Decision.objects.filter(session=session, state=Decision.State.PENDING).values("application_id")
    carried = (Application.objects.filter(session=session, state__in=("prescreened", "deferred"))
               .exclude(pk__in=decided).count())
    labels = dict(Decision.Outcome.choices)
    total = sum(pending.values())
    lines = [ngettext("%(n)s application: %(outcome)s.", "%(n)s applications: %(outcome)s.", n)
             % {"n": n, "outcome": labels[outcome]} for outcome, n in sorted(pending.items())]
    if carried:
        lines.append(ngettext(
            "%(n)s application without a decision is carried over to the next session.",
            "%(n)s applications without a decision are carried over to the next session.", carried)
            % {"n": carried})
    lines += [_("Each organisation sees its outcome at once and is told by e-mail."),
              _("Committee members can no longer change their decisions for this session.")]
    return confirmation(
        request,
        title=_("Publish all decisions of %(session)s?") % {"session": session},
        count=total,
        count_label=ngettext("%(n)s decision will be published.", "%(n)s decisions will be published.", total)
        % {"n": total},
        consequences=lines,
        confirm_label=_("Yes, publish the decisions"),
        reauthenticate=True,
    )


def confirm_adoption(request, session, *, on, reference="", override_reason=""):
    n = (Decision.objects.filter(session=session, state=Decision.State.PUBLISHED,
                                 outcome__in=("general", "special", "roster"),
                                 application__state="recommended").count())
    body = session.committee.adopting_body.name
    return confirmation(
        request,
        title=_("Record adoption by %(body)s?") % {"body": body},
        count=n,
        count_label=ngettext("%(n)s recommendation will be adopted.", "%(n)s recommendations will be adopted.", n)
        % {"n": n},
        consequences=[
            _("Adopted on %(date)s%(ref)s.") % {"date": date_format(on, "DATE_FORMAT"),
                                                 "ref": f" ({reference})" if reference else ""},
            ngettext("%(n)s organisation is granted consultative status (or reclassified) with effect from "
                     "that date.",
                     "%(n)s organisations are granted consultative status (or reclassified) with effect from "
                     "that date.", n) % {"n": n},
            _("Their four-year reporting cycle starts from that date."),
            _("Each organisation is told by e-mail."),
        ],
        confirm_label=_("Yes, record the adoption"),
        reauthenticate=True,
    )


def confirm_bulk_decisions(request, *, count, outcome_label):
    return confirmation(
        request,
        title=_("Record “%(outcome)s” for the ticked applications?") % {"outcome": outcome_label},
        count=count,
        count_label=ngettext("%(n)s application is ticked.", "%(n)s applications are ticked.", count)
        % {"n": count},
        consequences=[
            ngettext("A pending decision “%(outcome)s” is recorded for %(n)s application, replacing any decision "
                     "recorded for it before.",
                     "A pending decision “%(outcome)s” is recorded for each of %(n)s applications, replacing any "
                     "decision recorded for them before.", count) % {"outcome": outcome_label, "n": count},
            _("Decisions stay pending, and can be changed, until the Secretariat publishes them."),
        ],
        confirm_label=_("Yes, record these decisions"), danger=False, reauthenticate=True,
    )


def confirm_bulk_assign(request, *, count, officer):
    return confirmation(
        request,
        title=_("Assign the ticked applications to %(officer)s?") % {"officer": officer.display_name},
        count=count,
        count_label=ngettext("%(n)s application is ticked.", "%(n)s applications are ticked.", count)
        % {"n": count},
        consequences=[_("%(officer)s becomes the officer in charge of each, replacing the present one.")
                      % {"officer": officer.display_name}],
        confirm_label=_("Yes, assign them"), danger=False,
    )
