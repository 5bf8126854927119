import pytest
from django.db import transaction
from django.test import RequestFactory

from audit import services
from audit.choices import Action, Outcome
from audit.models import AuditEntry
from inspectorate import services as org_services
from inspectorate.choices import Role


def test_it_records_the_actor_snapshot_and_object(alice, company_a):
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = alice
    request.request_id = "req-12345678"

    entry = services.record(action=Action.UPDATE, request=request, obj=company_a, fields=["name", "nib", "name"])

    entry.refresh_from_db()
    assert entry.actor == alice
    assert entry.actor_username == "alice"
    assert entry.actor_role == Role.INSPECTOR
    assert entry.actor_office_id == alice.office_id
    assert entry.object_type == "inspectorate.company"
    assert entry.object_id == str(company_a.pk)
    assert entry.changed_fields == ["name", "nib"]
    assert entry.outcome == Outcome.SUCCESS
    assert entry.request_id == "req-12345678"
    assert entry.client_address == "10.1.2.3"


def test_it_refuses_unknown_actions_and_outcomes(db):
    with pytest.raises(ValueError):
        services.record(action="dance")
    with pytest.raises(ValueError):
        services.record(action=Action.LOGIN, outcome="maybe")
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("key", ["password", "new_password", "api_token", "otp", "complainant_identity", "code"])
def test_it_refuses_sensitive_keys_in_extra(db, key):
    with pytest.raises(ValueError):
        services.record(action=Action.EXPORT, extra={key: "x"})


def test_it_refuses_a_large_extra(db):
    with pytest.raises(ValueError):
        services.record(action=Action.EXPORT, extra={"note": "x" * 5000})


def test_it_is_rolled_back_with_the_callers_transaction(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.record(action=Action.EXPORT)
        raise RuntimeError
    assert not AuditEntry.objects.exists()


def test_it_records_staff_creation_with_field_names_only(root, office_a):
    staff = org_services.staff_create(
        actor=root, username="newbie", role=Role.INSPECTOR, office=office_a, nip="198001012005011001", password="x" * 12
    )

    entry = AuditEntry.objects.get(action=Action.STAFF_CHANGE)
    assert entry.actor == root
    assert entry.object_id == str(staff.pk)
    assert entry.changed_fields == ["nip", "office", "password", "role", "username"]
    assert "198001012005011001" not in str(entry.extra)
    assert entry.extra == {"operation": "create"}


def test_it_records_only_the_fields_a_staff_update_changed(root, alice, office_b):
    org_services.staff_update(actor=root, staff=alice, office=office_b, first_name="Alice", is_investigator=False)

    entry = AuditEntry.objects.get(action=Action.STAFF_CHANGE)
    assert entry.changed_fields == ["office"]
    assert entry.object_id == str(alice.pk)
    assert entry.actor_username == "root"


def test_it_records_nothing_when_a_staff_update_is_invalid(root, alice):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        org_services.staff_update(actor=root, staff=alice, office=None)
    assert not AuditEntry.objects.filter(action=Action.STAFF_CHANGE).exists()
