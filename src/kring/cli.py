"""The `kring` command (SPEC section 5): plan and check planning files from the terminal.

Each subcommand is a function `_add_<name>(subparsers)` that declares its arguments and sets
`handler`; add new ones (demo, serve, bench, import, export) to `_SUBCOMMANDS`. Handlers return
the exit code: 0 success, 1 an invalid plan, 2 bad input (malformed file, unknown option),
3 a planner that is not available in this build.

Nothing here imports Django; subcommands that need it import it inside their handler.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_BAD_INPUT = 2
EXIT_UNAVAILABLE = 3


def _add_check(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check a plan against its instance",
        description="List every broken rule of PLAN for INSTANCE and print its penalty. "
        "Exit 0 only for a valid plan whose claimed penalty and breakdown are right.",
    )
    parser.add_argument("instance", type=Path, metavar="INSTANCE", help="kring-instance/1 JSON file")
    parser.add_argument("plan", type=Path, metavar="PLAN", help="kring-plan/1 JSON file")
    parser.set_defaults(handler=_check)


def _add_plan(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="make a plan for an instance",
        description="Plan INSTANCE and write the plan to -o PLAN.",
    )
    parser.add_argument("instance", type=Path, metavar="INSTANCE", help="kring-instance/1 JSON file")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="PLAN", help="where to write the plan"
    )
    parser.add_argument(
        "--method", choices=("cpsat", "greedy"), default="cpsat", help="planner (default cpsat)"
    )
    parser.add_argument(
        "--time-limit", type=_positive_float, default=60.0, metavar="S", help="seconds for cpsat (default 60)"
    )
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="random seed for cpsat (default 0)")
    parser.add_argument(
        "--workers",
        type=int,
        choices=(1, 2, 4, 8),
        default=1,
        help="CP-SAT threads (default 1: the same seed gives the same plan; with more, a plan "
        "repeats only when it is proven optimal)",
    )
    parser.set_defaults(handler=_plan)


def _add_backup(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "backup",
        help="back up the database",
        description="Back up the configured database (DATABASE_URL) to FILE: SQLite's online backup "
        "or pg_dump's custom format, with the access log's newest hash in FILE.json.",
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.set_defaults(handler=_file_command("backup"))


def _add_restore(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "restore",
        help="restore a backup into an empty database",
        description="Restore FILE into the configured database, which must be empty, then verify the "
        "access log's hash chain and the newest hash recorded in FILE.json.",
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.set_defaults(handler=_file_command("restore"))


def _file_command(name: str) -> Callable[[argparse.Namespace], int]:
    """A handler running `manage.py NAME FILE` (kring.ops) with the installation's settings."""

    def handler(args: argparse.Namespace) -> int:
        import os

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kring.settings")
        import django
        from django.core.management import CommandError, call_command

        django.setup()
        try:
            call_command(name, str(args.file))
        except CommandError as exc:
            _err(str(exc))
            return EXIT_BAD_INPUT
        return EXIT_OK

    return handler


def _add_import(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import clients or people from a CSV or Excel file",
        description="Check every row of FILE and import all of them, or none when a row has an error.",
    )
    parser.add_argument("what", choices=("clients", "people"), help="what the file holds")
    parser.add_argument("file", type=Path, metavar="FILE", help="CSV or Excel (.xlsx) file")
    parser.add_argument("--organisation", required=True, metavar="X", help="the organisation's short name")
    parser.add_argument("--dry-run", action="store_true", help="check every row, save nothing")
    parser.set_defaults(handler=_import)


def _add_export(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help="export an organisation as FHIR R4 NDJSON",
        description="Write one NDJSON file per FHIR resource type into DIR.",
    )
    parser.add_argument("format", choices=("fhir",), help="export format")
    parser.add_argument("--organisation", required=True, metavar="X", help="the organisation's short name")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="DIR", help="directory to write to"
    )
    parser.set_defaults(handler=_export)


_SUBCOMMANDS: tuple[Callable[[Any], None], ...] = (
    _add_plan,
    _add_check,
    _add_import,
    _add_export,
    _add_backup,
    _add_restore,
)


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kring", description="Kring: plan and run CenteringZorg groups.")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in _SUBCOMMANDS:
        add(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `kring` command; returns the exit code (also used by the console script)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    if getattr(args, "handler", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    code: int = args.handler(args)
    return code


# ---------------------------------------------------------------- helpers


def _err(message: str) -> None:
    print(f"kring: {message}", file=sys.stderr)


def _load_instance(path: Path) -> Any:
    """The instance, or None after printing every problem (field and id) to stderr."""
    from kring.planning.model import load_instance
    from kring.planning.reader import FormatError

    try:
        return load_instance(path)
    except FormatError as exc:
        _report_format_error("instance", path, exc.problems)
        return None


def _report_format_error(kind: str, path: Path, problems: list[str]) -> None:
    _err(f"{path} is not a valid {kind} ({len(problems)} problem{'s' if len(problems) != 1 else ''}):")
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)


# ---------------------------------------------------------------- check


def _check(args: argparse.Namespace) -> int:
    from kring.planning.model import load_plan
    from kring.planning.reader import FormatError
    from kring.planning.rules import check

    instance = _load_instance(args.instance)
    if instance is None:
        return EXIT_BAD_INPUT
    try:
        plan = load_plan(args.plan)
    except FormatError as exc:
        _report_format_error("plan", args.plan, exc.problems)
        return EXIT_BAD_INPUT
    report = check(instance, plan)
    print_report(report, plan, sys.stdout)
    return EXIT_OK if report.valid and report.claims_ok() else EXIT_INVALID


def print_report(report: Any, plan: Any, out: TextIO) -> None:
    """Every broken rule, then the penalty with its breakdown against the plan's claims."""
    from kring.planning.model import PENALTY_TERMS

    groups, unplaced = len(plan.groups), len(plan.unplaced)
    if report.valid:
        print(f"valid plan: {groups} groups, {unplaced} unplaced clients, status {plan.status}", file=out)
    else:
        count = len(report.violations)
        print(f"INVALID plan: {count} broken rule{'s' if count != 1 else ''}, status {plan.status}", file=out)
        if plan.status == "infeasible":
            print("  no valid plan was found; the planner says why:", file=out)
            for problem in plan.problems:
                print(f"    {problem}", file=out)
        for violation in report.violations:
            print(f"  {violation}", file=out)
    width = max(len(term) for term in PENALTY_TERMS)
    claims = "claims right" if report.claims_ok() else "CLAIMS WRONG"
    print(f"penalty {report.penalty} (plan claims {plan.penalty}; {claims})", file=out)
    for term in PENALTY_TERMS:
        computed = report.breakdown[term]
        claimed = plan.penalty_breakdown.get(term)
        mark = "" if claimed == computed else f"   claimed {claimed}"
        print(f"  {term:<{width}} {computed:>9}{mark}", file=out)
    for error in report.claim_errors():
        print(f"  wrong claim: {error}", file=out)
    if plan.lower_bound is not None:
        print(f"lower bound {plan.lower_bound:g}", file=out)


# ---------------------------------------------------------------- plan


def _solver(method: str, args: argparse.Namespace) -> Callable[[Any], Any] | None:
    """The chosen planner as `instance -> Plan`, or None after saying why it is missing."""
    module_name = "kring.planning.greedy" if method == "greedy" else "kring.planning.cpsat"
    try:
        if method == "greedy":
            from kring.planning.greedy import solve_greedy

            return solve_greedy
        from kring.planning.cpsat import solve  # type: ignore[attr-defined,unused-ignore]
    except ImportError as exc:
        _err(f"the {method} planner is not available in this build ({module_name}: {exc})")
        return None

    def run(instance: Any) -> Any:
        return solve(
            instance,
            time_limit_s=args.time_limit,
            seed=args.seed,
            workers=args.workers,
            progress=_print_progress,
        )

    return run


def _print_progress(event: dict[str, Any]) -> None:
    """One concise line per solver event, e.g. `  12.3s  penalty=4460  bound=4400`."""
    if event.get("phase") == "bound_note":  # how far the plan is from the bound, in a sentence
        from kring.planning.bound.explain import BoundNote, sentence

        print(sentence(BoundNote(str(event["code"]), dict(event.get("note", {})))), flush=True)
        return
    parts = []
    for key, value in event.items():
        if isinstance(value, float):
            value = f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
        parts.append(f"{key}={value}")
    print("  " + "  ".join(parts), flush=True)


def _plan(args: argparse.Namespace) -> int:
    from kring.planning.model import plan_to_json, write_json
    from kring.planning.rules import check

    instance = _load_instance(args.instance)
    if instance is None:
        return EXIT_BAD_INPUT
    solve = _solver(args.method, args)
    if solve is None:
        return EXIT_UNAVAILABLE
    print(
        f"planning {instance.name} with {args.method}"
        + (f" (time limit {args.time_limit:g} s, seed {args.seed})" if args.method == "cpsat" else ""),
        flush=True,
    )
    started = time.monotonic()
    plan = solve(instance)
    elapsed = time.monotonic() - started
    try:
        write_json(plan_to_json(plan), args.output)
    except OSError as exc:
        _err(f"cannot write {args.output}: {exc}")
        return EXIT_BAD_INPUT
    report = check(instance, plan)
    placed = sum(len(g.members) for g in plan.groups)
    print(
        f"wrote {args.output}: status {plan.status}, penalty {plan.penalty}, {len(plan.groups)} groups, "
        f"{placed} clients placed, {len(plan.unplaced)} unplaced, {elapsed:.1f} s"
    )
    if not report.valid or not report.claims_ok():
        print_report(report, plan, sys.stdout)
        return EXIT_INVALID
    return EXIT_OK


# ---------------------------------------------------------------- import, export (Django)


def _django_command(name: str, *args: str) -> int:
    """Run a Django management command of Kring; its CommandError is bad input."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kring.settings")
    import django
    from django.core.management import call_command
    from django.core.management.base import CommandError

    django.setup()
    try:
        call_command(name, *args)
    except CommandError as error:
        _err(str(error))
        return EXIT_BAD_INPUT
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    extra = ["--dry-run"] if args.dry_run else []
    return _django_command(
        "import_clients", str(args.file), "--organisation", args.organisation, "--kind", args.what, *extra
    )


def _export(args: argparse.Namespace) -> int:
    return _django_command("export_fhir", "--organisation", args.organisation, "-o", str(args.output))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
