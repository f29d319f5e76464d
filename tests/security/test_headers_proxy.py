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


def _proxy_header_with(**env) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(
        DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="gov.example",
        DJANGO_SETTINGS_MODULE="config.settings", **env,
    )
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(repr(settings.SECURE_PROXY_SSL_HEADER))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_environment_switches_the_proxy_header_on():
    assert _proxy_header_with() == "None"
    assert "HTTP_X_FORWARDED_PROTO" in _proxy_header_with(TRUSTED_PROXY_SSL_HEADER="1")
