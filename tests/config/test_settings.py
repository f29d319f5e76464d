import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_settings(**env):
    """Import config.settings in a clean interpreter with the given environment."""
    unset = {"SECRET_KEY", "DEBUG", "AUDIT_CHAIN_KEY"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('ok')"],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60,
    )


def test_missing_secret_key_with_debug_off_fails_loudly():
    result = load_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_debug_on_runs_without_secret_key():
    result = load_settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_secret_key_with_debug_off_is_enough():
    result = load_settings(
        DEBUG="0", SECRET_KEY="x" * 50, AUDIT_CHAIN_KEY="k" * 32, ALLOWED_HOSTS="example.org"
    )
    assert result.returncode == 0, result.stderr


def test_missing_audit_chain_key_with_debug_off_fails_loudly():
    result = load_settings(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "AUDIT_CHAIN_KEY must be set when DEBUG is off" in result.stderr


def test_a_short_audit_chain_key_fails_loudly():
    result = load_settings(
        DEBUG="0", SECRET_KEY="x" * 50, AUDIT_CHAIN_KEY="short", ALLOWED_HOSTS="example.org"
    )
    assert result.returncode != 0
    assert "AUDIT_CHAIN_KEY must be at least 32 characters" in result.stderr


def test_debug_has_a_fixed_audit_chain_key():
    code = "from django.conf import settings; print(settings.AUDIT_CHAIN_KEY)"
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "AUDIT_CHAIN_KEY"}}
    clean.update(DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60,
    )
    assert result.stdout.strip() == "insecure-development-audit-chain-key"


def test_malformed_database_url_fails_loudly():
    result = load_settings(DEBUG="1", DATABASE_URL="nonsense://")
    assert result.returncode != 0


def test_production_defaults_are_safe(settings):
    from django.conf import settings as live

    assert live.TIME_ZONE == "Asia/Shanghai"
    assert live.LANGUAGE_CODE == "zh-hans"
    assert live.USE_I18N and live.USE_TZ
    assert live.SESSION_COOKIE_HTTPONLY
    assert live.X_FRAME_OPTIONS == "DENY"


def test_check_deploy_is_clean_apart_from_tls():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings", DEBUG="0",
        SECRET_KEY="Zq8#v1!rT0pL9&xW2@mN7^bK4*cJ6(dH3)eG5_fF", ALLOWED_HOSTS="gov.example",
    )
    env["SECRET_KEY"] += env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    output = result.stdout + result.stderr
    warnings = set(re.findall(r"security\.W\d+", output))
    # W004 (HSTS) and W008 (SSL redirect) can only be switched on once TLS is in front.
    assert warnings == {"security.W004", "security.W008"}, output
