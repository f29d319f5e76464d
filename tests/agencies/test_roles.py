import pytest
from django.db import IntegrityError, transaction

from agencies.models import Membership, Role
from agencies.numbering import format_number, next_sequence


@pytest.mark.django_db
def test_role_groups_carry_named_permissions(clerk, handler, approver, dept_a, auditor):
    assert clerk.has_perm("cases.register_case") and not clerk.has_perm("cases.handle_case")
    assert handler.has_perm("cases.handle_case")
    assert approver.has_perm("cases.approve_case") and not approver.has_perm("cases.handle_case")
    assert dept_a.has_perm("workflow.answer_task") and not dept_a.has_perm("cases.view_case")
    assert auditor.has_perm("cases.audit_case") and not auditor.has_perm("cases.register_case")


@pytest.mark.django_db
def test_changing_role_moves_the_user_between_groups(clerk):
    membership = clerk.membership
    membership.role = Role.AUDITOR
    membership.save()
    assert list(clerk.groups.values_list("name", flat=True)) == ["auditor"]


@pytest.mark.django_db
def test_liaison_without_department_is_refused_by_the_database(agency):
    from tests.factories import UserFactory

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=UserFactory(), agency=agency, role=Role.LIAISON)


def test_number_format_has_no_leading_zeros():
    assert (
        format_number("{short}依申〔{year}〕{seq}号", short="郯政办", year=2023, seq=12)
        == "郯政办依申〔2023〕12号"
    )


@pytest.mark.django_db(transaction=True)
def test_sequences_are_gapless_per_scope_and_year(agency):
    with transaction.atomic():
        assert [next_sequence(agency, "case", 2023) for _ in range(3)] == [1, 2, 3]
        assert next_sequence(agency, "case", 2024) == 1
        assert next_sequence(agency, "letter:reply", 2023) == 1
    try:
        with transaction.atomic():
            assert next_sequence(agency, "case", 2023) == 4
            raise RuntimeError("rolled back")
    except RuntimeError:
        pass
    with transaction.atomic():
        assert next_sequence(agency, "case", 2023) == 4  # the rolled-back number is reused


def test_next_sequence_refuses_outside_a_transaction(transactional_db, agency):
    with pytest.raises(RuntimeError):
        next_sequence(agency, "case", 2023)
