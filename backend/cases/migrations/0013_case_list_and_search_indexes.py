"""Indexes for a Land-wide installation (issue #25, docs/performance.md).

* ``case_created_id``: the case list's order (newest first, ``created_at DESC, id DESC``), so
  a page is an index range scan and not a sort of every case.
* ``search_text``: reference, title and challenge, lower-cased and without accents, stored,
  with a trigram GIN index: the list's ``q=`` (a substring, "cafe" finds "Café") no longer
  reads every row.
* ``case_report_due``: running projects by report due date (the inbox's deadlines panel read
  every case for them).
* ``association_name_search_trgm``: the association's folded name, for ``q=``.
* ``search_vector``: the words the overlap check reads of an open idea, stored (the same
  expression the check computed for every open idea on every check before) with a GIN index
  for word lookups, as offerings have.

``case_search_text`` and ``case_search_vector`` are IMMUTABLE SQL functions (``unaccent`` with
its dictionary named, ``to_tsvector`` with its configuration named), as a generated column
requires. Adding a stored generated column rewrites the table once: seconds at a city's size,
minutes at a million cases (docs/performance.md, "Migrations at scale").
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

FUNCTIONS = r"""
CREATE FUNCTION case_search_text(reference text, title text, challenge text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path FROM CURRENT AS $$
    SELECT lower(unaccent('unaccent'::regdictionary,
        coalesce($1, '') || ' ' || coalesce($2, '') || ' ' || coalesce($3, '')))
$$;
CREATE FUNCTION case_search_query(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path FROM CURRENT AS $$
    SELECT lower(unaccent('unaccent'::regdictionary, $1))
$$;
CREATE FUNCTION case_search_vector(title text, challenge text, intended_result text,
                                   first_ideas text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path FROM CURRENT AS $$
    SELECT setweight(to_tsvector('german_unaccent'::regconfig, coalesce($1, '')), 'A')
        || setweight(to_tsvector('german_unaccent'::regconfig,
            coalesce($2, '') || ' ' || coalesce($3, '') || ' ' || coalesce($4, '')), 'B')
$$;
"""

# The association's name, folded as the cases' search text, for ``q=`` (the name is matched
# in its own table: ``backend.cases.selectors.case_text_search``).
ASSOCIATION_INDEX = """
CREATE INDEX association_name_search_trgm ON associations_association
    USING gin (case_search_query(name) gin_trgm_ops);
"""

DROP_FUNCTIONS = """
DROP INDEX IF EXISTS association_name_search_trgm;
DROP FUNCTION IF EXISTS case_search_vector(text, text, text, text);
DROP FUNCTION IF EXISTS case_search_query(text);
DROP FUNCTION IF EXISTS case_search_text(text, text, text);
"""


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0012_case_city_tenant_key'),
        ('common', '0001_extensions'),
        ('offerings', '0002_search'),
        ('associations', '0001_initial'),
    ]

    operations = [
        migrations.RunSQL(sql=FUNCTIONS + ASSOCIATION_INDEX, reverse_sql=DROP_FUNCTIONS),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['-created_at', '-id'], name='case_created_id'),
        ),
        migrations.AddField(
            model_name='case',
            name='search_text',
            field=models.GeneratedField(db_persist=True, expression=models.Func('reference', 'title', 'challenge', function='case_search_text', output_field=models.TextField()), output_field=models.TextField()),
        ),
        migrations.AddField(
            model_name='case',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=models.Func('title', 'challenge', 'intended_result', 'first_ideas', function='case_search_vector', output_field=django.contrib.postgres.search.SearchVectorField()), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name='case',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_text'], name='case_search_text_trgm', opclasses=['gin_trgm_ops']),
        ),
        migrations.AddIndex(
            model_name='case',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='case_search_vector'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('state', 'decision')), fields=['report_due_on'], name='case_report_due'),
        ),
    ]
