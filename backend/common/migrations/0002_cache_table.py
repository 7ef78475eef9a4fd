"""The table of the default cache (``backend.common.cache.PostgresCache``): rate limits shared
by every process. Django makes such tables with ``createcachetable``; a migration does it here
so that ``migrate`` (run as the owner role) is the only set-up step."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("common", "0001_extensions")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
