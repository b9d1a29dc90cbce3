"""Hostile values into every filter and form field of the pages each demo role
reaches (found by a crawl of the demo, tests/crawl.py): a NUL byte,
non-ASCII digits, huge and non-finite numbers, over-long text. Whatever the
page, the answer is never a server error; a refused value is a 400 that names
the field."""

from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from portal.demo import DEMO_USERS
from portal.navigation import nav_for
from tests import crawl

HOSTILE = ["\x00", "²", "٢٠٢٦", "1e30", "NaN", "-Infinity", "9" * 40, "-1", "x" * 5000, "abc", "1\x00"]
# Names a list page might read even where its form does not show them.
EXTRA_PARAMS = ["year", "state", "page", "q", "meeting", "organisation", "session", "kind", "list", "officer",
                "type", "id", "unit", "region", "org"]
ROLES = ["ngo", "secretariat", "committee", "board", "focalpoint"]


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action") or "",
                               "fields": {}})
        elif tag in ("input", "select", "textarea") and self.forms and attrs.get("name"):
            if attrs.get("type") in ("submit", "button", "file", "image", "reset"):
                return
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value") or ""


def forms_of(html):
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def _check(response, method, url, field, value, failures):
    if response.status_code >= 500:
        failure = f"{method} {crawl.pattern(url)} {field[:60]} -> {response.status_code}"
        if failure not in failures:
            failures.append(failure)


@pytest.mark.django_db
def test_hostile_values_in_every_page_filter_and_form_never_cause_a_server_error():
    client = Client(raise_request_exception=False)
    call_command("seed_demo", force=True, stdout=StringIO())
    from django.contrib.auth import get_user_model

    usernames = [u[0] for u in DEMO_USERS if u[0] in ROLES]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    failures, forms_tried, pages_tried = [], 0, 0
    seen = set()  # (method, URL pattern, field names): each form is tried once, by the first role that reaches it
    for username in [None, *usernames]:
        client.logout()
        start = ["/", "/partnerships/directory/"]
        if username:
            client.force_login(users[username])
            start += ["/dashboard/", *(item["url"] for item in nav_for(users[username]))]
        for path in crawl.discover(client, start, per_pattern=1, limit=80):
            if ("page", crawl.pattern(path)) in seen:
                continue
            seen.add(("page", crawl.pattern(path)))
            page = client.get(path)
            pages_tried += 1
            # Filters the page may read without showing a form for them.
            for value in ("²", "\x00", "1e30"):
                response = client.get(path, {name: value for name in EXTRA_PARAMS})
                _check(response, "GET", path, "*", value, failures)
            for form in forms_of(page.content.decode()):
                action = urlsplit(form["action"]).path or path
                key = (form["method"], crawl.pattern(action), tuple(sorted(form["fields"])))
                if action.startswith(("/i18n/", "/accounts/logout", "/admin/")) or not form["fields"] or key in seen:
                    continue
                seen.add(key)
                forms_tried += 1
                for value in HOSTILE:
                    data = {**form["fields"]}
                    data = {name: value for name in data if name != "csrfmiddlewaretoken"}
                    send = client.post if form["method"] == "post" else client.get
                    response = send(action, data)
                    _check(response, form["method"].upper(), action, ",".join(data), value, failures)
    assert pages_tried > 30
    assert forms_tried > 10
    assert "\n".join(failures) == ""
