"""Fetal heart rate was stored with LOINC 8867-4, which is the mother's own heart rate; the
fetal heart rate is 55283-6 (centering.md section 6). Rows keep their kind, so the code is
corrected by kind; going back restores the old code."""

from django.db import migrations

FETAL_HEART_RATE = "fetal_heart_rate"
WRONG, RIGHT = "8867-4", "55283-6"


def correct(apps, schema_editor):
    Measurement = apps.get_model("records", "Measurement")
    Measurement.objects.filter(kind=FETAL_HEART_RATE, loinc=WRONG).update(loinc=RIGHT)


def restore(apps, schema_editor):
    Measurement = apps.get_model("records", "Measurement")
    Measurement.objects.filter(kind=FETAL_HEART_RATE, loinc=RIGHT).update(loinc=WRONG)


class Migration(migrations.Migration):
    dependencies = [("records", "0002_participant_photo")]

    operations = [migrations.RunPython(correct, restore)]
