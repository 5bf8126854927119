"""A company's (id, name) as a key: the target of the complaints' (company, company_name) key."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inspectorate", "0006_staff_sex_service_ended")]

    operations = [
        migrations.AddConstraint(
            model_name="company",
            constraint=models.UniqueConstraint(fields=("id", "name"), name="company_id_name"),
        ),
    ]
