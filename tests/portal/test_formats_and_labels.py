"""Numbers, money and dates in the reader's language; the audit trail in
words; codes with labels in the API; the person's language for e-mails;
charts that neither clip nor overlap."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from portal.roles import Role

pytestmark = pytest.mark.django_db


def render(source, lang, **context):
    with translation.override(lang):
        return Template(source).render(Context(context)).strip()


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "$350,300.00"), ("fr", "350\u202f300,00\xa0$US"), ("es", "350.300,00\xa0US$"),
    ("ru", "350\xa0300,00\xa0$"), ("zh-hans", "US$350,300.00"), ("ar", "\u200f350,300.00\xa0US$"),
])
def test_money_is_written_as_the_reader_s_language_writes_it(lang, expected):
    assert render("{{ v|money }}", lang, v=Decimal("350300")) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "350,300.50"), ("fr", "350\u202f300,50"), ("es", "350.300,50"), ("ru", "350\xa0300,50"),
    ("zh-hans", "350,300.50"), ("ar", "350,300.50"),
])
def test_numbers_have_the_reader_s_separators(lang, expected):
    assert render("{{ v|number:2 }}", lang, v=Decimal("350300.5")) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "25 January 2027"), ("fr", "25 janvier 2027"), ("es", "25 de enero de 2027"),
    ("ru", "25 января 2027 г."), ("zh-hans", "2027年1月25日"), ("ar", "25 يناير 2027"),
])
def test_one_date_style_per_language(lang, expected):
    assert render('{{ d|date:"DATE_FORMAT" }}', lang, d=datetime.date(2027, 1, 25)) == expected


@pytest.mark.parametrize(("lang", "one", "two"), [
    ("en", "1 decision recorded as pending.", "2 decisions recorded as pending."),
    ("fr", "1 décision enregistrée en attente.", "2 décisions enregistrées en attente."),
])
def test_counts_use_the_plural_forms_of_the_language(lang, one, two):
    from django.utils.translation import ngettext

    with translation.override(lang):
        assert ngettext("%(n)s decision recorded as pending.", "%(n)s decisions recorded as pending.", 1) % {
            "n": 1} == one
        assert ngettext("%(n)s decision recorded as pending.", "%(n)s decisions recorded as pending.", 2) % {
            "n": 2} == two


def test_the_audit_trail_names_the_person_and_role_and_says_what_happened(client, make_user):
    from portal import services
    from portal.models import AuditEntry

    services.user_signup(username="amina", email="amina@example.org", password="pw-for-tests-123",
                         first_name="Amina", last_name="Wanjiru", language="fr")
    staff = make_user(username="officer", first_name="Sofia", last_name="Martínez", role=Role.SECRETARIAT,
                      is_staff=True)
    client.force_login(staff)
    html = client.get(reverse("audit-log"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert AuditEntry.objects.filter(action="user.signup").exists()
    assert "Amina Wanjiru (NGO representative)" in html
    assert "Signed up." in html
    assert "user.signup" not in html and ">amina<" not in html and "unverified" not in html


def test_a_workflow_transition_reads_as_a_sentence_with_its_states():
    from portal.audit_text import describe
    from portal.models import AuditEntry

    entry = AuditEntry(action="organisation_profile.approve", from_state="pending", to_state="approved")
    with translation.override("en"):
        assert describe(entry) == "Approve profile: from “Awaiting approval” to “Approved”."
    assert describe(AuditEntry(action="someone.else")) == "Made a change."


def test_the_api_keeps_codes_and_adds_their_labels(client):
    from tests.accreditation.factories import make_ready_application

    app, user = make_ready_application()
    client.force_login(user)
    data = client.get(f"/api/v1/accreditation/applications/{app.pk}/", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert data["state"] == "draft"
    assert data["state_label"] == "Brouillon"
    assert data["track"] == "intergovernmental"
    assert data["track_label"] == "Accréditation auprès des organes intergouvernementaux"


def test_a_person_chooses_the_language_of_their_e_mails_on_their_settings_page(client, make_user):
    user = make_user(username="reader", preferred_language="en")
    client.force_login(user)
    page = client.get(reverse("profile"))
    assert page.status_code == 200
    response = client.post(reverse("profile"), {"preferred_language": "es"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.preferred_language == "es"
    assert response.cookies["django_language"].value == "es"
    bad = client.post(reverse("profile"), {"preferred_language": "xx"})
    assert bad.status_code == 200 and "preferred_language" in bad.content.decode()


def test_sign_up_in_a_language_makes_it_the_e_mail_language(client, django_capture_on_commit_callbacks):
    client.cookies["django_language"] = "ru"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("signup"), {"first_name": "Olga", "last_name": "Ivanova", "username": "olga",
                                        "email": "olga@example.org", "password1": "a-long-pass-phrase-7",
                                        "password2": "a-long-pass-phrase-7"})
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.get(username="olga").preferred_language == "ru"
    assert len(mail.outbox) == 1
    assert re.search("[а-яА-Я]", mail.outbox[0].subject + mail.outbox[0].body)


def _boxes(svg):
    bars = re.findall(r'<rect x="(-?\d+)" y="\d+" width="(\d+)"', svg)
    labels = re.findall(r'<text class="tf-label" x="(\d+)" text-anchor="(\w+)"', svg)
    values = re.findall(r'<text class="tf-value" x="(-?\d+)"[^>]*text-anchor="(\w+)"', svg)
    return [(int(x), int(w)) for x, w in bars], [(int(x), a) for x, a in labels], [(int(x), a) for x, a in values]


def test_an_arabic_chart_is_mirrored_labels_right_bars_growing_left_values_clear_of_labels():
    from trustfund.charts import bar_chart

    svg = bar_chart([("الجمعية العامة", Decimal("1000")), ("مجلس الأمن", Decimal("250"))], title="t",
                    chart_id="c", rtl=True)
    bars, labels, values = _boxes(svg)
    for (bar_x, width), (label_x, anchor), (value_x, value_anchor) in zip(bars, labels, values, strict=True):
        assert anchor == "start" and 'direction="rtl"' in svg  # the label runs leftwards from the right edge
        assert label_x > bar_x + width  # the label stands right of its bar
        assert value_anchor == "end" and value_x < bar_x  # the value ends left of the bar
    assert bars[0][0] < bars[1][0]  # the larger bar reaches further left


def test_a_long_meeting_name_wraps_instead_of_being_cut():
    from trustfund.charts import bar_chart

    name = "United Nations High-level Meeting on HIV/AIDS and the review of the 2001 Declaration of Commitment"
    svg = bar_chart([(name, Decimal("5"))], title="t", chart_id="c", rtl=False)
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert len(lines) >= 3
    assert " ".join(lines) == name
    assert "…" not in svg


def test_the_settings_page_is_each_person_s_own(client, make_user):
    from django.core.exceptions import PermissionDenied

    from portal import services

    response = client.get(reverse("profile"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    me, other = make_user(username="me"), make_user(username="other", preferred_language="fr")
    with pytest.raises(PermissionDenied):
        services.user_set_preferred_language(user=other, language="ar", by=me)
    other.refresh_from_db()
    assert other.preferred_language == "fr"
