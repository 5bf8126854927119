"""Files go through Django's storage API only (docs/storage.md), proved by a scan of the source.

On several hosts a path on this machine's disk is a file the other hosts cannot see. So no
module outside the settings names MEDIA_ROOT or a FileSystemStorage, asks a stored file or a
storage for its local ``.path``, or hands out a stored file's ``.url`` (objects are private); and
downloads are answered by ``inspectorate.storage.file_response`` only, after the view's scope check.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "audit",
    "complaints",
    "deadlines",
    "inspections",
    "inspectorate",
    "notifications",
    "reporting",
    "rollups",
    "bench",
)
SETTINGS = ROOT / "inspectorate" / "settings"
STORAGE_MODULE = ROOT / "inspectorate" / "storage.py"


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts or path.is_relative_to(SETTINGS):
                continue
            yield path


def _chain(node: ast.AST) -> list[str]:
    """``a.b.c`` as ["a", "b", "c"] (calls and subscripts in between are skipped)."""
    names = []
    while True:
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            break
        elif isinstance(node, ast.Call | ast.Subscript):
            node = node.func if isinstance(node, ast.Call) else node.value
        else:
            break
    return names[::-1]


def violations(source: str, *, is_storage_module: bool = False) -> list[str]:
    """What in ``source`` reaches around the storage API, one line each."""
    found = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Name | ast.Attribute | ast.alias):
            name = {ast.Name: "id", ast.Attribute: "attr", ast.alias: "name"}[type(node)]
            name = getattr(node, name)
            if name == "MEDIA_ROOT":
                found.append(f"{line}: MEDIA_ROOT (a local path; use the storage API)")
            elif name == "FileSystemStorage":
                found.append(f"{line}: FileSystemStorage (storages come from settings.STORAGES)")
            elif name == "FileResponse" and not is_storage_module:
                found.append(f"{line}: FileResponse (serve stored files with inspectorate.storage.file_response)")
        if isinstance(node, ast.Attribute) and node.attr in {"path", "url"} and not is_storage_module:
            owner = _chain(node.value)
            if owner and (owner[-1] in {"file", "storage", "default_storage"} or owner[-1].endswith("_storage")):
                found.append(f"{line}: {'.'.join([*owner, node.attr])} (the local path or URL of a stored file)")
    return found


@pytest.mark.parametrize("path", list(_sources()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_reaches_around_the_storage_api(path):
    assert violations(path.read_text(), is_storage_module=path == STORAGE_MODULE) == []


def test_no_template_shows_a_stored_files_url():
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\.file\.(url|path)\b", line)
    ]
    assert offenders == []


def test_the_scan_sees_each_way_around(tmp_path):
    # The rule is only as good as the scan.
    bad = """
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse

def f(report, attachment):
    open(settings.MEDIA_ROOT / "x")
    open(report.file.path)
    default_storage.path("a")
    attachment.file.storage.path(attachment.file.name)
    return FileResponse(open(report.file.path, "rb")), attachment.file.url
"""
    found = violations(bad)
    assert len([v for v in found if "MEDIA_ROOT" in v]) == 1
    assert len([v for v in found if "FileSystemStorage" in v]) == 1
    assert len([v for v in found if "FileResponse" in v]) == 2  # the import and the call
    assert {v.split(": ", 1)[1].split(" (")[0] for v in found if "of a stored file" in v} == {
        "report.file.path",
        "default_storage.path",
        "attachment.file.storage.path",
        "attachment.file.url",
    }
    fine = "from inspectorate import storage\n\ndef f(a):\n    return storage.file_response(a.file, filename='x')\n"
    assert violations(fine) == []
