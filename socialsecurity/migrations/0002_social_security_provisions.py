"""The provisions BPJS findings and sanctions cite (inspections.LegalProvision, category social_security).

UU 24/2011 ps. 15 ships with inspections/0003_legal_provisions; it is ensured here too so this app's
flags always find it. Existing rows are left as they are (an administrator may have edited them).
"""

from django.db import migrations

PROVISIONS = [
    ("UU 24/2011", "ps. 15", "Kewajiban mendaftarkan diri dan pekerjanya sebagai peserta BPJS"),
    ("PP 86/2013", "ps. 5", "Sanksi administratif bagi pemberi kerja yang tidak mendaftarkan pekerjanya pada BPJS"),
    ("PP 86/2013", "ps. 9", "Sanksi tidak mendapat pelayanan publik tertentu (TMP2T)"),
    ("Perpres 109/2013", "ps. 6", "Program jaminan sosial yang wajib diikuti menurut skala usaha"),
]


def add(apps, schema_editor):
    LegalProvision = apps.get_model("inspections", "LegalProvision")
    for act, article, title in PROVISIONS:
        LegalProvision.objects.get_or_create(
            act=act, article=article, defaults={"title": title, "category": "social_security", "is_active": True}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("socialsecurity", "0001_initial"),
        ("inspections", "0003_legal_provisions"),
    ]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
