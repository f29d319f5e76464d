"""X-Forwarded-Proto counts only when a trusted proxy is configured (TRUSTED_PROXY_SSL_HEADER)."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import RequestFactory

ROOT = Path(__file__).resolve().parents[2]


def test_forwarded_proto_is_ignored_by_default(settings):
    assert settings.SECURE_PROXY_SSL_HEADER is None
    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert not request.is_secure()


def test_forwarded_proto_is_trusted_only_when_the_setting_says_so(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert request.is_secure()


def setting_with(name: str, **env) -> str:
    """``repr`` of a setting as config.settings computes it from ``env`` (DEBUG off)."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(
        DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="gov.example",
        DJANGO_SETTINGS_MODULE="config.settings", **env,
    )
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print(repr(settings.{name}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_environment_switches_the_proxy_header_on():
    assert setting_with("SECURE_PROXY_SSL_HEADER") == "None"
    on = setting_with("SECURE_PROXY_SSL_HEADER", TRUSTED_PROXY_SSL_HEADER="1")
    assert "HTTP_X_FORWARDED_PROTO" in on


def test_a_deployment_that_redirects_to_https_gets_a_year_of_hsts():
    assert setting_with("SECURE_HSTS_SECONDS") == "0"
    assert setting_with("SECURE_HSTS_SECONDS", SECURE_SSL_REDIRECT="1") == str(365 * 24 * 3600)
    assert setting_with("SECURE_HSTS_SECONDS", SECURE_HSTS_SECONDS="600") == "600"
