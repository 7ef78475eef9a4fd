"""Stored trigram codes of offering titles, for an exact and cheap ``similarity`` in the
overlap check (docs/overlap.md, "How candidates are found").

``trigram_codes(text)`` turns ``show_trgm``'s trigrams into integers: a trigram pg_trgm keeps
as three printable ASCII bytes is shown as those characters, any other as ``0x`` and the same
three bytes in hex; both become the 24-bit number of the three bytes, so two trigrams get the
same code exactly when pg_trgm counts them as equal. Then, with ``c`` common codes and ``a``,
``b`` codes per title, ``c::real / (a + b - c)::real`` is pg_trgm's own formula for
``similarity``. intarray (``&``, ``icount``) counts the common codes; it lives in its own
schema, so its operators do not replace the built-in ``&&``/``@>`` of every integer array.
"""

import django.contrib.postgres.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('common', '0001_extensions'),
        ('offerings', '0003_local_candidates_index'),
    ]

    operations = [
        migrations.RunSQL(
            sql=r"""
                CREATE SCHEMA IF NOT EXISTS intarray;
                CREATE EXTENSION IF NOT EXISTS intarray SCHEMA intarray;
                CREATE FUNCTION trigram_codes(text) RETURNS integer[]
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                SET search_path FROM CURRENT AS $$
                    SELECT coalesce(array_agg(CASE WHEN length(t) = 8
                        THEN ('x' || substr(t, 3))::bit(24)::integer
                        ELSE (ascii(substr(t, 1, 1)) << 16) | (ascii(substr(t, 2, 1)) << 8)
                            | ascii(substr(t, 3, 1))
                    END), '{}') FROM unnest(show_trgm($1)) AS t
                $$;
            """,
            reverse_sql="""
                DROP FUNCTION IF EXISTS trigram_codes(text);
                DROP EXTENSION IF EXISTS intarray;
                DROP SCHEMA IF EXISTS intarray;
            """,
        ),
        migrations.AddField(
            model_name='offering',
            name='title_trigrams',
            field=models.GeneratedField(db_persist=True, expression=models.Func('title', function='trigram_codes', output_field=django.contrib.postgres.fields.ArrayField(base_field=models.IntegerField(), size=None)), output_field=django.contrib.postgres.fields.ArrayField(base_field=models.IntegerField(), size=None)),
        ),
    ]
