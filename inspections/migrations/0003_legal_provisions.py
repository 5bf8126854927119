"""The legal provisions shipped with the project (Indonesian labour law); admins keep them up to date.

Articles changed by the Job Creation law (UU 6/2023, which enacted Perppu 2/2022 and amended
UU 13/2003 through its article 81) are cited as "UU 13/2003 jo. UU 6/2023". UU 13/2003 ps. 90
(minimum wage) was removed by that amendment and replaced by ps. 88E: it is kept, inactive, so
older findings can still cite it. Nothing here is legal advice; admins should check the list
against the official texts (JDIH) before relying on it.
"""

from django.db import migrations

UU13 = "UU 13/2003"
UU13_CK = "UU 13/2003 jo. UU 6/2023"

# (act, article, subject, norm category, active)
PROVISIONS = [
    (UU13, "ps. 68", "Larangan mempekerjakan anak", "child_labour", True),
    (UU13, "ps. 69", "Pekerjaan ringan bagi anak usia 13-15 tahun dan syarat-syaratnya", "child_labour", True),
    (UU13, "ps. 74", "Larangan mempekerjakan anak pada pekerjaan-pekerjaan terburuk", "child_labour", True),
    (UU13, "ps. 76", "Pekerja/buruh perempuan yang bekerja antara pukul 23.00 dan 07.00", "working_time", True),
    (UU13, "ps. 82", "Istirahat sebelum dan sesudah melahirkan", "working_time", True),
    (UU13, "ps. 86", "Hak atas perlindungan keselamatan dan kesehatan kerja", "osh", True),
    (UU13, "ps. 90", "Larangan membayar upah di bawah upah minimum (dihapus; lihat ps. 88E)", "wages", False),
    (UU13, "ps. 108", "Kewajiban membuat peraturan perusahaan (10 pekerja/buruh atau lebih)", "other", True),
    (UU13_CK, "ps. 42", "Pengesahan rencana penggunaan tenaga kerja asing (RPTKA)", "foreign_workers", True),
    (UU13_CK, "ps. 59", "Perjanjian kerja waktu tertentu (PKWT)", "employment_relationship", True),
    (UU13_CK, "ps. 66", "Alih daya (outsourcing) dan perlindungan pekerja/buruh", "employment_relationship", True),
    (UU13_CK, "ps. 77", "Waktu kerja", "working_time", True),
    (UU13_CK, "ps. 78", "Waktu kerja lembur dan upah kerja lembur", "working_time", True),
    (UU13_CK, "ps. 79", "Waktu istirahat dan cuti tahunan", "working_time", True),
    (UU13_CK, "ps. 88A", "Hak atas upah dan kewajiban membayar upah sesuai kesepakatan", "wages", True),
    (UU13_CK, "ps. 88E", "Upah minimum; larangan membayar upah lebih rendah dari upah minimum", "wages", True),
    (UU13_CK, "ps. 156", "Uang pesangon, uang penghargaan masa kerja dan uang penggantian hak", "termination", True),
    ("UU 1/1970", "ps. 3", "Syarat-syarat keselamatan kerja", "osh", True),
    ("UU 1/1970", "ps. 9", "Kewajiban pengurus menunjukkan dan menjelaskan bahaya kerja kepada tenaga kerja baru", "osh", True),
    ("UU 1/1970", "ps. 14", "Kewajiban pengurus: syarat K3 dipasang, gambar dan poster K3, alat pelindung diri cuma-cuma", "osh", True),
    ("UU 24/2011", "ps. 15", "Kewajiban mendaftarkan diri dan pekerjanya sebagai peserta BPJS", "social_security", True),
    ("UU 24/2011", "ps. 19", "Kewajiban memungut dan membayar iuran BPJS", "social_security", True),
    ("UU 21/2000", "ps. 28", "Larangan menghalang-halangi pembentukan dan kegiatan serikat pekerja", "freedom_of_association", True),
    ("PP 35/2021", "ps. 8", "Jangka waktu PKWT paling lama 5 tahun", "employment_relationship", True),
    ("PP 35/2021", "ps. 15", "Uang kompensasi pada berakhirnya PKWT", "employment_relationship", True),
    ("PP 35/2021", "ps. 18", "Hubungan kerja pada perusahaan alih daya", "employment_relationship", True),
    ("PP 35/2021", "ps. 31", "Kewajiban membayar upah kerja lembur", "working_time", True),
    ("PP 36/2021", "ps. 23", "Upah minimum bagi pekerja dengan masa kerja kurang dari 1 tahun", "wages", True),
]


def seed_provisions(apps, schema_editor):
    LegalProvision = apps.get_model("inspections", "LegalProvision")
    for act, article, title, category, active in PROVISIONS:
        LegalProvision.objects.update_or_create(
            act=act, article=article, defaults={"title": title, "category": category, "is_active": active}
        )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0002_fieldnotes_attachments_history")]

    operations = [migrations.RunPython(seed_provisions, migrations.RunPython.noop)]
