"""Load the reference data (bodies, the deciding committee, areas of
expertise) from accreditation/data/reference.json; used by a migration and
safe to run again."""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "reference.json"


def load_reference_data(Body, Committee, AreaOfExpertise):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for code, name in data["areas"]:
        AreaOfExpertise.objects.update_or_create(code=code, defaults={"name": name})
    bodies = {}
    for spec in data["bodies"]:
        body, _ = Body.objects.update_or_create(
            code=spec["code"],
            defaults={"name": spec["name"], "kind": spec["kind"], "track": spec["track"],
                      "open_for_applications": spec.get("open", True),
                      "parent": bodies.get(spec.get("parent"))},
        )
        bodies[spec["code"]] = body
    committees = {}
    for spec in data["committees"]:
        committees[spec["code"]], _ = Committee.objects.update_or_create(
            code=spec["code"], defaults={"name": spec["name"], "adopting_body": bodies[spec["adopting_body"]]})
    for spec in data["bodies"]:
        if spec.get("committee"):
            Body.objects.filter(code=spec["code"]).update(deciding_committee=committees[spec["committee"]])
