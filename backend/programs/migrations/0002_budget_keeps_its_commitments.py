"""A programme budget with commitments cannot be deleted (whoever connects: ORM, admin, raw SQL):
deleting it and adding a new row for the same year would reset what approvals have committed."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION programs_budget_keeps_commitments() RETURNS trigger AS $$
BEGIN
    IF OLD.committed > 0 THEN
        RAISE EXCEPTION 'programs_programbudget %: % committed, cannot be deleted',
            OLD.year, OLD.committed USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER programs_budget_keeps_commitments
    BEFORE DELETE ON programs_programbudget
    FOR EACH ROW EXECUTE FUNCTION programs_budget_keeps_commitments();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS programs_budget_keeps_commitments ON programs_programbudget;
DROP FUNCTION IF EXISTS programs_budget_keeps_commitments();
"""


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
