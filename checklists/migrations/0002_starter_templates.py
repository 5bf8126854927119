"""The shipped starter templates, published as version 1.

"Norma 100" follows the clusters of the Ministry of Manpower's Norma 100 self-assessment,
with only the questions the project can ground in the legal provisions it already ships
(inspections/0003_legal_provisions); each question cites its provision. "BPJS" is the short
list for joint inspections with BPJS Ketenagakerjaan. A "no" is non-compliant; where a
photo or note is the usual evidence it is required. Admins edit them as a new draft.
"""

from django.db import migrations
from django.utils import timezone

UU13 = "UU 13/2003"
CK = "UU 13/2003 jo. UU 6/2023"

# (section id, section en, [(code, text id, text en, act, article, category, note, photo)])
NORMA_100 = [
    ("Peraturan perusahaan", "Company regulations", [
        ("PP-1", "Perusahaan dengan 10 pekerja/buruh atau lebih memiliki peraturan perusahaan yang disahkan?",
         "Does a company with 10 or more workers have approved company regulations?", UU13, "ps. 108", "other", True, False),
    ]),
    ("Hubungan kerja", "Employment relationship", [
        ("HK-1", "PKWT dibuat tertulis dan hanya untuk pekerjaan yang sifatnya sementara?",
         "Are fixed-term contracts written and used only for temporary work?", CK, "ps. 59", "employment_relationship", True, False),
        ("HK-2", "Jangka waktu PKWT, termasuk perpanjangan, tidak lebih dari 5 tahun?",
         "Do fixed-term contracts, extensions included, last no more than 5 years?", "PP 35/2021", "ps. 8", "employment_relationship", True, False),
        ("HK-3", "Uang kompensasi dibayar saat PKWT berakhir?",
         "Is compensation paid when a fixed-term contract ends?", "PP 35/2021", "ps. 15", "employment_relationship", True, False),
        ("HK-4", "Pekerja alih daya dilindungi dalam perjanjian kerja dengan perusahaan alih daya?",
         "Are outsourced workers protected by their contract with the outsourcing company?", CK, "ps. 66", "employment_relationship", True, False),
    ]),
    ("Waktu kerja dan waktu istirahat", "Working and rest time", [
        ("WK-1", "Waktu kerja tidak melebihi 7 jam sehari/40 jam seminggu (6 hari) atau 8 jam sehari/40 jam seminggu (5 hari)?",
         "Do working hours stay within 7 h a day/40 h a week (6 days) or 8 h a day/40 h a week (5 days)?", CK, "ps. 77", "working_time", True, False),
        ("WK-2", "Lembur dengan persetujuan pekerja dan tidak melebihi batas waktu lembur?",
         "Is overtime agreed by the worker and within the legal limit?", CK, "ps. 78", "working_time", True, False),
        ("WK-3", "Upah kerja lembur dibayar?", "Is overtime pay paid?", "PP 35/2021", "ps. 31", "working_time", True, True),
        ("WK-4", "Waktu istirahat mingguan dan cuti tahunan diberikan?",
         "Are weekly rest and annual leave given?", CK, "ps. 79", "working_time", True, False),
        ("WK-5", "Pekerja perempuan yang bekerja antara pukul 23.00 dan 07.00 dilindungi sesuai ketentuan?",
         "Are women working between 23.00 and 07.00 protected as the law requires?", UU13, "ps. 76", "working_time", True, False),
        ("WK-6", "Istirahat sebelum dan sesudah melahirkan diberikan?",
         "Is leave before and after childbirth given?", UU13, "ps. 82", "working_time", True, False),
    ]),
    ("Pengupahan", "Wages", [
        ("UP-1", "Upah dibayar sesuai kesepakatan dan tepat waktu?",
         "Are wages paid as agreed and on time?", CK, "ps. 88A", "wages", True, False),
        ("UP-2", "Tidak ada pekerja yang dibayar di bawah upah minimum?",
         "Is no worker paid below the minimum wage?", CK, "ps. 88E", "wages", True, True),
        ("UP-3", "Upah minimum berlaku bagi pekerja dengan masa kerja kurang dari 1 tahun?",
         "Does the minimum wage apply to workers with less than 1 year of service?", "PP 36/2021", "ps. 23", "wages", True, False),
    ]),
    ("Kebebasan berserikat", "Freedom of association", [
        ("KB-1", "Pekerja tidak dihalang-halangi membentuk atau menjalankan kegiatan serikat pekerja?",
         "Are workers free to form and run a trade union?", "UU 21/2000", "ps. 28", "freedom_of_association", True, False),
    ]),
    ("Jaminan sosial", "Social security", [
        ("JS-1", "Perusahaan dan seluruh pekerjanya terdaftar sebagai peserta BPJS?",
         "Are the company and all its workers registered with BPJS?", "UU 24/2011", "ps. 15", "social_security", False, True),
        ("JS-2", "Iuran BPJS dipungut dan dibayar tepat waktu?",
         "Are BPJS contributions collected and paid on time?", "UU 24/2011", "ps. 19", "social_security", True, False),
    ]),
    ("Pekerja anak", "Child labour", [
        ("PA-1", "Tidak ada anak yang dipekerjakan?", "Is no child employed?", UU13, "ps. 68", "child_labour", True, True),
        ("PA-2", "Anak 13-15 tahun hanya melakukan pekerjaan ringan dengan syarat yang dipenuhi?",
         "Do children of 13-15 do only light work under the required conditions?", UU13, "ps. 69", "child_labour", True, False),
        ("PA-3", "Tidak ada anak pada pekerjaan-pekerjaan terburuk?",
         "Is no child in the worst forms of work?", UU13, "ps. 74", "child_labour", True, True),
    ]),
    ("Tenaga kerja asing", "Foreign workers", [
        ("TA-1", "Penggunaan TKA memiliki RPTKA yang disahkan?",
         "Is every foreign worker covered by an approved RPTKA?", CK, "ps. 42", "foreign_workers", True, False),
    ]),
    ("Keselamatan dan kesehatan kerja", "Occupational safety and health", [
        ("K3-1", "Syarat-syarat keselamatan kerja dipenuhi di tempat kerja?",
         "Are the safety requirements met at the workplace?", "UU 1/1970", "ps. 3", "osh", True, True),
        ("K3-2", "Tenaga kerja baru diberi penjelasan tentang bahaya kerja?",
         "Are new workers told about the hazards of their work?", "UU 1/1970", "ps. 9", "osh", True, False),
        ("K3-3", "Syarat K3 dan poster K3 dipasang, APD diberikan cuma-cuma?",
         "Are safety rules and posters displayed and protective equipment given free?", "UU 1/1970", "ps. 14", "osh", False, True),
        ("K3-4", "Pekerja mendapat perlindungan atas keselamatan dan kesehatan kerja?",
         "Are workers protected for safety and health?", UU13, "ps. 86", "osh", True, False),
    ]),
    ("Pemutusan hubungan kerja", "Termination", [
        ("PHK-1", "Pesangon, penghargaan masa kerja dan penggantian hak dibayar pada PHK?",
         "Are severance, long-service and compensation pay paid on termination?", CK, "ps. 156", "termination", True, False),
    ]),
]  # fmt: skip

BPJS = [
    ("Kepesertaan", "Membership", [
        ("BP-1", "Perusahaan terdaftar sebagai peserta BPJS Ketenagakerjaan dan BPJS Kesehatan?",
         "Is the company registered with BPJS Ketenagakerjaan and BPJS Kesehatan?", "UU 24/2011", "ps. 15", "social_security", False, True),
        ("BP-2", "Seluruh pekerja, termasuk PKWT dan harian, didaftarkan?",
         "Are all workers, fixed-term and daily ones included, registered?", "UU 24/2011", "ps. 15", "social_security", True, False),
    ]),
    ("Iuran", "Contributions", [
        ("BP-3", "Iuran dipungut dari pekerja dan disetor ke BPJS?",
         "Are contributions deducted and paid to BPJS?", "UU 24/2011", "ps. 19", "social_security", True, True),
        ("BP-4", "Iuran dihitung dari upah yang sebenarnya?",
         "Are contributions computed on the actual wage?", "UU 24/2011", "ps. 19", "social_security", True, False),
    ]),
]  # fmt: skip

TEMPLATES = [
    ("norma-100", "Norma 100 (pemeriksaan rutin)", "routine", NORMA_100),
    ("bpjs", "BPJS (pemeriksaan bersama)", "assignment", BPJS),
]


def seed(apps, schema_editor):
    ChecklistTemplate = apps.get_model("checklists", "ChecklistTemplate")
    TemplateVersion = apps.get_model("checklists", "TemplateVersion")
    Section = apps.get_model("checklists", "Section")
    Question = apps.get_model("checklists", "Question")
    LegalProvision = apps.get_model("inspections", "LegalProvision")
    provisions = {(p.act, p.article): p for p in LegalProvision.objects.all()}
    for code, name, kind, sections in TEMPLATES:
        if ChecklistTemplate.objects.filter(code=code).exists():
            continue
        template = ChecklistTemplate.objects.create(code=code, name=name, visit_kinds=[kind])
        version = TemplateVersion.objects.create(
            template=template, number=1, status="published", published_at=timezone.now()
        )
        for s_pos, (title_id, title_en, questions) in enumerate(sections, start=1):
            section = Section.objects.create(version=version, position=s_pos, title_id=title_id, title_en=title_en)
            for q_pos, (q_code, text_id, text_en, act, article, category, note, photo) in enumerate(questions, 1):
                Question.objects.create(
                    section=section, position=q_pos, code=q_code, text_id=text_id, text_en=text_en,
                    provision=provisions.get((act, article)), category=category, answer_type="yes_no",
                    noncompliant_answers=["no"], note_required=note, photo_required=photo,
                )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("checklists", "0001_initial"), ("inspections", "0003_legal_provisions")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
