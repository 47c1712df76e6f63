"""Seed the published economic evaluations (TNO 2021 and its 2023 update); editable afterwards."""

from decimal import Decimal

from django.db import migrations

REFERENCES = (
    (2021, Decimal("57"), Decimal("133"), Decimal("76"), "TNO, economische evaluatie van CenteringZwangerschap (2021)"),
    (2023, Decimal("45"), None, Decimal("67"), "TNO, actualisatie van de economische evaluatie van CenteringZwangerschap (2023)"),
)


def seed(apps, schema_editor):
    EconomicReference = apps.get_model("evaluation", "EconomicReference")
    for year, extra, saving, net, source in REFERENCES:
        EconomicReference.objects.get_or_create(
            year=year,
            defaults={
                "extra_cost_per_woman": extra,
                "saving_per_woman": saving,
                "net_saving_per_woman": net,
                "source": source,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
