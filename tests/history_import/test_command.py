"""manage.py import_history: import, report bad lines, check, list, roll back."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from complaints.models import Complaint
from history_import.models import BatchStatus, HistoryImport
from history_import.reading import COMPLAINT_COLUMNS

from .conftest import csv_bytes
from .test_services import complaint_row, resolved_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def write(tmp_path, rows, name="history.csv"):
    path = tmp_path / name
    path.write_bytes(csv_bytes(COMPLAINT_COLUMNS, rows))
    return path


def test_it_imports_a_file_and_prints_each_bad_line(tmp_path, capsys, world, dave):
    path = write(tmp_path, [resolved_row(1), complaint_row(2, status="lost")])

    call_command("import_history", str(path), "--office", world.code, "--by", dave.username)

    out, err = capsys.readouterr()
    batch = HistoryImport.objects.get()
    assert f"Import #{batch.pk}: 1 complaints and 0 visits imported, 0 already imported, 1 bad lines" in out
    assert "CSV line 3: Unknown status “lost”" in err
    # The second run of the same file changes nothing.
    call_command("import_history", str(path), "--office", world.code, "--by", dave.username)
    assert "0 complaints and 0 visits imported, 1 already imported" in capsys.readouterr().out
    assert Complaint.objects.count() == 1


def test_check_imports_nothing(tmp_path, capsys, world, dave):
    call_command("import_history", str(write(tmp_path, [complaint_row(1)])), "--office", world.code,
                 "--by", dave.username, "--check")  # fmt: skip
    assert "Check only, nothing imported: 1 complaints" in capsys.readouterr().out
    assert Complaint.objects.count() == 0 and HistoryImport.objects.count() == 0


def test_a_file_of_bad_lines_only_fails(tmp_path, world, dave):
    with pytest.raises(CommandError, match="Nothing imported"):
        call_command("import_history", str(write(tmp_path, [complaint_row(1, channel="x")])), "--office",
                     world.code, "--by", dave.username)  # fmt: skip


def test_it_lists_and_rolls_an_import_back(tmp_path, capsys, world, dave):
    call_command("import_history", str(write(tmp_path, [complaint_row(1)])), "--office", world.code,
                 "--by", dave.username)  # fmt: skip
    batch = HistoryImport.objects.get()
    capsys.readouterr()
    call_command("import_history", "--office", world.code, "--by", dave.username, "--list")
    assert f"#{batch.pk}\t" in capsys.readouterr().out

    call_command("import_history", "--rollback", str(batch.pk), "--by", dave.username)

    assert Complaint.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == BatchStatus.ROLLED_BACK


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--office", "KS-1"], "--by USERNAME"),
        (["--by", "dave"], "--office CODE"),
        (["--office", "NOPE", "--by", "dave"], "No office with code"),
        (["--office", "KS-1", "--by", "nobody"], "No active staff member"),
        (["--office", "KS-1", "--by", "dave", "/no/such/file.csv"], "No such file"),
        (["--office", "KS-1", "--by", "charlie", "FILE"], "Only an administrator or the office head"),
        (["--rollback", "987654", "--by", "dave"], "No import #987654"),
    ],
)
def test_it_refuses_clearly(tmp_path, world, dave, charlie, args, message):
    path = write(tmp_path, [complaint_row(1)])
    args = [str(path) if a == "FILE" else a for a in args]
    with pytest.raises(CommandError, match=message):
        call_command("import_history", *args)
    assert Complaint.objects.count() == 0
