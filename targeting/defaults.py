"""The starting weights and the hazard of the KBLI 2020 groups: shipped by migration 0002, admins change both."""

# (first group, last group, name, level 0 low .. 3 very high)
HAZARDS = [
    ("01", "03", "Pertanian, kehutanan dan perikanan", 2),
    ("05", "09", "Pertambangan dan penggalian", 3),
    ("10", "12", "Industri makanan, minuman dan tembakau", 1),
    ("13", "15", "Industri tekstil, pakaian dan kulit", 2),
    ("16", "18", "Industri kayu, kertas dan percetakan", 2),
    ("19", "22", "Industri kimia, farmasi, karet dan plastik", 3),
    ("23", "25", "Industri mineral, logam dasar dan barang logam", 3),
    ("26", "28", "Industri elektronik, listrik dan mesin", 2),
    ("29", "30", "Industri alat angkutan", 2),
    ("31", "33", "Industri furnitur, pengolahan lain, reparasi", 2),
    ("35", "35", "Pengadaan listrik dan gas", 3),
    ("36", "39", "Air, limbah dan daur ulang", 2),
    ("41", "43", "Konstruksi", 3),
    ("45", "47", "Perdagangan besar dan eceran", 0),
    ("49", "53", "Transportasi dan pergudangan", 2),
    ("55", "56", "Penyediaan akomodasi dan makan minum", 1),
    ("58", "63", "Informasi dan komunikasi", 0),
    ("64", "66", "Jasa keuangan dan asuransi", 0),
    ("68", "68", "Real estat", 0),
    ("69", "75", "Jasa profesional, ilmiah dan teknis", 0),
    ("77", "82", "Jasa persewaan, ketenagakerjaan dan penunjang usaha", 1),
    ("84", "85", "Administrasi pemerintahan dan pendidikan", 0),
    ("86", "88", "Kesehatan manusia dan kegiatan sosial", 1),
    ("90", "93", "Kesenian, hiburan dan rekreasi", 1),
    ("94", "96", "Jasa lainnya", 1),
]


def ensure_defaults(weight_model=None, hazard_model=None) -> None:
    """Create the missing rows (the migration passes its historical models; tests after a flush, the real ones)."""
    from .factors import DEFAULT_WEIGHTS

    if weight_model is None:
        from .models import FactorWeight as weight_model
        from .models import SectorHazard as hazard_model
    for factor, points in DEFAULT_WEIGHTS.items():
        weight_model.objects.get_or_create(factor=str(factor), defaults={"points": points})
    for first, last, name, level in HAZARDS:
        for group in range(int(first), int(last) + 1):
            hazard_model.objects.get_or_create(kbli_group=f"{group:02d}", defaults={"name": name, "level": level})
