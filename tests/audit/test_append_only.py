import pytest
from django.db import DatabaseError, connection, transaction

from audit import services
from audit.choices import Action
from audit.models import AuditEntry
from tests.conftest import require_service


@pytest.fixture
def entry(db):
    if connection.vendor != "postgresql":
        require_service("the append-only trigger exists on PostgreSQL only")
    return services.record(action=Action.EXPORT, object_type="inspectorate.company", object_id="1")


def test_it_refuses_an_update_on_postgresql(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(outcome="failure")
    entry.refresh_from_db()
    assert entry.outcome == "success"


def test_it_refuses_a_save_over_an_entry_on_postgresql(entry):
    entry.object_id = "2"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry.save()


def test_it_refuses_a_delete_on_postgresql(entry):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_it_refuses_a_truncate_on_postgresql(entry):
    # The test database switches this guard off for the suite's own clean-up; switch it
    # back on inside this test's transaction (rolled back afterwards).
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_truncate")
        cursor.execute("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
