import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from socialsecurity import services


@pytest.fixture
def run_import():
    """``run_import(actor, office, content, name="bpjs.csv", as_of=..., source=...)``: record and import a file."""

    def run(actor, office, content, name="bpjs.csv", as_of=dt.date(2026, 6, 30), source="BPJS Ketenagakerjaan Kanwil"):
        if isinstance(content, str):
            content = content.encode()
        upload = SimpleUploadedFile(name, content)
        imp, created = services.import_create(actor=actor, office=office, upload=upload, as_of=as_of, source=source)
        if created:
            imp = services.import_run(import_id=imp.pk)
        return imp, created

    return run


HEADER = "nib,npp,registered_on,participants,programmes,wage_base,segment,district\n"


def csv_of(*lines: str) -> str:
    return HEADER + "".join(line + "\n" for line in lines)


@pytest.fixture(autouse=True)
def _english(settings):
    """Stored sentences (flags, line reports) are in the site's language: English here, Indonesian by default."""
    settings.LANGUAGE_CODE = "en"
