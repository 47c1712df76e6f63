"""PostgreSQL only: nobody is in two overlapping sessions in any combination of roles (lead
in one and co in the other included). Replaces the per-role constraints of 0002 with one on
the array [lead, co] (intarray's GiST operator class; person ids fit in int4)."""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations

PER_ROLE = {"session_no_lead_overlap": "lead_id", "session_no_co_overlap": "co_id"}
RANGE = "tstzrange(starts_at, ends_at, '[)') WITH &&"
ACTIVE = "WHERE (status <> 'cancelled')"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in PER_ROLE:
        schema_editor.execute(f"ALTER TABLE care_session DROP CONSTRAINT IF EXISTS {name}")
    schema_editor.execute(
        "ALTER TABLE care_session ADD CONSTRAINT session_no_person_overlap EXCLUDE USING gist "
        f"((ARRAY[lead_id::int4, co_id::int4]) gist__int_ops WITH &&, {RANGE}) {ACTIVE}"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE care_session DROP CONSTRAINT IF EXISTS session_no_person_overlap")
    for name, column in PER_ROLE.items():
        schema_editor.execute(
            f"ALTER TABLE care_session ADD CONSTRAINT {name} EXCLUDE USING gist ({column} WITH =, {RANGE}) {ACTIVE}"
        )


class Migration(migrations.Migration):
    dependencies = [("care", "0002_postgres_session_exclusion")]

    operations = [
        CreateExtension("intarray"),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
