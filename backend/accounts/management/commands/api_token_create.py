"""``manage.py api_token_create``: create an API token for another system; prints it once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backend.accounts.models import ApiTokenScope, User
from backend.accounts.services import api_token_create


class Command(BaseCommand):
    help = (
        "Create an API token that acts as USER with the given scope. The token is printed "
        "once on stdout (nothing else is); only its hash is stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="Username the token acts as.")
        parser.add_argument("--name", required=True, help="Which system uses it.")
        parser.add_argument(
            "--scope", choices=list(ApiTokenScope.values), default=ApiTokenScope.READ
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['user']!r}.")
        created = api_token_create(user=user, name=options["name"], scope=options["scope"])
        self.stderr.write(
            f"Token {created.token.prefix}… ({created.token.scope}) for {user.username}; "
            "store it now, it cannot be shown again:"
        )
        self.stdout.write(created.key)
