"""The audit trail's hash chain: every entry chained to the one before it, and verify_audit
finding an entry edited, deleted, moved or slipped in by someone who owns the table."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from audit import services
from audit.chain import GENESIS, verify_chain
from audit.choices import Action
from audit.models import AuditEntry
from tests.conftest import require_service


@pytest.fixture
def entries(db):
    if connection.vendor != "postgresql":
        require_service("the audit hash chain is kept on PostgreSQL only")
    made = [
        services.record(
            action=Action.EXPORT, object_type="inspectorate.company", object_id=str(n), fields=["name"], extra={"n": n}
        )
        for n in range(5)
    ]
    return list(AuditEntry.objects.filter(pk__in=[e.pk for e in made]).order_by("chain_seq"))


def as_owner(*statements):
    """What the table's owner can do with the UPDATE/DELETE guard switched off (the test database's
    owner is the superuser; the transaction, and so the switch, is rolled back after the test)."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update_delete")
        for sql, params in statements:
            cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_update_delete")


def verify_fails(**options) -> str:
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError, match="tampered"):
        call_command("verify_audit", stderr=err, **options)
    return err.getvalue()


def test_it_chains_each_entry_to_the_one_before(entries):
    first, *rest = entries
    assert all(len(e.entry_hash) == 64 for e in entries)
    for before, after in zip(entries[:-1], rest, strict=True):
        assert after.chain_seq == before.chain_seq + 1
        assert after.prev_hash == before.entry_hash
    assert first.prev_hash == (GENESIS if first.chain_seq == 1 else first.prev_hash)
    report = verify_chain()
    assert report.ok, report.problems
    assert report.head == f"{entries[-1].chain_seq}:{entries[-1].entry_hash}"


def test_it_passes_an_untouched_trail(entries, capsys):
    call_command("verify_audit")
    assert f"head {entries[-1].chain_seq}:{entries[-1].entry_hash}" in capsys.readouterr().out


def test_it_finds_an_edited_entry(entries):
    victim = entries[2]
    as_owner(("UPDATE audit_auditentry SET actor_username = 'someone-else' WHERE id = %s", [victim.pk]))
    assert f"entry {victim.pk} at place {victim.chain_seq} was changed" in verify_fails()


@pytest.mark.parametrize(
    "column, value",
    [("created_at", "2020-01-01T00:00:00Z"), ("outcome", "failure"), ("extra", '{"n": 99}'), ("changed_fields", "[]")],
)
def test_it_finds_any_column_edited(entries, column, value):
    victim = entries[1]
    # The column names come from the parametrize list above, never from input.
    as_owner((f"UPDATE audit_auditentry SET {column} = %s WHERE id = %s", [value, victim.pk]))  # noqa: S608
    assert f"entry {victim.pk} at place {victim.chain_seq} was changed" in verify_fails()


def test_it_finds_a_deleted_entry(entries):
    victim, follower = entries[2], entries[3]
    as_owner(("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk]))
    err = verify_fails()
    assert f"places {victim.chain_seq} to {victim.chain_seq} are missing before entry {follower.pk}" in err
    assert f"entry {follower.pk} at place {follower.chain_seq} does not follow" in err


def test_it_finds_a_deleted_entry_even_when_the_places_are_closed_up(entries):
    victim = entries[1]
    as_owner(
        ("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk]),
        ("UPDATE audit_auditentry SET chain_seq = -chain_seq WHERE chain_seq > %s", [victim.chain_seq]),
        ("UPDATE audit_auditentry SET chain_seq = -chain_seq - 1 WHERE chain_seq < 0", []),
    )
    assert f"entry {entries[2].pk} at place {victim.chain_seq} does not follow" in verify_fails()


def test_it_finds_two_entries_swapped(entries):
    a, b = entries[1], entries[2]
    as_owner(
        ("UPDATE audit_auditentry SET chain_seq = -1 WHERE id = %s", [a.pk]),
        ("UPDATE audit_auditentry SET chain_seq = %s WHERE id = %s", [a.chain_seq, b.pk]),
        ("UPDATE audit_auditentry SET chain_seq = %s WHERE id = %s", [b.chain_seq, a.pk]),
    )
    err = verify_fails()
    assert f"entry {b.pk} at place {a.chain_seq}" in err
    assert f"entry {a.pk} at place {b.chain_seq}" in err


def test_it_finds_an_entry_slipped_in_with_the_chain_off(entries):
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_chain")
        forged = services.record(action=Action.EXPORT, object_type="x", object_id="forged")
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_chain")
    assert f"entry {forged.pk} is outside the chain" in verify_fails()


def test_it_finds_the_newest_entries_deleted_against_a_recorded_head(entries):
    head = verify_chain().head
    call_command("verify_audit", expect_head=head)
    as_owner(("DELETE FROM audit_auditentry WHERE id = %s", [entries[-1].pk]))
    # The shorter chain is whole; only the recorded head shows what is missing.
    assert verify_chain().ok
    assert "before the recorded head" in verify_fails(expect_head=head)


def test_the_head_of_an_empty_trail_is_the_chains_start(db):
    """A drill on a database with no audit entry yet records the empty trail's head: it must verify."""
    if connection.vendor != "postgresql":
        require_service("the audit hash chain is kept on PostgreSQL only")
    empty = f"0:{GENESIS}"
    assert verify_chain(expect_head=empty).ok
    services.record(action=Action.EXPORT, object_type="inspectorate.company", object_id="1")
    assert verify_chain(expect_head=empty).ok  # every later chain starts from it
    assert "empty trail" in verify_fails(expect_head="0:" + "f" * 64)


def test_it_refuses_a_malformed_head(entries):
    with pytest.raises(CommandError, match="place"):
        call_command("verify_audit", expect_head="nonsense")


@pytest.mark.django_db(transaction=True)
def test_it_keeps_one_chain_when_entries_are_written_at_once():
    if connection.vendor != "postgresql":
        require_service("the audit hash chain is kept on PostgreSQL only")
    barrier = threading.Barrier(6)
    errors = []

    def write(n):
        try:
            barrier.wait()
            for i in range(10):
                services.record(action=Action.EXPORT, object_type="x", object_id=f"{n}-{i}")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    report = verify_chain()
    assert report.ok, report.problems
    assert report.checked == AuditEntry.objects.count() == 60
    assert sorted(AuditEntry.objects.values_list("chain_seq", flat=True)) == list(range(1, 61))
