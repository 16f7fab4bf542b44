import sys

from django.core.management.base import BaseCommand

from musharaka.core.audit import chain_verify
from musharaka.core.models import AuditEvent


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exit 1 if any event was edited or deleted."

    def handle(self, *args, **options):
        problems = list(chain_verify())
        for problem in problems:
            self.stderr.write(f"chain {problem.chain}, event {problem.seq}: {problem.problem}")
        if problems:
            self.stderr.write(self.style.ERROR(f"{len(problems)} problem(s) in the audit trail."))
            sys.exit(1)
        count = AuditEvent.objects.count()
        chains = AuditEvent.objects.values("chain").distinct().count()
        self.stdout.write(
            self.style.SUCCESS(f"Audit trail intact: {count} events in {chains} chains verified.")
        )
