"""CASE_FILE_RETENTION (保管期限 on the case-file cover): from the environment, failing loudly
when malformed."""

import pytest

from tests.config.test_settings import load_settings


@pytest.mark.parametrize("value", ["永久", "30年", "10年"])
def test_retention_accepts_permanent_or_years(value):
    result = load_settings(DEBUG="1", CASE_FILE_RETENTION=value)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("value", ["10", "十年", "0年", "forever"])
def test_a_malformed_retention_fails_loudly(value):
    result = load_settings(DEBUG="1", CASE_FILE_RETENTION=value)
    assert result.returncode != 0
    assert "CASE_FILE_RETENTION must be 永久 or a number of years" in result.stderr
