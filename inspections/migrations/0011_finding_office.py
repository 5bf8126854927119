"""The finding's office, stored: the office's open findings past their deadline counted alone.

The column is filled from each finding's visit with one ``UPDATE … FROM`` (about 700,000 findings
at national size). On PostgreSQL a second key, (visit, office) → the visit's (id, office), refuses
a finding whose office is not its visit's and carries a change of the visit's office over to its
findings (``ON UPDATE CASCADE``). SQLite (the demo) gets the column, not the key.
"""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = (
    "UPDATE inspections_finding SET office_id = inspections_inspection.office_id "
    "FROM inspections_inspection WHERE inspections_inspection.id = inspections_finding.inspection_id"
)
VISIT_KEY = (
    "ALTER TABLE inspections_finding ADD CONSTRAINT finding_office_of_visit "
    "FOREIGN KEY (inspection_id, office_id) REFERENCES inspections_inspection (id, office_id) "
    "ON UPDATE CASCADE"
)


def backfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # Check the new foreign key at the end of the UPDATE, not at commit: the ALTER TABLE that
        # follows in this transaction is refused while checks are pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    schema_editor.execute(BACKFILL)


def add_visit_key(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(VISIT_KEY)


def drop_visit_key(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE inspections_finding DROP CONSTRAINT IF EXISTS finding_office_of_visit")


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0010_inspection_wage_found"),
        ("inspectorate", "0005_company_import"),
    ]

    operations = [
        migrations.AddField(
            model_name="finding",
            name="office",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="findings",
                to="inspectorate.office",
                verbose_name="office",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="finding",
            name="office",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="findings",
                to="inspectorate.office",
                verbose_name="office",
            ),
        ),
        migrations.RemoveIndex(model_name="finding", name="finding_open_deadline"),
        migrations.AddIndex(
            model_name="finding",
            index=models.Index(
                condition=models.Q(("status", "open")),
                fields=["office", "deadline"],
                name="finding_open_office_deadline",
            ),
        ),
        migrations.AddConstraint(
            model_name="inspection",
            constraint=models.UniqueConstraint(fields=("id", "office"), name="inspection_id_office"),
        ),
        migrations.RunPython(add_visit_key, drop_visit_key, elidable=False),
    ]
