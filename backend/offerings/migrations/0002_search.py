"""Full-text search for offerings: a German configuration that folds accents, the stored
search vector and the GIN indexes the overlap engine relies on."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('areas', '0001_initial'),
        ('offerings', '0001_initial'),
        ('common', '0001_extensions'),
    ]

    operations = [
        # German stemming after unaccent: "Café"/"Cafe", "Begegnungsstätte"/"Begegnungsstatte".
        # Stop words go first, before unaccent turns "für" into "fur", which the German
        # stop-word list would no longer recognise.
        migrations.RunSQL(
            sql="""
                CREATE TEXT SEARCH DICTIONARY german_stop_only
                    (TEMPLATE = simple, STOPWORDS = german, ACCEPT = false);
                CREATE TEXT SEARCH CONFIGURATION german_unaccent (COPY = german);
                ALTER TEXT SEARCH CONFIGURATION german_unaccent
                    ALTER MAPPING FOR hword, hword_part, word
                    WITH german_stop_only, unaccent, german_stem;
            """,
            reverse_sql="""
                DROP TEXT SEARCH CONFIGURATION IF EXISTS german_unaccent;
                DROP TEXT SEARCH DICTIONARY IF EXISTS german_stop_only;
            """,
        ),
        migrations.AddField(
            model_name='offering',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('title', config='german_unaccent', weight='A'), '||', django.contrib.postgres.search.SearchVector('description', config='german_unaccent', weight='B'), django.contrib.postgres.search.SearchConfig('german_unaccent')), '||', django.contrib.postgres.search.SearchVector('provider', config='german_unaccent', weight='C'), django.contrib.postgres.search.SearchConfig('german_unaccent')), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name='offering',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='offering_search_vector'),
        ),
        migrations.AddIndex(
            model_name='offering',
            index=models.Index(condition=models.Q(('active', True)), fields=['quarter'], include=('topics', 'target_groups', 'valid_from', 'valid_to', 'city'), name='offering_local_vocabulary'),
        ),
    ]
