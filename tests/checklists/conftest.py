import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from checklists import services
from checklists.choices import AnswerType
from inspections.models import LegalProvision
from tests.inspections.conftest import _english, _provisions, visit_a, visit_b  # noqa: F401


def provision(act, article):
    return LegalProvision.objects.get(act=act, article=article)


def photo(name="bukti.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def build_version(root, *, publish=True):
    """Three sections: wages (yes/no, note required), BPJS (yes/no, photo required), K3 (number, choice)."""
    version = services.template_create(actor=root, code="uji", name="Daftar uji")
    wages = services.section_add(actor=root, version=version, title_id="Upah", title_en="Wages")
    bpjs = services.section_add(actor=root, version=version, title_id="Jaminan sosial", title_en="Social security")
    k3 = services.section_add(actor=root, version=version, title_id="K3", title_en="OSH")
    services.question_add(
        actor=root, section=wages, code="U1", text_id="Upah dibayar sesuai upah minimum?",
        text_en="Wages at least the minimum wage?", provision=provision("UU 13/2003 jo. UU 6/2023", "ps. 88E"),
        category="wages", noncompliant_answers=["no"], note_required=True,
    )  # fmt: skip
    services.question_add(
        actor=root, section=bpjs, code="B1", text_id="Semua pekerja terdaftar BPJS?",
        text_en="All workers registered with BPJS?", provision=provision("UU 24/2011", "ps. 15"),
        category="social_security", noncompliant_answers=["no"], photo_required=True,
    )  # fmt: skip
    services.question_add(
        actor=root, section=k3, code="K1", text_id="Jumlah APAR", text_en="Number of extinguishers",
        category="osh", answer_type=AnswerType.NUMBER,
    )  # fmt: skip
    services.question_add(
        actor=root, section=k3, code="K2", text_id="Kondisi APD", text_en="State of protective equipment",
        provision=provision("UU 1/1970", "ps. 14"), category="osh", answer_type=AnswerType.CHOICE,
        options=["baik", "rusak", "tidak ada"], noncompliant_answers=["rusak", "tidak ada"],
    )  # fmt: skip
    if publish:
        version = services.version_publish(actor=root, version=version)
    return version


@pytest.fixture
def version(root):
    return build_version(root)
