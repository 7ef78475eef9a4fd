"""Change requests of cases that are already finished (referred, rejected, withdrawn,
closed) were left open, so the status page still asked the association to answer them.
Transitions into a finished state now resolve them; this resolves the ones left before."""

from django.db import migrations

FINISHED = ("closed", "referred", "rejected", "withdrawn")


def resolve(apps, schema_editor):
    ChangeRequest = apps.get_model("cases", "ChangeRequest")
    ChangeRequest.objects.filter(resolved=False, case__state__in=FINISHED).update(resolved=True)


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_overlap_assessment")]

    operations = [migrations.RunPython(resolve, migrations.RunPython.noop)]
