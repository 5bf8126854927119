from django.db import migrations

CODES = [
    "wages",
    "working_time",
    "employment_relationship",
    "termination",
    "osh",
    "social_security",
    "freedom_of_association",
    "child_labour",
    "foreign_workers",
    "discrimination",
    "other",
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("complaints", "Category")
    for position, code in enumerate(CODES):
        Category.objects.update_or_create(code=code, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
