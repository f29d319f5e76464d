"""Free-text search over the register (number, applicant name or ID number, description).

Used by every list that takes ``q`` (the case list page, the API, the auditor's search), so the
queries PostgreSQL has to plan are written in one place.

On PostgreSQL each searched column has a GIN index on its characters and character pairs
(cases 0005, ``cases_grams``), so any term, one character or many, is answered from an index;
the ``grams`` lookup adds an ``ILIKE`` that confirms the substring. Lists are read ids first:
one ``UNION`` of per-table matches (case number, description, applicant), each branch already
in list order and cut at the rows the page needs, then the page's rows by id. Counts stop at
``LIST_COUNT_CAP`` (shown as "1000+"). SQLite stays correct, not fast: ``LIKE`` substrings.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import Q, QuerySet
from django.db.models.lookups import Lookup
from django.utils.functional import cached_property

from cases.models import Case

LIST_ORDER = ("-received_on", "-id")


@models.CharField.register_lookup
@models.TextField.register_lookup
class Grams(Lookup):
    """``field__grams=term``: the field contains ``term`` (ASCII letters in any case).

    PostgreSQL: the GIN index on ``cases_grams(field)`` finds the candidates, ``ILIKE`` confirms
    them; elsewhere ``LIKE``, which SQLite already treats case-insensitively for ASCII."""

    lookup_name = "grams"

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [value])

    def _pattern(self, connection) -> str:
        return "%" + connection.ops.prep_for_like_query(self.rhs) + "%"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} LIKE %s ESCAPE '\\'", [*lhs_params, self._pattern(connection)]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # ILIKE first: it is cheap and, in an index-order scan, spares the gram array of every
        # row that does not match.
        return (
            f"({lhs} ILIKE %s AND cases_grams({lhs}) @> cases_term_grams(%s))",
            [*lhs_params, self._pattern(connection), *lhs_params, self.rhs],
        )


def _branches(queryset: QuerySet, term: str) -> list[QuerySet]:
    """One queryset per table a term can match, each narrowed like ``queryset``."""
    # A join, not ``applicant__in``: for a common name the planner can then walk the cases in
    # list order and stop at the page, for a rare one start from the applicants' index.
    return [
        queryset.filter(number__grams=term),
        queryset.filter(description__grams=term),
        queryset.filter(Q(applicant__name__grams=term) | Q(applicant__id_number=term.upper())),
    ]


def search_cases(queryset: QuerySet, term: str | None) -> QuerySet:
    """Narrow ``queryset`` to the cases that match ``term``; an empty term changes nothing.

    A queryset for callers that filter further (the auditor's search): the matches are the
    ``UNION`` of the per-table branches, as a subquery of ids."""
    term = (term or "").strip()
    if not term:
        return queryset
    branches = [b.order_by().values("pk") for b in _branches(queryset, term)]
    if connection.vendor != "postgresql":
        return queryset.filter(
            Q(pk__in=branches[0]) | Q(pk__in=branches[1]) | Q(pk__in=branches[2])
        )
    return queryset.filter(pk__in=branches[0].union(*branches[1:]))


class CaseSearch:
    """The cases of ``queryset`` matching ``term``, for a paginator: ``count()`` stops at the
    cap and a slice reads the matching ids first (a ``UNION`` of branches, each in list order
    and limited to the slice's end), then the rows of just those ids."""

    def __init__(self, queryset: QuerySet, term: str, cap: int | None = None) -> None:
        self.queryset = queryset
        self.term = term.strip()
        self.cap = cap if cap is not None else settings.LIST_COUNT_CAP

    def _union_sql(self, limit: int | None, ordered: bool) -> tuple[str, list]:
        parts, params = [], []
        for branch in _branches(self.queryset, self.term):
            branch = branch.order_by(*LIST_ORDER) if ordered else branch.order_by()
            branch = branch.values_list("pk", "received_on")
            if limit is not None:
                branch = branch[:limit]
            try:
                sql, branch_params = branch.query.sql_with_params()
            except EmptyResultSet:  # a branch that cannot match (e.g. an empty queryset)
                continue
            parts.append(f"({sql})")
            params.extend(branch_params)
        if not parts:
            return "", []
        return " UNION ".join(parts), params

    def count(self) -> int:
        """The number of matches, or ``cap + 1`` when there are more than ``cap``."""
        if connection.vendor != "postgresql":
            return search_cases(self.queryset, self.term)[: self.cap + 1].count()
        sql, params = self._union_sql(self.cap + 1, ordered=False)
        if not sql:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) AS matches", params)  # noqa: S608
            return cursor.fetchone()[0]

    def ids(self, start: int, stop: int) -> list[int]:
        if connection.vendor != "postgresql":
            matches = search_cases(self.queryset, self.term).order_by(*LIST_ORDER)
            return list(matches.values_list("pk", flat=True)[start:stop])
        sql, params = self._union_sql(stop, ordered=True)
        if not sql:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM ({sql}) AS matches(id, received_on) "  # noqa: S608
                "ORDER BY received_on DESC, id DESC LIMIT %s OFFSET %s",
                [*params, stop - start, start],
            )
            return [row[0] for row in cursor.fetchall()]

    def __getitem__(self, index: slice) -> list[Case]:
        if not isinstance(index, slice):
            raise TypeError("CaseSearch supports slices only")
        start, stop = index.start or 0, index.stop
        ids = self.ids(start, stop)
        if not ids:
            return []
        rows = {case.pk: case for case in self.queryset.filter(pk__in=ids).order_by()}
        return [rows[pk] for pk in ids if pk in rows]

    def __len__(self) -> int:
        return self.count()


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``LIST_COUNT_CAP`` + 1: no full ``COUNT(*)`` of a
    million rows for a page of fifty. ``capped`` says the count means "more than the cap"."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return self.object_list[: settings.LIST_COUNT_CAP + 1].count()
        return self.object_list.count()

    @property
    def capped(self) -> bool:
        return self.count > settings.LIST_COUNT_CAP

    @property
    def count_display(self) -> str:
        return f"{settings.LIST_COUNT_CAP}+" if self.capped else str(self.count)


def list_source(queryset: QuerySet, term: str | None):
    """What a case list paginates: the queryset in list order, or an ids-first search."""
    term = (term or "").strip()
    if not term:
        return queryset.order_by(*LIST_ORDER)
    return CaseSearch(queryset, term)
