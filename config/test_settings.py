"""Test settings: the real settings with a fixed key, a fast hasher and throw-away media."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("AUDIT_CHAIN_KEY", "test-audit-chain-key-not-for-production-use")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Two-factor enrolment is tested where it matters (tests/accounts); elsewhere the cast signs in
# with a password only.
TWO_FACTOR_REQUIRED_ROLES: list[str] = []
MEDIA_ROOT = tempfile.mkdtemp(prefix="yishenqing-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="yishenqing-test-static-")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Background tasks run eagerly whatever the environment says; one that fails after commit fails
# the test (production logs it and carries on).
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# The suite records most acts on fixed dates long past; tests of after-the-fact entries
# (tests/workflow/test_late_entries.py) set the real limit with override_settings.
LATE_ENTRY_WORKING_DAYS = 1_000_000
