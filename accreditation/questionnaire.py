"""The structured questionnaire, as data: each question with its length limit
(in characters) and the tracks that ask it."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

INTERGOVERNMENTAL = "intergovernmental"
DPI = "dpi"


@dataclass(frozen=True)
class Question:
    code: str
    label: str
    help: str
    max_chars: int
    tracks: tuple[str, ...] = (INTERGOVERNMENTAL, DPI)


QUESTIONS = [
    Question("aims", _("Aims and purposes"), _("The organisation's mission, as in its constitution."), 2000),
    Question("activities", _("Activities"), _("Main activities of the last two years, with places and dates."),
             4000),
    Question("governance", _("Structure and governance"),
             _("How decisions are taken: governing body, elections, accountability to members."), 3000,
             (INTERGOVERNMENTAL,)),
    Question("membership", _("Membership"), _("Who the members are, how many, and in which countries."), 2000,
             (INTERGOVERNMENTAL,)),
    Question("funding", _("Funding"), _("Sources of income in the last financial year and their shares."), 2000),
    Question("un_relation", _("Relation to the work of the United Nations"),
             _("How your work contributes to the work of the bodies you apply to."), 3000),
    Question("communication", _("Information and outreach programme"),
             _("Your communication work: publications, audience, media (DPI association)."), 2000, (DPI,)),
]
QUESTIONS_BY_CODE = {q.code: q for q in QUESTIONS}


def questions_for(track: str) -> list[Question]:
    return [q for q in QUESTIONS if track in q.tracks]


def required_documents(track: str) -> list[str]:
    if track == DPI:
        return ["constitution", "annual_report"]
    return ["constitution", "registration", "financial", "annual_report"]
