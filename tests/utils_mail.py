"""Checks shared by the notification tests: a message is in its recipient's
language and its link, built from SITE_URL, opens the page for them."""

import re

SITE = "https://portal.example.org"


def links_in(body: str) -> list[str]:
    return re.findall(re.escape(SITE) + r"[^\s]*", body)


def assert_link_works(client, user, message, *, expect_path_start=""):
    links = links_in(message.body)
    assert links, message.body
    path = links[0][len(SITE):]
    assert path.startswith(expect_path_start), path
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return path


def assert_language(message, code: str, *phrases: str):
    assert message.extra_headers.get("Content-Language") == code
    for phrase in phrases:
        assert phrase in message.body or phrase in message.subject, phrase
