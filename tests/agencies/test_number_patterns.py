"""Number patterns: only known placeholders and a bounded width may be saved, and filling in a
pattern never evaluates anything, even for a pattern stored before the checks existed."""

import pytest
from django.core.exceptions import ValidationError

from agencies.forms import AgencyAdminForm
from rules.numbering import (
    format_number,
    validate_case_number_pattern,
    validate_letter_number_pattern,
)
from tests.agencies.test_remedy_settings import SOUND, change_url, form_data


@pytest.mark.parametrize(
    "pattern",
    [
        "{short.__class__}{seq}",
        "{short.__class__.__mro__}{seq}",
        "{seq:>100000}",
        "{seq:010}",
        "{seq!r}",
        "{year[0]}{seq}",
        "{0}{seq}",
        "{family}{seq}",  # letters only
        "{short}〔{year}〕号",  # no sequence: numbers would repeat
        "{short}{seq",
    ],
)
def test_unsafe_or_unknown_case_patterns_are_refused(pattern):
    with pytest.raises(ValidationError):
        validate_case_number_pattern(pattern)


@pytest.mark.parametrize(
    "pattern", ["{short}依申〔{year}〕{seq}号", "{short}〔{year}〕{seq:03}号", "{{{seq}}}"]
)
def test_ordinary_case_patterns_pass(pattern):
    validate_case_number_pattern(pattern)


def test_letter_patterns_may_use_the_family():
    validate_letter_number_pattern("{short}{family}〔{year}〕{seq}号")
    with pytest.raises(ValidationError):
        validate_letter_number_pattern("{family.upper}{seq}")


def test_format_fills_the_known_placeholders():
    assert format_number("{short}依申〔{year}〕{seq}号", short="郯政办", year=2024, seq=7) == (
        "郯政办依申〔2024〕7号"
    )
    assert format_number("{seq:03}/{year}", short="", year=2024, seq=7) == "007/2024"


def test_format_of_an_old_unsafe_pattern_evaluates_nothing_and_stays_short():
    assert format_number("{short.__class__}{seq}", short="郯", year=2024, seq=7) == "7"
    assert format_number("{seq:>100000}号", short="郯", year=2024, seq=7) == "7号"
    assert format_number("{seq}{", short="郯", year=2024, seq=7) == "{seq}{7"


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", ["{short.__class__}{seq}", "{seq:>100000}"])
def test_the_admin_refuses_an_unsafe_pattern_at_its_field(client, agency, agency_admin, pattern):
    client.force_login(agency_admin)
    data = form_data(agency, **SOUND, case_number_pattern=pattern)
    response = client.post(change_url(agency), data)
    assert response.status_code == 200  # the form again
    errors = response.context["adminform"].form.errors
    assert "case_number_pattern" in errors
    assert "占位符" in errors["case_number_pattern"][0]
    agency.refresh_from_db()
    assert agency.case_number_pattern == "{short}依申〔{year}〕{seq}号"


@pytest.mark.django_db
def test_the_agency_form_refuses_an_unsafe_letter_pattern(agency):
    form = AgencyAdminForm(
        form_data(agency, **SOUND, letter_number_pattern="{family.__doc__}{seq}"), instance=agency
    )
    assert not form.is_valid()
    assert "不支持的占位符" in form.errors["letter_number_pattern"][0]
