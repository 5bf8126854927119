"""The restore drill (scripts/restore_drill.sh, `make restore-drill`) on real PostgreSQL: a dump
restored into a new database passes verify_audit up to the recorded head, with equal row counts
and byte-equal files; a source whose audit trail was tampered with fails the drill."""

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from audit import services
from audit.choices import Action
from tests.conftest import require_service

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def drill(tmp_path, **env):
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        require_service("PostgreSQL (DATABASE_URL)")
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return subprocess.run(
        ["bash", "scripts/restore_drill.sh"],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "inspectorate.settings.test", **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_it_restores_a_copy_with_the_same_rows_audit_chain_and_files(tmp_path, office_a, alice, bob):
    for n in range(4):
        services.record(action=Action.EXPORT, actor=bob, object_type="inspectorate.company", object_id=str(n))
    media = tmp_path / "media"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "photo.jpg").write_bytes(os.urandom(2048))
    (media / "reports").mkdir()
    (media / "reports" / "may.pdf").write_bytes(b"%PDF-1.7 test")

    result = drill(tmp_path, DRILL_MEDIA_ROOT=str(media))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "audit trail intact: 4 entries" in result.stdout
    assert "row counts equal" in result.stdout
    assert "files equal: 2 files" in result.stdout
    assert "== restore drill passed" in result.stdout
    # The drill's database is gone afterwards.
    name = result.stdout.split("restored into ")[1].split()[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        assert cursor.fetchone() is None


def test_it_fails_on_a_source_whose_audit_trail_was_tampered_with(tmp_path, bob):
    if connection.vendor != "postgresql":
        require_service("PostgreSQL (DATABASE_URL)")
    entries = [services.record(action=Action.EXPORT, actor=bob, object_type="x", object_id=str(n)) for n in range(3)]
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update_delete")
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_update_delete")
    result = drill(tmp_path)
    assert result.returncode != 0
    assert "tampered" in result.stderr
    assert "restore drill passed" not in result.stdout


def test_it_restores_the_object_store_into_a_new_bucket_with_every_object_equal(db, object_storage, capsys):
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    names = [object_storage.save(f"evidence/{n}.jpg", ContentFile(os.urandom(1024))) for n in range(3)]
    call_command("restore_drill_objects")
    out = capsys.readouterr().out
    assert "objects equal: 3 objects restored into " in out
    drill_bucket = out.rsplit(" ", 1)[1].strip()
    buckets = [b["Name"] for b in object_storage.connection.meta.client.list_buckets()["Buckets"]]
    assert drill_bucket not in buckets  # removed afterwards
    assert all(object_storage.exists(name) for name in names)


def test_the_object_drill_refuses_local_files(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="not in an object store"):
        call_command("restore_drill_objects")


def test_the_drill_script_passes_over_the_bucket_drill_with_local_files(db, capsys):
    from django.core.management import call_command

    call_command("restore_drill_objects", if_object_store=True)
    assert "no bucket to drill" in capsys.readouterr().out
