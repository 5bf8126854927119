"""Checking the audit trail's hash chain (kept by the database, migration 0004_entry_hash_chain).

Each entry's ``entry_hash`` is ``audit_entry_digest(prev_hash, entry)`` and its ``prev_hash``
is the ``entry_hash`` of the entry one place before it. Walking the chain in place order and
recomputing every digest finds an edited entry (its digest differs), a deleted one (a place is
missing and the next entry's ``prev_hash`` names a hash nobody has), a moved one (its place or
id is part of its digest) and an entry written with the trigger switched off (no place).

Deleting the newest entries leaves a shorter chain that is still whole: compare the head
(place and hash) with one recorded earlier, out of the database's reach (``--expect-head``).
"""

from dataclasses import dataclass, field

from django.db import connection, transaction

GENESIS = "0" * 64
MAX_PROBLEMS = 50


@dataclass
class ChainReport:
    """What a walk over the chain found."""

    checked: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[str] = field(default_factory=list)
    more_problems: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def head(self) -> str:
        return f"{self.head_seq}:{self.head_hash}"

    def add(self, problem: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)
        else:
            self.more_problems += 1


def verify_chain(*, expect_head: str = "") -> ChainReport:
    """Walk the whole chain on PostgreSQL (a server-side cursor, so memory stays flat)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The audit hash chain is kept on PostgreSQL only.")
    report = ChainReport()
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(
            "SELECT e.id, e.chain_seq, e.prev_hash, e.entry_hash, audit_entry_digest(e.prev_hash, e)"
            " FROM audit_auditentry e ORDER BY e.chain_seq NULLS FIRST, e.id"
        )
        expected_seq, previous_hash = 1, GENESIS
        for entry_id, seq, prev_hash, entry_hash, digest in cursor:
            report.checked += 1
            if seq is None:
                report.add(f"entry {entry_id} is outside the chain (written with the chain trigger off)")
                continue
            if seq != expected_seq:
                report.add(f"places {expected_seq} to {seq - 1} are missing before entry {entry_id} (deleted)")
            if prev_hash != previous_hash:
                report.add(f"entry {entry_id} at place {seq} does not follow the entry before it (deleted or moved)")
            if digest != entry_hash:
                report.add(f"entry {entry_id} at place {seq} was changed after it was written")
            expected_seq, previous_hash = seq + 1, entry_hash
            report.head_seq, report.head_hash = seq, entry_hash
    if expect_head:
        _check_head(report, expect_head)
    return report


def _check_head(report: ChainReport, expect_head: str) -> None:
    """An earlier head must still be in the chain, at its place, with its hash."""
    seq_text, _, expected_hash = expect_head.partition(":")
    if not seq_text.isdigit() or len(expected_hash) != 64:
        raise ValueError("A head is written <place>:<64 hex digits>, as verify_audit prints it.")
    seq = int(seq_text)
    if seq == 0:
        # The head of an empty trail: every chain starts from it, there is no entry to look up.
        if expected_hash != GENESIS:
            report.add("the recorded head of the empty trail is not the chain's start")
        return
    if seq > report.head_seq:
        report.add(f"the chain ends at place {report.head_seq}, before the recorded head {seq} (entries deleted)")
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT entry_hash FROM audit_auditentry WHERE chain_seq = %s", [seq])
        row = cursor.fetchone()
    if row is None or row[0] != expected_hash:
        report.add(f"the entry at place {seq} is not the one recorded as the head then")
