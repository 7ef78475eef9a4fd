"""The case list of a city in list order (docs/performance.md): built concurrently, so a
large installation keeps taking submissions while it is created."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0013_case_list_and_search_indexes"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="case",
            index=models.Index(
                fields=["city", "-created_at", "-id"], name="case_city_created_id"
            ),
        ),
    ]
