"""The code lists shipped with the project, in Indonesian and English; admins keep them under /manage/.

- Deviation, contact / mode of injury, material agent, nature of injury and part of body follow the
  first level of the ESAW variables (European Statistics on Accidents at Work, 2013 methodology),
  the grouping ILO's Resolution concerning statistics of occupational injuries (1998) recommends.
- Occupation: the ten major groups of ISCO-08.
- Employment status: ICSE-93 categories as Indonesian practice records them (PKWTT, PKWT, outsourced).
- Occupational diseases: the ILO List of Occupational Diseases (revised 2010), its items as listed
  (the open "other" items are kept as one entry per group).

Also adds the legal provision a late employer's accident report is found against
(Permenaker No. PER.03/MEN/1998 ps. 4) when it is missing.
"""

from django.db import migrations

DEVIATION = [
    ("10", "Penyimpangan karena masalah listrik, ledakan, kebakaran", "Deviation by electrical problems, explosion, fire"),
    ("20", "Penyimpangan karena luapan, terguling, kebocoran, aliran, penguapan, emisi", "Deviation by overflow, overturn, leak, flow, vaporisation, emission"),
    ("30", "Patah, pecah, tergelincir, jatuh, runtuhnya bahan (agen material)", "Breakage, bursting, splitting, slipping, fall, collapse of material agent"),
    ("40", "Hilangnya kendali atas mesin, alat angkut, perkakas, benda, hewan", "Loss of control of machine, means of transport, tool, object, animal"),
    ("50", "Terpeleset atau tersandung dengan jatuh; jatuhnya orang", "Slipping, stumbling and falling; fall of persons"),
    ("60", "Gerakan tubuh tanpa tekanan fisik (umumnya cedera dari luar)", "Body movement without physical stress"),
    ("70", "Gerakan tubuh dengan tekanan fisik (umumnya cedera dari dalam)", "Body movement under or with physical stress"),
    ("80", "Kejutan, ketakutan, kekerasan, agresi, ancaman", "Shock, fright, violence, aggression, threat"),
    ("99", "Penyimpangan lain", "Other deviation"),
]
CONTACT = [
    ("10", "Kontak dengan arus listrik, suhu, bahan berbahaya", "Contact with electrical voltage, temperature, hazardous substances"),
    ("20", "Tenggelam, terkubur, terselubung", "Drowned, buried, enveloped"),
    ("30", "Benturan horizontal atau vertikal dengan benda diam (korban bergerak)", "Horizontal or vertical impact with or against a stationary object"),
    ("40", "Tertimpa benda bergerak, tabrakan", "Struck by object in motion, collision with"),
    ("50", "Kontak dengan benda tajam, runcing, kasar", "Contact with sharp, pointed, rough, coarse material agent"),
    ("60", "Terjepit, tergencet, terlindas", "Trapped, crushed"),
    ("70", "Beban fisik atau mental berlebih", "Physical or mental stress"),
    ("80", "Gigitan, tendangan (hewan atau manusia)", "Bite, kick (animal or human)"),
    ("99", "Kontak lain", "Other contact"),
]
AGENT = [
    ("01", "Bangunan, struktur, permukaan (di atas tanah)", "Buildings, structures, surfaces at ground level"),
    ("02", "Bangunan, struktur, permukaan (di atas ketinggian)", "Buildings, structures, surfaces above ground level"),
    ("03", "Bangunan, struktur, permukaan (di bawah tanah)", "Buildings, structures, surfaces below ground level"),
    ("04", "Sistem penyaluran dan distribusi bahan, jaringan pipa", "Systems for the supply and distribution of materials, pipe networks"),
    ("05", "Motor, sistem transmisi dan penyimpanan energi", "Motors, systems for energy transmission and storage"),
    ("06", "Perkakas tangan tanpa tenaga", "Hand tools, not powered"),
    ("07", "Perkakas tangan bertenaga", "Hand-held or hand-guided tools, mechanical"),
    ("09", "Mesin dan peralatan portabel atau bergerak", "Machines and equipment, portable or mobile"),
    ("10", "Mesin dan peralatan tetap", "Machines and equipment, fixed"),
    ("11", "Alat angkut, alat angkat dan penyimpanan", "Conveying, transport and storage systems"),
    ("12", "Kendaraan darat", "Land vehicles"),
    ("13", "Kendaraan angkut lainnya", "Other transport vehicles"),
    ("14", "Bahan, benda, produk, komponen mesin, serpihan, debu", "Materials, objects, products, machine components, debris, dust"),
    ("15", "Bahan kimia, bahan peledak, radioaktif, biologis", "Chemical, explosive, radioactive, biological substances"),
    ("16", "Alat dan perlengkapan keselamatan", "Safety devices and equipment"),
    ("17", "Perlengkapan kantor, alat olahraga, senjata, peralatan rumah tangga", "Office equipment, personal equipment, sports equipment, weapons, domestic appliances"),
    ("18", "Organisme hidup dan manusia", "Living organisms and human beings"),
    ("19", "Limbah dalam jumlah besar", "Bulk waste"),
    ("20", "Fenomena fisik dan unsur alam", "Physical phenomena and natural elements"),
    ("99", "Agen material lain", "Other material agents"),
]
INJURY = [
    ("010", "Luka dan cedera permukaan", "Wounds and superficial injuries"),
    ("020", "Patah tulang", "Bone fractures"),
    ("030", "Dislokasi, keseleo, terkilir", "Dislocations, sprains and strains"),
    ("040", "Amputasi traumatik (kehilangan bagian tubuh)", "Traumatic amputations (loss of body parts)"),
    ("050", "Gegar otak dan cedera dalam", "Concussion and internal injuries"),
    ("060", "Luka bakar, luka bakar kimia, radang dingin", "Burns, scalds and frostbites"),
    ("070", "Keracunan dan infeksi", "Poisonings and infections"),
    ("080", "Tenggelam dan sesak napas", "Drowning and asphyxiation"),
    ("090", "Akibat suara, getaran, tekanan", "Effects of sound, vibration and pressure"),
    ("100", "Akibat suhu ekstrem, cahaya, radiasi", "Effects of temperature extremes, light and radiation"),
    ("110", "Syok", "Shock"),
    ("120", "Cedera ganda", "Multiple injuries"),
    ("999", "Cedera lain", "Other specified injuries"),
]
BODY_PART = [
    ("10", "Kepala", "Head"),
    ("20", "Leher, termasuk tulang belakang leher", "Neck, including spine and vertebra in the neck"),
    ("30", "Punggung, termasuk tulang belakang", "Back, including spine and vertebra in the back"),
    ("40", "Badan dan organ dalam", "Torso and organs"),
    ("50", "Anggota gerak atas (bahu, lengan, tangan, jari)", "Upper extremities"),
    ("60", "Anggota gerak bawah (pinggul, tungkai, kaki, jari kaki)", "Lower extremities"),
    ("70", "Seluruh tubuh dan beberapa bagian", "Whole body and multiple sites"),
    ("99", "Bagian tubuh lain", "Other parts of body"),
]
EMPLOYMENT = [
    ("pkwtt", "Pekerja tetap (PKWTT)", "Permanent employee (PKWTT)"),
    ("pkwt", "Pekerja kontrak (PKWT)", "Fixed-term employee (PKWT)"),
    ("outsourced", "Pekerja alih daya", "Outsourced worker"),
    ("daily", "Pekerja harian lepas", "Casual daily worker"),
    ("apprentice", "Peserta magang", "Apprentice or trainee"),
    ("self", "Bukan penerima upah / mandiri", "Self-employed"),
    ("other", "Lainnya", "Other"),
]
OCCUPATION = [
    ("1", "Manajer", "Managers"),
    ("2", "Profesional", "Professionals"),
    ("3", "Teknisi dan asisten profesional", "Technicians and associate professionals"),
    ("4", "Tenaga tata usaha", "Clerical support workers"),
    ("5", "Tenaga usaha jasa dan penjualan", "Service and sales workers"),
    ("6", "Pekerja terampil pertanian, kehutanan dan perikanan", "Skilled agricultural, forestry and fishery workers"),
    ("7", "Pekerja pengolahan, kerajinan dan yang berhubungan", "Craft and related trades workers"),
    ("8", "Operator dan perakit mesin", "Plant and machine operators, and assemblers"),
    ("9", "Pekerja kasar", "Elementary occupations"),
    ("0", "Tentara", "Armed forces occupations"),
]
DISEASE = [
    ("1.1.1", "Penyakit akibat berilium atau senyawanya", "Diseases caused by beryllium or its compounds"),
    ("1.1.2", "Penyakit akibat kadmium atau senyawanya", "Diseases caused by cadmium or its compounds"),
    ("1.1.4", "Penyakit akibat krom atau senyawanya", "Diseases caused by chromium or its compounds"),
    ("1.1.8", "Penyakit akibat timbal atau senyawanya", "Diseases caused by lead or its compounds"),
    ("1.1.10", "Penyakit akibat merkuri atau senyawanya", "Diseases caused by mercury or its compounds"),
    ("1.1.17", "Penyakit akibat benzena atau homolognya", "Diseases caused by benzene or its homologues"),
    ("1.1.25", "Penyakit akibat pestisida", "Diseases caused by pesticides"),
    ("1.1.41", "Penyakit akibat bahan kimia lain", "Diseases caused by other chemical agents"),
    ("1.2.1", "Gangguan pendengaran akibat kebisingan", "Hearing impairment caused by noise"),
    ("1.2.2", "Penyakit akibat getaran", "Diseases caused by vibration"),
    ("1.2.3", "Penyakit akibat udara bertekanan atau bertekanan rendah", "Diseases caused by compressed or decompressed air"),
    ("1.2.4", "Penyakit akibat radiasi pengion", "Diseases caused by ionizing radiations"),
    ("1.2.6", "Penyakit akibat suhu ekstrem", "Diseases caused by exposure to extreme temperatures"),
    ("1.3.1", "Brusellosis", "Brucellosis"),
    ("1.3.2", "Hepatitis B, hepatitis C, HIV", "Hepatitis viruses, HIV"),
    ("1.3.4", "Tuberkulosis", "Tuberculosis"),
    ("1.3.9", "Penyakit akibat agen biologis lain", "Diseases caused by other biological agents"),
    ("2.1.1", "Pneumokoniosis akibat debu mineral fibrogenik (silikosis, asbestosis, dll.)", "Pneumoconioses caused by fibrogenic mineral dust"),
    ("2.1.5", "Bronkopulmoner akibat debu logam keras", "Bronchopulmonary diseases caused by hard-metal dust"),
    ("2.1.7", "Asma akibat zat sensitisasi atau iritan", "Asthma caused by sensitizing agents or irritants"),
    ("2.1.10", "Penyakit paru obstruktif kronik", "Chronic obstructive pulmonary diseases"),
    ("2.2.1", "Dermatosis kontak alergi dan urtikaria kontak", "Allergic contact dermatoses and contact urticaria"),
    ("2.2.2", "Dermatosis kontak iritan", "Irritant contact dermatoses"),
    ("2.3.1", "Tenosinovitis radial stiloid akibat gerakan berulang", "Radial styloid tenosynovitis due to repetitive movements"),
    ("2.3.6", "Sindrom terowongan karpal akibat gerakan berulang dan getaran", "Carpal tunnel syndrome due to repetitive work and vibration"),
    ("2.3.8", "Gangguan muskuloskeletal lain", "Other musculoskeletal disorders"),
    ("2.4.1", "Gangguan stres pascatrauma", "Post-traumatic stress disorder"),
    ("2.4.2", "Gangguan mental atau perilaku lain", "Other mental or behavioural disorders"),
    ("3.1.1", "Kanker akibat asbes", "Cancer caused by asbestos"),
    ("3.1.2", "Kanker akibat benzidin dan garamnya", "Cancer caused by benzidine and its salts"),
    ("3.1.4", "Kanker akibat senyawa krom VI", "Cancer caused by chromium VI compounds"),
    ("3.1.6", "Kanker akibat vinil klorida", "Cancer caused by vinyl chloride"),
    ("3.1.13", "Kanker akibat debu kayu", "Cancer caused by wood dust"),
    ("3.1.15", "Kanker akibat radiasi pengion", "Cancer caused by ionizing radiations"),
    ("3.1.21", "Kanker akibat agen lain", "Cancer caused by other agents"),
    ("4.1", "Nistagmus penambang", "Miners' nystagmus"),
    ("4.2", "Penyakit lain akibat pekerjaan", "Other specific diseases caused by occupations or processes"),
]
LISTS = {
    "deviation": DEVIATION,
    "contact": CONTACT,
    "agent": AGENT,
    "injury": INJURY,
    "body_part": BODY_PART,
    "employment": EMPLOYMENT,
    "occupation": OCCUPATION,
    "disease": DISEASE,
}


def seed(apps, schema_editor):
    Code = apps.get_model("accidents", "Code")
    for variable, rows in LISTS.items():
        for position, (code, name_id, name_en) in enumerate(rows):
            Code.objects.update_or_create(
                variable=variable,
                code=code,
                defaults={"name_id": name_id, "name_en": name_en, "position": position, "is_active": True},
            )
    LegalProvision = apps.get_model("inspections", "LegalProvision")
    LegalProvision.objects.get_or_create(
        act="Permenaker 03/1998",
        article="ps. 4",
        defaults={
            "title": "Kewajiban pengurus melaporkan kecelakaan kerja secara tertulis paling lama 2×24 jam",
            "category": "osh",
            "is_active": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accidents", "0001_initial"),
        ("inspections", "0003_legal_provisions"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
