"""Free-text search over the register (number, applicant name or ID number, description).

One function, used by every list that takes ``q`` (the case list page, the API, the auditor's
search), so the query PostgreSQL has to plan is written in one place."""

from django.db.models import Q

from cases.models import Applicant, Case


def search_cases(queryset, term: str):
    """Narrow ``queryset`` to the cases that match ``term``; an empty term changes nothing."""
    term = (term or "").strip()
    if not term:
        return queryset
    # Two subqueries, one per table, so PostgreSQL can answer each from its trigram indexes
    # (cases 0003); an OR across the join would force a scan of both tables.
    by_case = Case.objects.filter(Q(number__icontains=term) | Q(description__icontains=term))
    by_applicant = Applicant.objects.filter(Q(name__icontains=term) | Q(id_number=term.upper()))
    return queryset.filter(
        Q(pk__in=by_case.values("pk")) | Q(applicant_id__in=by_applicant.values("pk"))
    )
