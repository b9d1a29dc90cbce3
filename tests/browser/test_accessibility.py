"""axe-core (vendored in tests/browser/vendor/axe-core) on the key pages, in
each of the six languages: no serious or critical WCAG 2.1 A/AA violation."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.utils_auth import enter_code_if_asked

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"

# (who is logged in, page): twelve key pages across the roles.
KEY_PAGES = {
    None: ["/", "/accounts/login/", "/accounts/signup/", "/partnerships/directory/", "/accreditation/criteria/",
           "/partnerships/reform/"],
    "ngo": ["/dashboard/", "/accreditation/applications/", "/participation/"],
    "donor": ["/trustfund/reports/participation/"],
    "secretariat": ["/accreditation/queue/", "/audit/"],
}

RUN_AXE = """async () => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""


@pytest.mark.django_db(transaction=True)
def test_key_pages_have_no_serious_or_critical_accessibility_violation_in_any_language(browser, live_server,
                                                                                       browser_context_args):
    call_command("seed_demo", force=True, stdout=StringIO())
    violations, checked = [], 0
    for username, paths in KEY_PAGES.items():
        # axe is injected as an inline script: only this test lets it past the Content-Security-Policy.
        context = browser.new_context(**browser_context_args, bypass_csp=True)
        page = context.new_page()
        if username:
            page.goto(f"{live_server.url}/accounts/login/")
            page.locator("#id_username").fill(username)
            page.locator("#id_password").fill("demo")
            page.locator("main form button[type=submit]").click()
            enter_code_if_asked(page, username)
            page.wait_for_url("**/dashboard/**")
        for lang, _name in settings.LANGUAGES:
            context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}])
            for path in paths:
                page.goto(f"{live_server.url}{path}")
                assert page.locator("html").get_attribute("lang") == lang
                page.add_script_tag(path=str(AXE))
                violations += [f"{lang} {path}: {v}" for v in page.evaluate(RUN_AXE)]
                checked += 1
        context.close()
    assert checked == 12 * 6
    assert violations == []
