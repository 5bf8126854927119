"""The starting weights of every factor and the hazard of the KBLI 2020 groups (admins change both)."""

from django.db import migrations

def forwards(apps, schema_editor):
    from targeting.defaults import ensure_defaults

    ensure_defaults(apps.get_model("targeting", "FactorWeight"), apps.get_model("targeting", "SectorHazard"))


class Migration(migrations.Migration):
    dependencies = [("targeting", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
