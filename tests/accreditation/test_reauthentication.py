"""Publishing a consolidated list asks for the password or a two-step code
again when the last one is old; the confirmation follows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from accreditation import services
from accreditation.models import ConsolidatedList
from tests.accreditation.factories import make_ready_application, prescreen


@pytest.mark.django_db
def test_publishing_a_list_long_after_login_asks_who_you_are_first(secretariat, client, settings,
                                                                    django_capture_on_commit_callbacks):
    app, user = make_ready_application()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=app, by=user)
    prescreen(app, secretariat)
    clist = services.consolidated_list_build(session=app.session, by=secretariat)
    secretariat.set_password("Officer-pass-2026")
    secretariat.save()
    url = reverse("accreditation:session", args=[app.session.pk])
    with freeze_time(timezone.now()) as clock:
        client.force_login(secretariat)
        clock.tick(datetime.timedelta(minutes=settings.REAUTHENTICATE_AFTER_MINUTES + 1))
        page = client.post(url, {"action": "publish", "list": clist.pk, "confirmed": "yes"}).content.decode()
        assert 'data-testid="reauthenticate"' in page and f'name="list" value="{clist.pk}"' in page
        assert ConsolidatedList.objects.get(pk=clist.pk).published_at is None
        page = client.post(url, {"action": "publish", "list": clist.pk,
                                 "reauth_secret": "Officer-pass-2026"}).content.decode()
        assert "1 application is on this version." in page
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"action": "publish", "list": clist.pk, "confirmed": "yes"})
        assert ConsolidatedList.objects.get(pk=clist.pk).published_at is not None
