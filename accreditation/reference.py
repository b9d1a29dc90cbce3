"""Load the reference data (bodies, the decisions opening them to
applications, the reviewing committee, areas of expertise) from
accreditation/data/reference.json; used by migrations and safe to run again.
Fields a historical model does not have yet are skipped, so an early
migration can call it too."""

import datetime
import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "reference.json"


def load_reference_data(Body, Committee, AreaOfExpertise):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    fields = {f.name for f in Body._meta.get_fields()}
    for code, name in data["areas"]:
        AreaOfExpertise.objects.update_or_create(code=code, defaults={"name": name})
    bodies = {}
    for spec in data["bodies"]:
        defaults = {"name": spec["name"], "kind": spec["kind"], "track": spec["track"],
                    "parent": bodies.get(spec.get("parent"))}
        if "open_for_applications" in fields:  # before the decisions were data
            defaults["open_for_applications"] = bool(spec.get("decision"))
        if "access_decision" in fields:
            defaults["access_decision"] = spec.get("decision", "")
            defaults["access_decided_on"] = (datetime.date.fromisoformat(spec["decided_on"])
                                             if spec.get("decided_on") else None)
        body, _ = Body.objects.update_or_create(code=spec["code"], defaults=defaults)
        bodies[spec["code"]] = body
    if "deciding_body" in fields:
        for spec in data["bodies"]:
            Body.objects.filter(code=spec["code"]).update(deciding_body=bodies.get(spec.get("deciding_body")))
    committees = {}
    for spec in data["committees"]:
        committees[spec["code"]], _ = Committee.objects.update_or_create(
            code=spec["code"], defaults={"name": spec["name"], "adopting_body": bodies[spec["adopting_body"]]})
    for spec in data["bodies"]:
        Body.objects.filter(code=spec["code"]).update(deciding_committee=committees.get(spec.get("committee")))
