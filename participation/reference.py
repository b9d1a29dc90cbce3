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

# Body kinds whose rules follow ECOSOC practice (general all four; special
# attend and written statements; roster attend in its field).
_ECOSOC_LIKE = ["ecosoc", "ecosoc_subsidiary", "ga_plenary", "ga_committee", "conference", "security_council"]


def _rights():
    rows = []
    for body_kind in _ECOSOC_LIKE:
        rows += [
            (body_kind, "general", ATTEND, ALWAYS, None),
            (body_kind, "general", WRITTEN, ALWAYS, 2000),
            (body_kind, "general", ORAL, ALWAYS, None),
            (body_kind, "general", AGENDA, ALWAYS, None),
            (body_kind, "special", ATTEND, ALWAYS, None),
            (body_kind, "special", WRITTEN, ALWAYS, 500),
            (body_kind, "roster", ATTEND, IN_FIELD, None),
        ]
        if body_kind == "ecosoc":
            # [rule] at ECOSOC roster organisations' statements are limited to 500 words.
            rows.append((body_kind, "roster", WRITTEN, IN_FIELD, 500))
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
    # Parliamentarians and local authorities (¶16–19) attend and speak at the
    # General Assembly and at conferences.
    for body_kind in ("ga_plenary", "conference"):
        for participant in ("parliament", "local_authority", "local_authority_association"):
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
