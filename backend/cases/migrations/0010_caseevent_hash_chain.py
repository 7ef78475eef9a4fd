"""The audit trail becomes tamper-evident and cannot be truncated (issue #18).

* Every event carries ``hash`` = SHA-256 over its content and the hash of the case's previous
  event (``prev_hash``): a chain per case. A BEFORE INSERT trigger computes both under a
  per-case advisory lock and takes the row's id only then, so ids follow the chain. Whoever
  inserts (ORM, admin, raw SQL) cannot choose the hashes. ``manage.py verify_audit``
  recomputes every chain in Python, independently of the database's function.
* An event may not be dated before the case's previous event (no back-dated inserts).
* A BEFORE TRUNCATE trigger refuses TRUNCATE (also ``TRUNCATE cases_case CASCADE``), except in
  a database whose owner set ``foerderlotse.audit_truncate = 'on'`` for it (test databases,
  whose transactional tests are reset by TRUNCATE) and only for the table's owner.

Existing events are chained in id order once, here.
"""

from django.db import migrations

import backend.cases.models.audit

DIGEST_FUNCTION = r"""
CREATE FUNCTION cases_caseevent_digest(ev cases_caseevent) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(concat_ws(E'\x1f',
        ev.id::text, ev.case_id::text, ev.kind, ev.actor_kind, COALESCE(ev.actor_id::text, ''),
        ev.actor_label, ev.transition, ev.from_state, ev.to_state, ev.comment, ev.payload::text,
        to_char(ev.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
        ev.prev_hash
    ), 'UTF8')), 'hex')
$$;
"""

CHAIN_TRIGGER = r"""
CREATE FUNCTION cases_caseevent_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    last_event record;
BEGIN
    -- One writer per case at a time; the lock ends with the transaction (so does the chain's
    -- uncommitted tail). 0x41554454 = 'AUDT'; the feed's locks use another namespace.
    PERFORM pg_advisory_xact_lock(1096107092, (NEW.case_id % 2147483647)::integer);
    SELECT hash, created_at INTO last_event FROM cases_caseevent
        WHERE case_id = NEW.case_id ORDER BY id DESC LIMIT 1;
    IF FOUND AND NEW.created_at < last_event.created_at THEN
        RAISE EXCEPTION 'cases_caseevent: an event cannot be dated before the previous event of its case (% < %)',
            NEW.created_at, last_event.created_at
            USING ERRCODE = 'check_violation';
    END IF;
    NEW.id := nextval(pg_get_serial_sequence('cases_caseevent', 'id'));
    NEW.prev_hash := COALESCE(last_event.hash, '');
    NEW.hash := cases_caseevent_digest(NEW);
    RETURN NEW;
END;
$$;

CREATE TRIGGER cases_caseevent_chain
    BEFORE INSERT ON cases_caseevent
    FOR EACH ROW EXECUTE FUNCTION cases_caseevent_chain();
"""

TRUNCATE_TRIGGER = r"""
CREATE FUNCTION cases_caseevent_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('foerderlotse.audit_truncate', true) = 'on'
       AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE')
    THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'cases_caseevent is append-only: TRUNCATE is not allowed'
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER cases_caseevent_no_truncate
    BEFORE TRUNCATE ON cases_caseevent
    FOR EACH STATEMENT EXECUTE FUNCTION cases_caseevent_no_truncate();
"""

BACKFILL = r"""
ALTER TABLE cases_caseevent DISABLE TRIGGER cases_caseevent_append_only;
DO $$
DECLARE
    ev cases_caseevent;
    previous text := '';
    previous_case bigint := NULL;
BEGIN
    FOR ev IN SELECT * FROM cases_caseevent ORDER BY case_id, id LOOP
        IF previous_case IS DISTINCT FROM ev.case_id THEN
            previous := '';
            previous_case := ev.case_id;
        END IF;
        ev.prev_hash := previous;
        ev.hash := cases_caseevent_digest(ev);
        UPDATE cases_caseevent SET prev_hash = ev.prev_hash, hash = ev.hash WHERE id = ev.id;
        previous := ev.hash;
    END LOOP;
END;
$$;
ALTER TABLE cases_caseevent ENABLE TRIGGER cases_caseevent_append_only;
"""

BACKWARD = """
DROP TRIGGER IF EXISTS cases_caseevent_chain ON cases_caseevent;
DROP FUNCTION IF EXISTS cases_caseevent_chain();
DROP TRIGGER IF EXISTS cases_caseevent_no_truncate ON cases_caseevent;
DROP FUNCTION IF EXISTS cases_caseevent_no_truncate();
DROP FUNCTION IF EXISTS cases_caseevent_digest(cases_caseevent);
"""


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_after_the_decision")]

    operations = [
        migrations.AddField(
            model_name="caseevent",
            name="prev_hash",
            field=backend.cases.models.audit.DatabaseSetField(
                blank=True, default="", editable=False, max_length=64, verbose_name="previous hash"
            ),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="hash",
            field=backend.cases.models.audit.DatabaseSetField(
                blank=True, default="", editable=False, max_length=64, verbose_name="hash"
            ),
        ),
        migrations.RunSQL(DIGEST_FUNCTION, migrations.RunSQL.noop),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.RunSQL(CHAIN_TRIGGER + TRUNCATE_TRIGGER, BACKWARD),
    ]
