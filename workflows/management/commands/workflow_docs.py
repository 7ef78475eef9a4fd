"""``manage.py workflow_docs``: regenerate docs/workflow.md (``--check`` to verify only)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from workflows.docs import render_workflow_markdown


class Command(BaseCommand):
    help = "Write docs/workflow.md from the declared transitions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Fail if the file is stale.")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(settings.BASE_DIR) / "docs" / "workflow.md"
        content = render_workflow_markdown()
        if options["check"]:
            if not target.exists() or target.read_text(encoding="utf-8") != content:
                raise CommandError("docs/workflow.md is stale: run manage.py workflow_docs")
            self.stdout.write("docs/workflow.md is current")
            return
        target.write_text(content, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"wrote {target.relative_to(settings.BASE_DIR)}"))
