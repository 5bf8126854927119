"""The company's name on the complaint row: the work queue searches by company without its companies.

The column is the registry's name of the complaint's company, or the name as reported for a
company not in the registry; it is filled with one ``UPDATE`` (300,000 complaints at national
size). On PostgreSQL a second key, (company, company_name) → the company's (id, name), refuses a
name that is not the company's and carries a renaming over to its complaints (``ON UPDATE
CASCADE``), whatever writes it: a form, the admin, the company import or plain SQL. A trigram
index on the same expression as ``icontains`` serves the search. SQLite (the demo) gets the column
and a trigger that carries a renaming over.
"""

from django.db import migrations

import complaints.models

BACKFILL = (
    "UPDATE complaints_complaint SET company_name = COALESCE((SELECT name FROM inspectorate_company "
    "WHERE inspectorate_company.id = complaints_complaint.company_id), reported_company_name)"
)
POSTGRESQL = (
    [
        "ALTER TABLE complaints_complaint ADD CONSTRAINT complaint_company_name_of_company "
        "FOREIGN KEY (company_id, company_name) REFERENCES inspectorate_company (id, name) "
        "ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED",
        "CREATE INDEX IF NOT EXISTS complaint_company_name_trgm ON complaints_complaint "
        "USING gin ((UPPER(company_name::text)) gin_trgm_ops)",
    ],
    [
        "DROP INDEX IF EXISTS complaint_company_name_trgm",
        "ALTER TABLE complaints_complaint DROP CONSTRAINT IF EXISTS complaint_company_name_of_company",
    ],
)
SQLITE = (
    [
        "CREATE TRIGGER complaint_company_renamed AFTER UPDATE OF name ON inspectorate_company "
        "BEGIN UPDATE complaints_complaint SET company_name = NEW.name WHERE company_id = NEW.id; END",
    ],
    ["DROP TRIGGER IF EXISTS complaint_company_renamed"],
)


def backfill(apps, schema_editor):
    schema_editor.execute(BACKFILL)


def _keep_in_step(direction: int):
    def operation(apps, schema_editor):
        statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(schema_editor.connection.vendor)
        for sql in statements[direction] if statements else ():
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0010_queue_finished_index"),
        ("inspectorate", "0007_company_id_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="company_name",
            field=complaints.models.CompanyNameField(default="", editable=False, max_length=255, verbose_name="company"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(_keep_in_step(0), _keep_in_step(1), elidable=False),
    ]
