from django.core.management.base import BaseCommand

from kring.demo.generator import load_demo


class Command(BaseCommand):
    help = (
        "Create the synthetic demo organisations (a midwifery practice and a JGZ organisation) with staff, "
        "clients and running groups. Safe to run again: existing demo organisations are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2027, help="random seed (default 2027)")

    def handle(self, *args, seed: int, **options):
        summary = load_demo(seed=seed)
        for name in summary.created:
            self.stdout.write(self.style.SUCCESS(f"Created {name}"))
        for name in summary.kept:
            self.stdout.write(f"Kept {name} (already there)")
        self.stdout.write("\nDemo logins (synthetic data only):")
        for role, username, password in summary.logins:
            self.stdout.write(f"  {role:<38} {username} / {password}")
