"""The API guide (docs/api.md) as data: its calls, in order, each a request
and the answer it gets. The test suite runs them (tests/api/test_guide.py)
and the OpenAPI schema shows them as each operation's examples, so the guide,
the reference and the code cannot drift apart."""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

GUIDE = Path(settings.BASE_DIR) / "docs" / "api.md"
# More worked calls, by the other people the portal serves (shown as examples too).
EXAMPLES = Path(settings.BASE_DIR) / "docs" / "api-examples.md"
# A request block may be preceded by `<!-- makes: consolidated_list_id -->`: how later calls name what it makes.
_BLOCK = re.compile(r"(?:^<!-- makes: ([a-z_]+) -->\n)?^```http\n(.*?)^```", re.S | re.M)
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@dataclass
class Call:
    method: str
    path: str
    headers: dict
    body: str
    status: int
    reason: str
    answer: object = field(default=None)
    makes: str = ""
    # The guide's own values of the placeholders at this call (ids from earlier answers).
    example_values: dict = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "")

    def fill(self, text: str, values: dict | None = None, *, strict: bool = False) -> str:
        """Put the values in; `strict` (the tests): every placeholder must have one."""
        values = values if strict else {**self.example_values, **(values or {})}

        def value(match):
            name = match.group(0)[1:-1]
            return str(values[name] if strict else values.get(name, _example_default(name)))

        return _PLACEHOLDER.sub(value, text)

    def json_body(self, values: dict | None = None):
        if not self.body or "json" not in self.content_type:
            return None
        return json.loads(self.fill(self.body, values))

    @property
    def new_object_name(self) -> str | None:
        """How later calls name the object a POST made (201): `organisation_id`
        after …/organisations/, `report_id` after …/reports/open/,
        `request_information_id` after …/{id}/request-information/."""
        if self.makes:
            return self.makes
        if self.method != "POST" or self.status != 201:
            return None
        segments = self.path.strip("/").split("/")
        if _PLACEHOLDER.search(self.path):  # an action on an object made something: name it after the action
            segment = segments[-1]
        else:  # the collection it belongs to (…/reports/open/ makes a report)
            segment = next(s for s in reversed(segments) if s.endswith("s")).removesuffix("s")
        return segment.replace("-", "_") + "_id"

    def form_fields(self) -> list[tuple[str, str]]:
        return [tuple(line.split("=", 1)) for line in self.body.splitlines() if "=" in line]

    @property
    def template(self) -> str:
        """The path with its placeholders as the schema writes them (`{}`)."""
        return _PLACEHOLDER.sub("{}", self.path)


def _example_default(name: str) -> str:
    """What a placeholder the guide does not resolve itself shows in the schema's examples."""
    import datetime

    today = datetime.date.today()
    if name.endswith("_id"):
        return "1"
    return {"year": str(today.year), "today": today.isoformat(), "period_start": str(today.year - 3),
            "in_two_weeks": (today + datetime.timedelta(days=14)).isoformat(),
            "in_thirty_days": (today + datetime.timedelta(days=30)).isoformat(),
            "call_closes_on": (today + datetime.timedelta(days=5)).isoformat()}.get(name, "{" + name + "}")


def _split(block: str) -> tuple[str, dict, str]:
    head, _, body = block.partition("\n\n")
    lines = head.strip().splitlines()
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return lines[0], headers, body.strip()


def calls(text: str | None = None, *, path: Path = GUIDE) -> list[Call]:
    blocks = _BLOCK.findall(text if text is not None else path.read_text())
    out, values = [], {}
    for (makes, request), (_none, response) in zip(blocks[::2], blocks[1::2], strict=True):
        first, headers, body = _split(request)
        method, path = first.split(" ", 1)
        status_line, _headers, answer = _split(response)
        _proto, status, reason = status_line.split(" ", 2)
        call = Call(method=method, path=path, headers=headers, body=body, status=int(status), reason=reason,
                    answer=json.loads(answer) if answer else None, example_values=dict(values), makes=makes)
        if call.new_object_name and isinstance(call.answer, dict) and "id" in call.answer:
            values[call.new_object_name] = call.answer["id"]
        out.append(call)
    return out


def add_examples(result, generator, request, public):
    """drf-spectacular postprocessing hook: each call of the guide becomes an
    example of its operation (request body and answer)."""
    by_operation = {}
    for call in [*calls(), *calls(path=EXAMPLES)]:
        by_operation.setdefault((call.method.lower(), call.template), []).append(call)
    for path, operations in result.get("paths", {}).items():
        template = _PLACEHOLDER.sub("{}", re.sub(r"\{[^}]+\}", "{}", path))
        for method, operation in operations.items():
            for n, call in enumerate(by_operation.get((method, template), []), start=1):
                name = f"guide{n}"
                summary = f"{call.method} {call.path}"
                body = call.json_body()
                content = operation.get("requestBody", {}).get("content", {})
                if body is not None and "application/json" in content:
                    content["application/json"].setdefault("examples", {})[name] = {
                        "summary": summary, "value": body}
                elif call.form_fields() and "multipart/form-data" in content:
                    content["multipart/form-data"].setdefault("examples", {})[name] = {
                        "summary": summary, "value": dict(call.form_fields())}
                answer = operation.get("responses", {}).setdefault(str(call.status), {
                    "description": call.reason})
                if call.answer is not None:
                    answer.setdefault("content", {}).setdefault("application/json", {}).setdefault(
                        "examples", {})[name] = {"summary": summary, "value": call.answer}
    return result
