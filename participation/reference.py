"""Reference data for participation: the kinds of meeting and the rights
table (participant × right × kind of body). Loaded by a data migration and
editable by staff afterwards (admin)."""

# code, name, invitation_only, keeps_records, single_convener, agenda_agreed_with_ngos, online, days
MEETING_KINDS = [
    ("ga-hearing", "General Assembly informal interactive hearing", False, True, False, False, False, 1),
    ("ga-annual-hearing", "General Assembly annual two-day hearing with NGOs", False, True, False, True, False, 2),
    ("sc-arria", "Security Council Arria-formula meeting", True, False, True, False, False, 1),
    ("sc-open-debate", "Security Council open debate", True, True, False, False, False, 1),
    ("ecosoc-segment", "ECOSOC segment", False, True, False, False, False, 5),
    ("commission-session", "Functional commission session", False, True, False, False, False, 10),
    ("conference", "Conference or special session", False, True, False, False, False, 3),
    ("parliamentarians", "Parliamentarians' meeting", False, True, False, False, False, 1),
    ("online-consultation", "Online consultation", False, True, False, False, True, 14),
]

ATTEND, WRITTEN, ORAL, AGENDA = "attend", "written_statement", "oral_statement", "propose_agenda_item"
ALWAYS, IN_FIELD, BY_INVITATION = "always", "in_field", "by_invitation"
ELECTED = ("parliament", "local_authority", "local_authority_association")


def _rights():
    """The rights table reviewed against ¶9–19 and ¶33 of A/59/354 and
    resolution 1996/31."""
    rows = []
    # ECOSOC and its subsidiary bodies (resolution 1996/31): general — attend,
    # written and oral statements, propose agenda items; special — attend and
    # written statements; roster — attend meetings in its field.
    for body_kind in ("ecosoc", "ecosoc_subsidiary"):
        rows += [
            (body_kind, "general", ATTEND, ALWAYS, None),
            (body_kind, "general", WRITTEN, ALWAYS, 2000),
            (body_kind, "general", ORAL, ALWAYS, None),
            (body_kind, "general", AGENDA, ALWAYS, None),
            (body_kind, "special", ATTEND, ALWAYS, None),
            (body_kind, "special", WRITTEN, ALWAYS, 500),
            (body_kind, "roster", ATTEND, IN_FIELD, None),
        ]
    # [rule] at ECOSOC roster organisations' statements are limited to 500 words.
    rows.append(("ecosoc", "roster", WRITTEN, IN_FIELD, 500))
    # Functional commissions (e.g. CSW): general 2,000, special 1,500, roster by invitation.
    rows += [
        ("functional_commission", "general", ATTEND, ALWAYS, None),
        ("functional_commission", "general", WRITTEN, ALWAYS, 2000),
        ("functional_commission", "general", ORAL, ALWAYS, None),
        ("functional_commission", "general", AGENDA, ALWAYS, None),
        ("functional_commission", "special", ATTEND, ALWAYS, None),
        ("functional_commission", "special", WRITTEN, ALWAYS, 1500),
        ("functional_commission", "roster", ATTEND, IN_FIELD, None),
        ("functional_commission", "roster", WRITTEN, BY_INVITATION, 500),
    ]
    # Conferences and special sessions (1996/31, part VII): accredited
    # organisations attend and circulate statements; no agenda proposals.
    rows += [
        ("conference", "general", ATTEND, ALWAYS, None),
        ("conference", "general", WRITTEN, ALWAYS, 2000),
        ("conference", "general", ORAL, ALWAYS, None),
        ("conference", "special", ATTEND, ALWAYS, None),
        ("conference", "special", WRITTEN, ALWAYS, 500),
        ("conference", "roster", ATTEND, IN_FIELD, None),
    ]
    # General Assembly hearings and high-level dialogues (¶9–11): every
    # accredited organisation may register and ask to speak; speakers are
    # chosen for relevance and balance. Written statements as before
    # (general 2,000 words, special 500). No agenda proposals.
    for body_kind in ("ga_plenary", "ga_committee"):
        for category in ("general", "special", "roster"):
            rows += [(body_kind, category, ATTEND, ALWAYS, None), (body_kind, category, ORAL, ALWAYS, None)]
        rows += [(body_kind, "general", WRITTEN, ALWAYS, 2000), (body_kind, "special", WRITTEN, ALWAYS, 500)]
    # Security Council (¶13–14): no standing rights; the convening member
    # invites NGOs or experts, with or without status (Arria formula).
    rows += [
        ("security_council", "invitee", ATTEND, BY_INVITATION, None),
        ("security_council", "invitee", WRITTEN, BY_INVITATION, 2000),
        ("security_council", "invitee", ORAL, BY_INVITATION, None),
    ]
    # Parliaments, local authorities and their associations (¶15–19) take
    # part at ECOSOC, at conferences and in the General Assembly's
    # parliamentary hearings.
    for body_kind in ("ecosoc", "conference", "ga_plenary"):
        for participant in ELECTED:
            rows += [(body_kind, participant, ATTEND, ALWAYS, None), (body_kind, participant, ORAL, ALWAYS, None)]
    return rows


RIGHTS = _rights()


def load_reference_data(MeetingKind, ParticipationRight):
    for code, name, invitation_only, keeps_records, single, agenda, online, days in MEETING_KINDS:
        MeetingKind.objects.update_or_create(code=code, defaults={
            "name": name, "invitation_only": invitation_only, "keeps_records": keeps_records,
            "single_convener": single, "agenda_agreed_with_ngos": agenda, "is_online_consultation": online,
            "default_duration_days": days,
        })
    for body_kind, participant, right, condition, limit in RIGHTS:
        ParticipationRight.objects.update_or_create(
            body_kind=body_kind, participant=participant, right=right,
            defaults={"condition": condition, "word_limit": limit},
        )


def remove_rights_not_in_the_table(ParticipationRight):
    """Drop shipped rows the review of ¶9–19 and ¶33 withdrew (e.g. standing
    rights at the Security Council, agenda proposals at the General Assembly)."""
    keep = {(b, p, r) for b, p, r, _c, _l in RIGHTS}
    stale = [row.pk for row in ParticipationRight.objects.all()
             if (row.body_kind, row.participant, row.right) not in keep]
    ParticipationRight.objects.filter(pk__in=stale).delete()


def rights_matrix_markdown() -> str:
    """The rights table as a Markdown table (the README shows it; a test
    keeps the two equal)."""
    from django.utils import translation

    from accreditation.models import Body

    from .models import Participant, Right

    marks = {ALWAYS: "✓", IN_FIELD: "in its field", BY_INVITATION: "by invitation"}
    table = {}
    for body_kind, participant, right, condition, limit in RIGHTS:
        mark = marks[condition] + (f" ({limit:,} words)" if limit else "")
        table.setdefault((body_kind, participant), {})[right] = mark
    with translation.override("en"):
        rights = [(r, str(Right(r).label)) for r in Right.values]
        lines = ["| Body | Participant | " + " | ".join(label for _r, label in rights) + " |",
                 "| --- | --- | " + " | ".join("---" for _r in rights) + " |"]
        for body_kind in Body.Kind.values:
            for participant in Participant.values:
                cells = table.get((body_kind, participant))
                if cells:
                    lines.append(f"| {Body.Kind(body_kind).label} | {Participant(participant).label} | "
                                 + " | ".join(cells.get(r, "—") for r, _l in rights) + " |")
    return "\n".join(lines) + "\n"
