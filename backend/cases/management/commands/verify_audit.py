"""``manage.py verify_audit``: recompute the audit trail's hash chains; exit 1 if one is broken."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.cases.audit_chain import audit_chain_verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chains (tampering shows as a broken link)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--case", type=int, action="append", dest="cases", help="only this case id (repeatable)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify(case_ids=options["cases"])
        for link in report.broken:
            self.stderr.write(f"case {link.case_id}, event {link.event_id}: {link.reason}")
        summary = f"{report.events} events in {report.cases} case chains; seal {report.seal}"
        if not report.intact:
            raise CommandError(f"audit trail BROKEN: {len(report.broken)} bad links; {summary}")
        self.stdout.write(f"audit trail intact: {summary}")
