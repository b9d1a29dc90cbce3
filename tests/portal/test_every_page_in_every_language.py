"""Every page each demo role reaches, in each of the six languages: no
internal code or slug, and no reference data left in English where the page
is in another language (tests/crawl.py). Bounded: one page per URL pattern,
links only (no forms, no downloads), the Django test client."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from portal.demo import DEMO_USERS
from portal.navigation import nav_for
from tests import crawl


def test_the_checker_finds_the_codes_and_english_the_issue_reported():
    chunks = ["ngo-committee 2027 Regular session", "Sought: special", "constitution — missing", "info_requested",
              "ngo — quadrennial_report.open", "Human rights", "amina — user.signup"]
    found = crawl.problems(chunks, lang="fr", codes={"ngo-committee", "special", "constitution", "user.signup"},
                           english_names={"Human rights"})
    assert found == [
        "English reference data 'Human rights' on a fr page, in 'Human rights'",
        "action code 'quadrennial_report.open' in 'ngo — quadrennial_report.open'",
        "code 'constitution' in 'constitution — missing'",
        "code 'info_requested' in 'info_requested'",
        "code 'quadrennial_report' in 'ngo — quadrennial_report.open'",
        "code 'special' in 'Sought: special'",
        "code 'user.signup' in 'amina — user.signup'",
        "slug 'ngo-committee' in 'ngo-committee 2027 Regular session'",
        "slug 'user.signup' in 'amina — user.signup'",
    ]


def test_the_checker_leaves_people_s_words_and_the_language_s_own_words_alone():
    chunks = ["Comité chargé des organisations non gouvernementales — session ordinaire de 2027",
              "Commission on the Status of Women — demo session", "contact@ngo.example.org"]
    found = crawl.problems(chunks, lang="fr", codes={"ngo-committee", "special"},
                           english_names={"Commission on the Status of Women"},
                           free_text=["Commission on the Status of Women — demo session"])
    assert found == []


@pytest.mark.django_db
def test_no_page_of_any_demo_role_shows_codes_or_english_reference_data_in_any_language(client):
    call_command("seed_demo", force=True, stdout=StringIO())
    from django.contrib.auth import get_user_model

    users = {u.username: u for u in get_user_model().objects.filter(username__in=[u[0] for u in DEMO_USERS])}
    free_text = crawl.free_text()
    vocabulary = {lang: crawl.vocabulary(lang) for lang, _name in settings.LANGUAGES}
    failures, visited = {}, 0
    for username, *_rest in DEMO_USERS:
        client.force_login(users[username])
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
        with translation.override(settings.LANGUAGE_CODE):
            start = ["/", "/dashboard/", *(item["url"] for item in nav_for(users[username]))]
        pages = crawl.discover(client, start, per_pattern=1)
        assert len(pages) >= 5, f"{username} reaches only {pages}"
        for lang, _name in settings.LANGUAGES:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
            codes, english = vocabulary[lang]
            for path in pages:
                response = client.get(path)
                visited += 1
                assert response.status_code == 200, (username, lang, path)
                chunks, _links = crawl.parse(response.content.decode())
                for problem in crawl.problems(chunks, lang=lang, codes=codes, english_names=english,
                                              free_text=free_text):
                    failures.setdefault(problem, []).append(f"{username} {lang} {path}")
        client.logout()
    assert visited > 300
    report = [f"{p}  ({len(where)} pages, e.g. {where[0]})" for p, where in sorted(failures.items())]
    assert not report, "\n".join(report)
