"""How long checking and importing a large client list takes (QUALITY.md: 10,000+ rows).

Runs on a fresh SQLite file: migrate, one demo-like organisation, a CSV of N synthetic
clients (BOM, semicolons, Dutch dates, names in several scripts), then the preview step
(`importing.evaluate`) and the all-or-nothing import (`importing.save_all`, one access-log
entry per client), each timed. Usage: `python -m bench.import_clients [N]` (default 10000).
Not part of the test suite; the figures go into docs/benchmarks.md by hand.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time


def main(argv: list[str]) -> int:
    rows = int(argv[0]) if argv else 10_000
    database = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)  # noqa: SIM115
    os.environ["DATABASE_URL"] = f"sqlite:///{database.name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kring.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from kring.care.models import Client
    from kring.care.programmes import set_up_organisation
    from kring.demo.synthetic import synthetic_bsns
    from kring.interop.tabular import guess_mapping, read_table
    from kring.organisations.models import Organisation
    from kring.transfer import importing

    organisation = Organisation.objects.create(name="Bench", slug="bench", kind="midwifery_practice")
    set_up_organisation(organisation)
    names = [
        ("Ayşe", "Çelik"),
        ("ግርማይ", "ተስፋይ"),
        ("دعاء", "العلي"),
        ("Noor", "van der Berg"),
        ("Ngozi", "Ọkafor"),
    ]
    lines = ["Voornaam;Achternaam;BSN;À terme datum;Talen"]
    # The non-issued 9999 block holds about 9,000 valid BSNs; later rows go without one
    # (they are matched by name and due date instead).
    bsns = synthetic_bsns(min(rows, 8000)) + [""] * max(0, rows - 8000)
    for n in range(rows):
        given, family = names[n % len(names)]
        due = timezone.localdate() + dt.timedelta(days=20 + n % 200)
        lines.append(f"{given}{n};{family};{bsns[n]};{due:%d-%m-%Y};nl")
    content = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()

    started = time.perf_counter()
    table = read_table(content)
    read_s = time.perf_counter() - started
    mapping = guess_mapping(table.header)
    started = time.perf_counter()
    outcomes = importing.evaluate(organisation, "clients", table, mapping)
    preview_s = time.perf_counter() - started
    started = time.perf_counter()
    counts = importing.save_all(organisation, "clients", outcomes, user=None, filename="bench.csv")
    import_s = time.perf_counter() - started
    assert Client.objects.filter(organisation=organisation).count() == rows == counts["new"]
    size = len(content) / 1e6
    print(
        f"{rows} rows, {size:.1f} MB: read {read_s:.1f} s, preview {preview_s:.1f} s, import {import_s:.1f} s"
    )
    os.unlink(database.name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
