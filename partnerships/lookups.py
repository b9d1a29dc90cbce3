"""PostgreSQL lookups on the directory's normalised text, each served by a
GIN index (migration 0002). Registered on SearchTextField only; never used
on SQLite (search.py checks the vendor)."""

from django.db.models import Lookup

from .search import FTS_CONFIG


class TrigramWordSimilar(Lookup):
    """word_similarity(query, text) above pg_trgm's threshold: typos."""

    lookup_name = "trigram_word_similar"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} %%> {rhs}", [*lhs_params, *rhs_params]


class FullTextMatches(Lookup):
    """English full-text match (stemmed: plurals and verb forms)."""

    lookup_name = "fts_matches"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return (f"to_tsvector('{FTS_CONFIG}'::regconfig, {lhs}) @@ plainto_tsquery('{FTS_CONFIG}'::regconfig, {rhs})",
                [*lhs_params, *rhs_params])
