import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from portal.audit import audit
from portal.models import AppendOnlyError, AuditEntry
from tests.utils import ON_POSTGRES


@pytest.mark.django_db
def test_audit_rows_are_append_only(demo):
    with transaction.atomic():
        entry = audit(actor=demo["admin"], action="test.act", obj=demo["ngo"], from_state="a", to_state="b", reason="why")
    entry.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="x")
    assert AuditEntry.objects.get(pk=entry.pk).reason == "why"


@pytest.mark.skipif(not ON_POSTGRES, reason="the append-only trigger exists on PostgreSQL only")
@pytest.mark.django_db
def test_postgresql_refuses_raw_updates_of_audit_rows(demo):
    with transaction.atomic():
        entry = audit(actor=demo["admin"], action="test.act", obj=demo["ngo"])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE portal_auditentry SET reason = 'x' WHERE id = %s", [entry.pk])


@pytest.mark.django_db(transaction=True)
def test_audit_outside_a_transaction_is_refused(demo):
    with pytest.raises(RuntimeError):
        audit(actor=demo["admin"], action="test.act", obj=demo["ngo"])


@pytest.mark.django_db
def test_staff_browse_the_audit_log_per_object_and_others_are_refused(client, demo):
    with transaction.atomic():
        audit(actor=demo["admin"], action="test.on_ngo", obj=demo["ngo"], reason="r1")
        audit(actor=demo["admin"], action="test.on_board", obj=demo["board"], reason="r2")
    client.force_login(demo["secretariat"])
    response = client.get("/audit/", {"type": "portal.user", "id": demo["ngo"].pk})
    assert response.status_code == 200
    assert [e.action for e in response.context["page"]] == ["test.on_ngo"]
    for role in ["ngo", "committee", "board", "donor", "focalpoint"]:
        client.force_login(demo[role])
        assert client.get("/audit/").status_code == 403
