"""A programme budget with commitments can be neither deleted nor moved to another year
(whoever connects: ORM, admin, raw SQL): deleting it, or changing its year, and adding a new row
for the year would reset what approvals have committed."""

from django.db import migrations

FORWARD = """
CREATE FUNCTION programs_budget_keeps_commitments() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.committed > 0 THEN
        RAISE EXCEPTION 'programs_programbudget %: % committed, cannot be deleted',
            OLD.year, OLD.committed USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.committed > 0 AND NEW.year <> OLD.year THEN
        RAISE EXCEPTION 'programs_programbudget %: % committed, its year cannot change',
            OLD.year, OLD.committed USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER programs_budget_keeps_commitments
    BEFORE DELETE OR UPDATE OF year ON programs_programbudget
    FOR EACH ROW EXECUTE FUNCTION programs_budget_keeps_commitments();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS programs_budget_keeps_commitments ON programs_programbudget;
DROP FUNCTION IF EXISTS programs_budget_keeps_commitments();
"""


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
