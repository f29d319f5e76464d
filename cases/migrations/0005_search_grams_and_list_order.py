"""Search that PostgreSQL can answer from an index for any term, one character or twenty.

pg_bigm is not available here and pg_trgm cannot use its index for a term shorter than three
characters (nor does ``UPPER()`` help Chinese), so each searched column gets a GIN index on the
array of its characters and of its overlapping character pairs (``cases_grams``, lower-cased). A
term matches where the array holds all of the term's pairs (its one character, when it has one),
then ``ILIKE`` confirms the substring. The list order within an agency gets its own index.
SQLite needs nothing: ``LIKE`` already finds substrings."""

from django.conf import settings
from django.db import migrations, models

OLD_TRIGRAM = ("cases_case_description_trgm", "cases_case_number_trgm", "cases_applicant_name_trgm")

GRAM_INDEXES = {
    "cases_case_description_grams": ("cases_case", "description"),
    "cases_case_number_grams": ("cases_case", "number"),
    "cases_applicant_name_grams": ("cases_applicant", "name"),
}

# Single characters and both phases of overlapping pairs, with regexp functions written in C:
# about 30 µs for a 50-character description (a SQL loop over generate_series takes 170 µs).
FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION cases_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT array_remove(
      regexp_split_to_array(s, '')
      || string_to_array(regexp_replace(s, '(..)', E'\\1\x1f', 'g'), E'\x1f')
      || string_to_array(regexp_replace(substr(s, 2), '(..)', E'\\1\x1f', 'g'), E'\x1f'),
      '')
  FROM (SELECT lower(t) AS s) AS x
$$;
CREATE OR REPLACE FUNCTION cases_term_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN length(s) <= 1 THEN ARRAY[s]
         ELSE ARRAY(SELECT substr(s, i, 2) FROM generate_series(1, length(s) - 1) AS i) END
  FROM (SELECT lower(t) AS s) AS x
$$;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in OLD_TRIGRAM:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(FUNCTIONS)
    for name, (table, column) in GRAM_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (cases_grams("{column}"))'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in GRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS cases_grams(text)")
    schema_editor.execute("DROP FUNCTION IF EXISTS cases_term_grams(text)")
    for name, table, column in (
        ("cases_case_description_trgm", "cases_case", "description"),
        ("cases_case_number_trgm", "cases_case", "number"),
        ("cases_applicant_name_trgm", "cases_applicant", "name"),
    ):
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_agency_level_and_seal"),
        ("cases", "0004_staged_uploads"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["agency", "-received_on", "-id"], name="case_agency_received_idx"
            ),
        ),
        migrations.RunPython(create, drop),
    ]
