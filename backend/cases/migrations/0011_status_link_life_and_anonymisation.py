"""Status links get a life (issued, last used), cases an ``anonymised_at``, and the audit trail
a single, narrow way to anonymise a finished case's events (issue #17, docs/data-protection.md).

``cases_caseevent_anonymise(case_id)`` is SECURITY DEFINER, owned by the owner role (who runs
migrations). It replaces every comment and every free-text string in the payloads of one
*finished* case's events by a fixed placeholder, recomputes the case's hash chain and returns
the chain's head before (the caller records it in the anonymisation event). It takes no text
from its caller, so it can only remove information, never write any.

The append-only trigger lets an UPDATE through only when all of these hold: it runs inside
that function (the PL/pgSQL call stack names it), the transaction-local flag
``foerderlotse.audit_anonymise`` names the event's case, ``current_user`` is the table's owner
(inside the SECURITY DEFINER function it is; the runtime role, even setting the flag itself or
calling a look-alike function of its own, is not, and it has no UPDATE privilege either), and
nothing but comment, payload and the hashes changes. Ordinary SQL, also the owner's, is refused.
"""

from django.db import migrations, models

#: Strings in payloads that stay: identifiers, enumeration values, numbers, dates, hashes.
ANONYMISED_JSON = r"""
CREATE FUNCTION cases_anonymised_json(value jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    CASE jsonb_typeof(value)
    WHEN 'object' THEN
        RETURN COALESCE(
            (SELECT jsonb_object_agg(key, cases_anonymised_json(item)) FROM jsonb_each(value) AS e(key, item)),
            '{}'::jsonb);
    WHEN 'array' THEN
        RETURN COALESCE(
            (SELECT jsonb_agg(cases_anonymised_json(item) ORDER BY position)
             FROM jsonb_array_elements(value) WITH ORDINALITY AS a(item, position)),
            '[]'::jsonb);
    WHEN 'string' THEN
        IF (value #>> '{}') ~ '^[a-z0-9_.:+-]*$'
           OR (value #>> '{}') ~ '^\d{4}-\d{2}-\d{2}T[0-9:.+-]+Z?$' THEN
            RETURN value;
        END IF;
        RETURN to_jsonb('[anonymisiert]'::text);
    ELSE
        RETURN value;
    END CASE;
END;
$$;
"""

APPEND_ONLY = r"""
CREATE OR REPLACE FUNCTION cases_caseevent_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    stack text;
BEGIN
    GET DIAGNOSTICS stack = PG_CONTEXT;
    IF TG_OP = 'UPDATE'
       AND stack LIKE '%function cases_caseevent_anonymise(bigint) line %'
       AND current_setting('foerderlotse.audit_anonymise', true) = OLD.case_id::text
       AND current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID)
       AND (NEW.id, NEW.case_id, NEW.kind, NEW.actor_kind, NEW.actor_id, NEW.actor_label,
            NEW.transition, NEW.from_state, NEW.to_state, NEW.created_at)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.case_id, OLD.kind, OLD.actor_kind, OLD.actor_id, OLD.actor_label,
            OLD.transition, OLD.from_state, OLD.to_state, OLD.created_at)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'cases_caseevent is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""

ANONYMISE = r"""
CREATE FUNCTION cases_caseevent_anonymise(p_case bigint) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    ev cases_caseevent;
    previous text := '';
    head_before text;
    case_state text;
BEGIN
    SELECT state INTO case_state FROM cases_case WHERE id = p_case FOR UPDATE;
    IF case_state IS NULL OR case_state NOT IN ('closed', 'rejected', 'withdrawn', 'referred') THEN
        RAISE EXCEPTION 'cases_caseevent_anonymise: case % is not finished', p_case
            USING ERRCODE = 'check_violation';
    END IF;
    PERFORM pg_advisory_xact_lock(1096107092, (p_case % 2147483647)::integer);
    SELECT hash INTO head_before FROM cases_caseevent
        WHERE case_id = p_case ORDER BY id DESC LIMIT 1;
    PERFORM set_config('foerderlotse.audit_anonymise', p_case::text, true);
    FOR ev IN SELECT * FROM cases_caseevent WHERE case_id = p_case ORDER BY id LOOP
        IF ev.comment <> '' THEN
            ev.comment := '[anonymisiert]';
        END IF;
        ev.payload := cases_anonymised_json(ev.payload);
        ev.prev_hash := previous;
        ev.hash := cases_caseevent_digest(ev);
        UPDATE cases_caseevent
            SET comment = ev.comment, payload = ev.payload, prev_hash = ev.prev_hash, hash = ev.hash
            WHERE id = ev.id;
        previous := ev.hash;
    END LOOP;
    PERFORM set_config('foerderlotse.audit_anonymise', '', true);
    RETURN COALESCE(head_before, '');
END;
$$;
"""

BACKWARD = r"""
DROP FUNCTION IF EXISTS cases_caseevent_anonymise(bigint);
DROP FUNCTION IF EXISTS cases_anonymised_json(jsonb);
CREATE OR REPLACE FUNCTION cases_caseevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'cases_caseevent is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0010_caseevent_hash_chain'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='anonymised_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='anonymised at'),
        ),
        migrations.AddField(
            model_name='case',
            name='status_link_issued_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='case',
            name='status_link_used_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunSQL(ANONYMISED_JSON + APPEND_ONLY + ANONYMISE, BACKWARD),
    ]
