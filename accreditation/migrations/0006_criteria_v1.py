"""The first published version of the criteria of ECOSOC (applied by the
Committee on NGOs) and of DPI association. Data: staff edit and version them."""

import datetime

from django.db import migrations

ECOSOC = [
    ("registered-two-years", "Registered with a government for at least two years",
     "The organisation has been officially registered with the appropriate government authorities as an NGO "
     "or non-profit for at least two years.", "registered_two_years"),
    ("established-headquarters", "Established headquarters",
     "An established headquarters, with an executive officer; a P.O. box is not a headquarters.", "hq_not_po_box"),
    ("documents", "Required documents", "Constitution or statutes, registration certificate, latest financial "
     "statement and annual report, in English or French or with a translation.", "documents_present"),
    ("funding", "Most funds from non-governmental sources",
     "The organisation's basic resources come mainly from national affiliates, members or other "
     "non-governmental sources.", "non_governmental_funding"),
    ("constitution", "Democratically adopted constitution",
     "A constitution adopted democratically, providing for the determination of policy by a conference or "
     "other representative body.", "manual"),
    ("representative-structure", "Representative structure and accountability",
     "A representative structure and appropriate mechanisms of accountability to members, who exercise "
     "control over policies through voting rights or other democratic and transparent processes.", "manual"),
    ("relevance", "Work relevant to the body",
     "Activities relevant to the work of the Economic and Social Council and its subsidiary bodies.", "manual"),
]
DPI = [
    ("documents", "Required documents", "Constitution and the latest annual report.", "documents_present"),
    ("hq", "Established headquarters", "A P.O. box is not a headquarters.", "hq_not_po_box"),
    ("outreach", "Information programme",
     "An effective information programme reaching a large audience, and commitment to the UN's aims.", "manual"),
]


def forward(apps, schema_editor):
    Body = apps.get_model("accreditation", "Body")
    CriteriaSet = apps.get_model("accreditation", "CriteriaSet")
    Criterion = apps.get_model("accreditation", "Criterion")
    for code, rows in (("ecosoc", ECOSOC), ("dpi", DPI)):
        body = Body.objects.filter(code=code).first()
        if body is None:
            continue
        cs, _ = CriteriaSet.objects.get_or_create(body=body, version=1,
                                                  defaults={"published_on": datetime.date(2026, 1, 1)})
        for i, (ccode, title, description, check) in enumerate(rows):
            Criterion.objects.update_or_create(criteria_set=cs, code=ccode, defaults={
                "title": title, "description": description, "check_kind": check, "position": i})


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0005_remove_criterion_check_criterion_check_kind")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
