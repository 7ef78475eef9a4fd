"""Data for ``make bench-scale``: a Land-wide installation, seeded set-based on the server.

Essen's real areas (and one real case made through ``case_create``, whose status token the
bench uses), then ``cities`` synthetic cities of 6 districts with 5 quarters each, and cases
and offerings spread evenly over all quarters. Every row is written by ``INSERT … SELECT``
over ``generate_series`` inside PostgreSQL (no per-row round trip; as fast as COPY, without
shipping the data through the client). Each case gets its "created" event (through the audit
chain's trigger, so the hashes are real), every third a financing plan, every fifteenth an
approval. Titles and texts draw on a small German vocabulary so that text search and the
overlap check meet realistic word frequencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WORDS = [
    "Sprachcafé",
    "Nachbarschaft",
    "Garten",
    "Fußball",
    "Eltern",
    "Kinder",
    "Jugend",
    "Senioren",
    "Frauen",
    "Nähwerkstatt",
    "Musik",
    "Theater",
    "Beratung",
    "Hausaufgaben",
    "Begegnung",
    "Kochen",
    "Radfahren",
    "Computer",
    "Lesen",
    "Schwimmen",
    "Tanz",
    "Kunst",
    "Chor",
    "Werkstatt",
    "Reparatur",
    "Spielplatz",
    "Kita",
    "Schule",
    "Bibliothek",
    "Treffpunkt",
    "Frühstück",
    "Patenschaft",
    "Mentoring",
    "Bewerbung",
    "Ausbildung",
    "Gesundheit",
    "Bewegung",
    "Natur",
    "Umwelt",
    "Kultur",
    "Sport",
    "Familie",
    "Migration",
    "Integration",
    "Quartier",
    "Stadtteil",
    "Verein",
    "Ehrenamt",
    "Festival",
]
DISTRICTS_PER_CITY = 6
QUARTERS_PER_DISTRICT = 5


@dataclass(frozen=True)
class World:
    """What the bench needs to address its requests."""

    central_id: int
    coordinator_id: int
    essen_district_id: int
    program_id: int
    token: str  # the real case's status token
    reference: str  # the real case's reference


def setup_world(cities: int) -> World:
    from decimal import Decimal

    from django.db import connection

    from backend.accounts.models import User
    from backend.areas.models import Area, City, CoordinatorAssignment
    from backend.areas.services import areas_load_reference
    from backend.cases.services import case_create
    from backend.programs.models import FundingProgram

    areas_load_reference(city_slug="essen")
    essen = City.objects.get(slug="essen")
    # Users belong to a city (issue #24): Essen's central office sees Essen's cases, among
    # the installation's; its list must not cost what the whole installation would.
    central = User.objects.create(username="bench-zentrale", is_central_office=True, city=essen)
    coordinator = User.objects.create(username="bench-bezirk-iv", city=essen)
    district = Area.objects.get(city=essen, kind="district", code="IV")
    CoordinatorAssignment.objects.create(user=coordinator, district=district)
    program = FundingProgram.objects.create(
        city=essen, name="Integrationsbudget", funder="Stadt", max_amount_per_case=Decimal("5000")
    )
    created = case_create(
        idea={
            "title": "Sprachcafé für Eltern",
            "challenge": "Eltern finden schwer Anschluss an die Kita.",
            "affected": "Eltern",
            "intended_result": "Sie sprechen sicherer Deutsch.",
            "quarter": Area.objects.filter(parent=district).order_by("pk").first(),
            "target_groups": ["familien"],
            "topics": ["sprache", "begegnung"],
        },
        association={"name": "Kulturbrücke e.V.", "postal_code": "45355", "legal_form": "ev"},
        contact={"name": "Ayşe Demir", "email": "ayse@example.org"},
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO areas_city (created_at, updated_at, name, slug, one_level,
                                    reference_prefix, brand_colour, logo_path, sender_email,
                                    central_queue_id)
            SELECT now(), now(), 'Stadt ' || c, 'stadt-' || c, false, 'S' || c, '', '', '', %s
              FROM generate_series(1, %s) c
            """,
            [central.pk, cities],
        )
        cursor.execute(
            """
            INSERT INTO areas_area (created_at, updated_at, city_id, kind, code, name, parent_id)
            SELECT now(), now(), city.id, 'district', 'B' || d, 'Bezirk ' || d, NULL
              FROM areas_city city, generate_series(1, %s) d
             WHERE city.slug LIKE 'stadt-%%'
            """,
            [DISTRICTS_PER_CITY],
        )
        cursor.execute(
            """
            INSERT INTO areas_area (created_at, updated_at, city_id, kind, code, name, parent_id)
            SELECT now(), now(), d.city_id, 'quarter', '', d.name || ' Teil ' || q, d.id
              FROM areas_area d, generate_series(1, %s) q
             WHERE d.kind = 'district' AND d.code LIKE 'B%%'
            """,
            [QUARTERS_PER_DISTRICT],
        )
    return World(
        central_id=central.pk,
        coordinator_id=coordinator.pk,
        essen_district_id=district.pk,
        program_id=program.pk,
        token=created.token,
        reference=created.case.reference,
    )


_TEXT = """(SELECT string_agg(w[1 + ((n::bigint * k * 7919) %% array_length(w, 1))], ' ')
              FROM generate_series(1, {words}) k)"""


def seed_cases(upto: int, world: World) -> None:
    """Cases up to ``upto`` in all, spread over every quarter of the installation."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")  # seeding is no request
        cursor.execute("SELECT count(*), coalesce(max(id), 0) FROM cases_case")
        have, _max_id = cursor.fetchone()
        if have >= upto:
            return
        _seed_associations(cursor, max(50, upto // 10))
        cursor.execute(
            f"""
            WITH template AS (SELECT * FROM cases_case WHERE reference = %s),
                 quarters AS (SELECT array_agg(id ORDER BY id) AS q,
                                     array_agg(city_id ORDER BY id) AS c FROM areas_area
                               WHERE kind = 'quarter'),
                 words AS (SELECT %s::text[] AS w),
                 people AS (SELECT array_agg(association_id ORDER BY id) AS a,
                                   array_agg(id ORDER BY id) AS p
                              FROM associations_contactperson)
            INSERT INTO cases_case (created_at, updated_at, reference, state, version, title,
                challenge, affected, intended_result, first_ideas, next_steps, responsible,
                participants, quarter_id, target_groups, topics, estimated_cost, association_id,
                contact_id, assigned_to_id, tracking_token_hash, overlap_statement,
                overlap_snapshot, program_id, referral_kind, referral_reason, withdrawal_reason,
                deadline_exception, submitted_at, city_id)
            SELECT now() - interval '3 years' + n * interval '90 seconds', now(), 'S-' || n,
                (ARRAY['idea','advice','application','decision','closed','referred'])
                    [1 + n %% 6], 1,
                {_TEXT.format(words=3)} || ' ' || n,
                {_TEXT.format(words=12)}, t.affected, {_TEXT.format(words=6)}, '', '', '', '',
                quarters.q[1 + (n * 31) %% array_length(quarters.q, 1)],
                t.target_groups, t.topics, 1000 + n %% 5000,
                people.a[1 + (n * 7) %% array_length(people.a, 1)],
                people.p[1 + (n * 7) %% array_length(people.p, 1)],
                t.assigned_to_id, md5('scale' || n), '', '{{}}'::jsonb,
                CASE WHEN n %% 3 = 0 THEN %s END, '', '', '', '',
                CASE WHEN n %% 3 = 0 THEN now() END,
                quarters.c[1 + (n * 31) %% array_length(quarters.q, 1)]
              FROM generate_series(%s, %s) n, template t, quarters, words, people
            """,
            [world.reference, list(WORDS), world.program_id, have + 1, upto],
        )
        _seed_events(cursor)
        cursor.execute(
            """
            INSERT INTO cases_financingplan (created_at, updated_at, case_id, program_id,
                financing_type, own_share, third_party, requested_amount, funding_start)
            SELECT now(), now(), c.id, c.program_id, 'fehlbedarf', 100, 0, 2500, current_date
              FROM cases_case c
             WHERE c.program_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM cases_financingplan f WHERE f.case_id = c.id)
            """
        )
        cursor.execute(
            """
            INSERT INTO cases_decision (created_at, updated_at, case_id, outcome, amount,
                budget_year, funding_start, conditions, reasons, deciding_body, decided_on,
                financing_type)
            SELECT now(), now(), c.id, 'approved', 2400, extract(year FROM current_date),
                current_date, '', '', 'ASAGI', current_date, 'fehlbedarf'
              FROM cases_case c
             WHERE c.program_id IS NOT NULL AND c.id % 5 = 0 AND c.state = 'decision'
               AND NOT EXISTS (SELECT 1 FROM cases_decision d WHERE d.case_id = c.id)
            """
        )
        cursor.execute("ANALYZE")


def _seed_events(cursor: Any) -> None:
    """Each new case's "created" event, through the audit chain's trigger (real hashes). The
    trigger takes an advisory lock per case until the transaction ends: a statement per
    5,000 cases keeps the lock table small."""
    cursor.execute(
        "SELECT coalesce(max(case_id), 0), (SELECT max(id) FROM cases_case) FROM cases_caseevent"
    )
    done, last = cursor.fetchone()
    for start in range(done + 1, (last or 0) + 1, 5000):
        cursor.execute(
            """
            INSERT INTO cases_caseevent (case_id, kind, actor_kind, actor_id, actor_label,
                transition, from_state, to_state, comment, payload, created_at)
            SELECT c.id, 'created', 'applicant', NULL, 'Antragsteller*in', '', '', 'idea', '',
                '{}'::jsonb, c.created_at
              FROM cases_case c
             WHERE c.id BETWEEN %s AND %s
               AND NOT EXISTS (SELECT 1 FROM cases_caseevent e WHERE e.case_id = c.id)
             ORDER BY c.id
            """,
            [start, start + 4999],
        )


def _seed_associations(cursor: Any, upto: int) -> None:
    """Associations (each with one contact person) up to ``upto`` in all."""
    cursor.execute("SELECT count(*) FROM associations_association")
    (have,) = cursor.fetchone()
    cursor.execute(
        """
        INSERT INTO associations_association (created_at, updated_at, name, name_key,
            legal_form, register_number, street, postal_code, town, languages)
        SELECT now(), now(), 'Verein ' || n, 'verein ' || n, 'ev', '', 'Straße ' || n,
            lpad((10000 + n %% 89999)::text, 5, '0'), 'Stadt', '{}'
          FROM generate_series(%s, %s) n
        """,
        [have + 1, upto],
    )
    cursor.execute(
        """
        INSERT INTO associations_contactperson (created_at, updated_at, association_id, email,
            phone, preferred_language, name)
        SELECT now(), now(), a.id, 'kontakt' || a.id || '@example.org', '', 'de', 'Kontakt'
          FROM associations_association a
         WHERE NOT EXISTS (SELECT 1 FROM associations_contactperson c
                            WHERE c.association_id = a.id)
        """
    )


def seed_offerings(upto: int) -> None:
    """Offerings up to ``upto`` in all, spread over every quarter (each city its own)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        cursor.execute("SELECT count(*) FROM offerings_offering")
        (have,) = cursor.fetchone()
        if have >= upto:
            return
        cursor.execute(
            f"""
            WITH quarters AS (SELECT array_agg(id ORDER BY id) AS q FROM areas_area
                               WHERE kind = 'quarter'),
                 words AS (SELECT %s::text[] AS w)
            INSERT INTO offerings_offering (created_at, updated_at, city_id, title, description,
                provider, citywide, target_groups, topics, schedule, address, contact,
                valid_from, valid_to, active, source, external_id, quarter_id, languages,
                inferred_bits, activity_bits)
            SELECT now(), now(), a.city_id, {_TEXT.format(words=3)},
                {_TEXT.format(words=15)}, 'Träger ' || (n %% 500), false,
                ARRAY['familien']::varchar[], ARRAY['sprache', 'begegnung']::varchar[],
                '', '', '', NULL, NULL, true, 'bench', 'o-' || n, a.id, '{{}}',
                -- random words name no activity: nothing inferred (backend/offerings/inference)
                0, 0
              FROM generate_series(%s, %s) n, quarters, words,
                   LATERAL (SELECT id, city_id FROM areas_area
                             WHERE id = quarters.q[1 + (n * 17) %% array_length(quarters.q, 1)]) a
            """,
            [list(WORDS), have + 1, upto],
        )
        cursor.execute("ANALYZE offerings_offering")
