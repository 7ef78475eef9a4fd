"""One stored integer array per offering with everything the overlap check's text part needs,
so it scores without ``ts_rank``, with one intarray intersection, and without reading a row
twice (docs/overlap.md, "Text part").

- ``lexeme_codes(tsvector, max_codes)``: every word (lexeme) of a weighted vector as integer codes,
  ``hashtext(lexeme)`` with bit 24 set and its three low bits replaced by 0, 1, …: five codes
  for a word in the title (weight A), two in the description (B), one for the provider (C)
  or an unweighted word (D). ``probe_lexeme_codes(text[])`` gives an idea's words all five,
  so the codes both share count 5 per shared title word, 2 per description word and 1 per
  provider word: the weights ``ts_rank`` gives a word that occurs once (1.0, 0.4, 0.2). At
  most ``max_codes`` codes are kept (NULL: all), title words first, then by first position.
- ``overlap_codes(title, vector)``: the title's trigram codes (``trigram_codes``, migration
  0004; all below 2^24) and the vector's word codes (all from 2^24 on, at most 400: a
  description with some 190 different words or more loses its last ones, so an index entry
  stays below btree's limit of 2,704 bytes), sorted;
  ``overlap_probe_codes(title, words)`` the same for an idea. In the intersection, the codes
  below 2^24 are the shared trigrams (pg_trgm's ``similarity``, exactly), the others the
  shared word weights.

The stored ``title_trigrams`` (0004) are part of ``overlap_codes`` now and are dropped.
``vocabulary_bits``: topics and target groups as bits of one integer
(``backend.common.vocabularies.vocabulary_bit``), so shared slugs are counted with integer
operations. The covering index of the place branch holds the codes and the bits instead of
the two arrays, so those offerings are found and scored from the index alone.
"""

import django.contrib.postgres.fields
import django.db.models.expressions
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('areas', '0001_initial'),
        ('offerings', '0005_constraint_messages'),
    ]

    operations = [
        migrations.RunSQL(
            sql=r"""
                CREATE FUNCTION lexeme_codes(tsvector, integer) RETURNS integer[]
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                SET search_path FROM CURRENT AS $$
                    SELECT coalesce(intarray.sort(array_agg(code)), '{}') FROM (
                        SELECT (hashtext(w.lexeme) & 2147483640) | 16777216 | k AS code
                        FROM (
                            SELECT lexeme, positions[1] AS first,
                                CASE WHEN 'A' = ANY(weights) THEN 5
                                     WHEN 'B' = ANY(weights) THEN 2 ELSE 1 END AS units
                            FROM unnest($1)
                        ) AS w CROSS JOIN LATERAL generate_series(0, w.units - 1) AS k
                        ORDER BY w.units DESC, w.first, w.lexeme, k
                        LIMIT $2
                    ) AS codes
                $$;
                CREATE FUNCTION probe_lexeme_codes(text[]) RETURNS integer[]
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                SET search_path FROM CURRENT AS $$
                    SELECT coalesce(intarray.sort(array_agg(
                        (hashtext(lexeme) & 2147483640) | 16777216 | k)), '{}')
                    FROM unnest($1) AS lexeme CROSS JOIN generate_series(0, 4) AS k
                $$;
                CREATE FUNCTION overlap_codes(text, tsvector) RETURNS integer[]
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                SET search_path FROM CURRENT AS $$
                    SELECT intarray.sort(trigram_codes($1) || lexeme_codes($2, 400))
                $$;
                CREATE FUNCTION overlap_probe_codes(text, text[]) RETURNS integer[]
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                SET search_path FROM CURRENT AS $$
                    SELECT intarray.sort(trigram_codes($1) || probe_lexeme_codes($2))
                $$;
            """,
            reverse_sql="""
                DROP FUNCTION IF EXISTS overlap_probe_codes(text, text[]);
                DROP FUNCTION IF EXISTS overlap_codes(text, tsvector);
                DROP FUNCTION IF EXISTS probe_lexeme_codes(text[]);
                DROP FUNCTION IF EXISTS lexeme_codes(tsvector, integer);
            """,
        ),
        migrations.RemoveIndex(
            model_name='offering',
            name='offering_local_vocabulary',
        ),
        migrations.RemoveField(
            model_name='offering',
            name='title_trigrams',
        ),
        migrations.AddField(
            model_name='offering',
            name='overlap_codes',
            field=models.GeneratedField(db_persist=True, expression=models.Func('title', django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('title', config='german_unaccent', weight='A'), '||', django.contrib.postgres.search.SearchVector('description', config='german_unaccent', weight='B'), django.contrib.postgres.search.SearchConfig('german_unaccent')), '||', django.contrib.postgres.search.SearchVector('provider', config='german_unaccent', weight='C'), django.contrib.postgres.search.SearchConfig('german_unaccent')), function='overlap_codes', output_field=django.contrib.postgres.fields.ArrayField(base_field=models.IntegerField(), size=None)), output_field=django.contrib.postgres.fields.ArrayField(base_field=models.IntegerField(), size=None)),
        ),
        migrations.AddField(
            model_name='offering',
            name='vocabulary_bits',
            field=models.GeneratedField(db_persist=True, expression=django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(models.Case(models.When(models.Q(('topics__contains', ['sprache'])), then=models.Value(1)), default=models.Value(0)), '+', models.Case(models.When(models.Q(('topics__contains', ['bildung'])), then=models.Value(2)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('topics__contains', ['begegnung'])), then=models.Value(4)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('topics__contains', ['sport'])), then=models.Value(8)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('topics__contains', ['kultur'])), then=models.Value(16)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('topics__contains', ['beratung'])), then=models.Value(32)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('topics__contains', ['arbeit'])), then=models.Value(64)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('topics__contains', ['gesundheit'])), then=models.Value(128)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('topics__contains', ['wohnen'])), then=models.Value(256)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('topics__contains', ['ehrenamt'])), then=models.Value(512)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('topics__contains', ['nachbarschaft'])), then=models.Value(1024)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('topics__contains', ['freizeit'])), then=models.Value(2048)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('target_groups__contains', ['kinder'])), then=models.Value(65536)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('target_groups__contains', ['jugendliche'])), then=models.Value(131072)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('target_groups__contains', ['familien'])), then=models.Value(262144)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('target_groups__contains', ['frauen'])), then=models.Value(524288)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('target_groups__contains', ['senioren'])), then=models.Value(1048576)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('target_groups__contains', ['gefluechtete'])), then=models.Value(2097152)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('target_groups__contains', ['neuzugewanderte'])), then=models.Value(4194304)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('target_groups__contains', ['menschen-mit-behinderung'])), then=models.Value(8388608)), default=models.Value(0))), '+', models.Case(models.When(models.Q(('target_groups__contains', ['alle'])), then=models.Value(16777216)), default=models.Value(0))), output_field=models.IntegerField()),
        ),
        migrations.AddIndex(
            model_name='offering',
            index=models.Index(condition=models.Q(('active', True)), fields=['quarter'], include=('id', 'citywide', 'vocabulary_bits', 'valid_from', 'valid_to', 'city', 'overlap_codes'), name='offering_local_vocabulary'),
        ),
    ]
