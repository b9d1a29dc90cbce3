"""Browser journeys: Playwright driving Debian's Chromium at /usr/bin/chromium
(`playwright install` cannot download here) against Django's live server."""

import shutil

import pytest

from tests.utils_auth import enter_code_if_asked

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def login(page, live_server):
    def _login(username, password="demo"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        enter_code_if_asked(page, username)  # the two-step code of staff accounts
        page.wait_for_url("**/dashboard/**")
        return page

    return _login


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def nav_to(page, name):
    """Follow the main menu's entry `name`, opening its menu first when it
    sits in one (the menus group the entries per subject)."""
    menu = page.locator("#mainnav .dropdown").filter(
        has=page.get_by_role("link", name=name, exact=True, include_hidden=True))
    if menu.count():
        menu.first.locator(".dropdown-toggle").click()
        menu.first.get_by_role("link", name=name, exact=True).click()
    else:
        page.locator("#mainnav").get_by_role("link", name=name, exact=True).first.click()
