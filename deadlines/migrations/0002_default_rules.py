"""The shipped deadline rules, each with its legal basis or marked as office practice."""

from django.db import migrations

RULES = [
    {
        "subject": "accident_report",
        "start_event": "occurred",
        "duration": 48,
        "unit": "hours",
        "calendar": "statutory",
        "office_practice": False,
        "legal_basis": (
            "Permenaker No. PER.03/MEN/1998 tentang Tata Cara Pelaporan dan Pemeriksaan Kecelakaan, pasal 4: "
            "pengusaha melaporkan kecelakaan secara tertulis paling lama 2×24 jam sejak terjadinya kecelakaan "
            "(formulir 3 KK2 A)."
        ),
    },
    {
        "subject": "complaint",
        "start_event": "filed",
        "duration": 60,
        "unit": "working_days",
        "calendar": "office",
        "office_practice": True,
        "legal_basis": (
            "Standar pelayanan publik (UU No. 25 Tahun 2009 tentang Pelayanan Publik): penanganan pengaduan "
            "60 hari kerja menurut standar pelayanan kantor; praktik kantor, dapat diubah."
        ),
    },
    {
        "subject": "notice_first",
        "start_event": "received",
        "duration": 14,
        "max_duration": 30,
        "unit": "calendar_days",
        "calendar": "statutory",
        "office_practice": True,
        "legal_basis": (
            "Permenaker No. 33 Tahun 2016 tentang Tata Cara Pengawasan Ketenagakerjaan: Nota Pemeriksaan I memuat "
            "jangka waktu pemenuhan yang ditetapkan pengawas. 14 hari (paling lama 30) adalah praktik kantor."
        ),
    },
    {
        "subject": "notice_second",
        "start_event": "received",
        "duration": 7,
        "max_duration": 14,
        "unit": "calendar_days",
        "calendar": "statutory",
        "office_practice": True,
        "legal_basis": (
            "Permenaker No. 33 Tahun 2016 tentang Tata Cara Pengawasan Ketenagakerjaan: Nota Pemeriksaan II bila "
            "Nota I tidak dipenuhi. 7 hari (paling lama 14) adalah praktik kantor."
        ),
    },
    {
        "subject": "notice_delivery",
        "start_event": "issued",
        "duration": 3,
        "unit": "working_days",
        "calendar": "office",
        "office_practice": True,
        "legal_basis": "Praktik kantor: Nota diserahkan kepada pengusaha paling lama 3 hari kerja setelah diterbitkan.",
    },
    {
        "subject": "bpjs_warning",
        "start_event": "received",
        "duration": 10,
        "unit": "working_days",
        "calendar": "statutory",
        "office_practice": False,
        "legal_basis": (
            "PP No. 86 Tahun 2013 tentang Tata Cara Pengenaan Sanksi Administratif, pasal 8: teguran tertulis "
            "pertama dan kedua masing-masing untuk jangka waktu paling lama 10 hari kerja."
        ),
    },
    {
        "subject": "investigation_step",
        "start_event": "issued",
        "duration": 14,
        "unit": "working_days",
        "calendar": "office",
        "office_practice": True,
        "legal_basis": "Praktik kantor: setiap langkah penyidikan PPNS ditindaklanjuti dalam 14 hari kerja.",
    },
]


def seed(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    for rule in RULES:
        DeadlineRule.objects.update_or_create(subject=rule["subject"], office=None, defaults=rule)


def unseed(apps, schema_editor):
    apps.get_model("deadlines", "DeadlineRule").objects.filter(
        office=None, subject__in=[r["subject"] for r in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
