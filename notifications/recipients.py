"""Who is told: the people of an agency by role, read in one query per question."""

from collections import defaultdict

from django.contrib.auth import get_user_model

from agencies.models import Role


def _active(**filters):
    return get_user_model().objects.filter(is_active=True, **filters)


def approvers_by_agency(agency_ids) -> dict[int, list[int]]:
    return _by("membership__agency_id", role=Role.APPROVER, agency_ids=agency_ids)


def clerks_by_agency(agency_ids) -> dict[int, list[int]]:
    return _by("membership__agency_id", role=Role.CLERK, agency_ids=agency_ids)


def liaisons_by_department(department_ids) -> dict[int, list[int]]:
    """The liaisons of each department: only they hear of its tasks."""
    found: dict[int, list[int]] = defaultdict(list)
    rows = _active(
        membership__role=Role.LIAISON, membership__department_id__in=set(department_ids)
    ).values_list("membership__department_id", "pk")
    for department_id, user_id in rows:
        found[department_id].append(user_id)
    return found


def _by(key: str, *, role: str, agency_ids) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    rows = _active(membership__role=role, membership__agency_id__in=set(agency_ids)).values_list(
        key, "pk"
    )
    for agency_id, user_id in rows:
        found[agency_id].append(user_id)
    return found


def active_user_ids(user_ids) -> set[int]:
    return set(_active(pk__in=set(user_ids)).values_list("pk", flat=True))
