"""System checks (config/checks.py): a setting the product cannot run with fails at startup."""

from django.core.management import call_command
from django.core.management.base import SystemCheckError

from config import checks


def ids(problems) -> list[str]:
    return [p.id for p in problems]


def test_the_test_settings_pass():
    call_command("check")  # raises SystemCheckError on any error


def test_letter_fonts_must_name_known_roles_and_existing_files(settings, tmp_path):
    settings.LETTER_FONTS = {"body": str(tmp_path / "missing.ttf")}
    assert ids(checks.check_letter_fonts()) == ["site.E001"]
    settings.LETTER_FONTS = {"bold": str(tmp_path / "x.ttf")}
    assert ids(checks.check_letter_fonts()) == ["site.E001"]
    not_a_font = tmp_path / "fake.ttf"
    not_a_font.write_bytes(b"not a font")
    settings.LETTER_FONTS = {"body": str(not_a_font)}
    assert ids(checks.check_letter_fonts()) == ["site.E001"]
    settings.LETTER_FONTS = {}
    assert checks.check_letter_fonts() == []


def test_media_root_must_be_a_writable_directory(settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"")
    settings.MEDIA_ROOT = str(blocker / "media")  # under a file: can never be created
    assert ids(checks.check_storage()) == ["site.E003"]
    settings.MEDIA_ROOT = str(tmp_path / "new" / "media")  # created on the first write
    assert checks.check_storage() == []


def test_a_storage_backend_that_cannot_be_built(settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "no.such.Storage"}}
    assert ids(checks.check_storage()) == ["site.E002"]


def test_cache_backends_must_exist(settings):
    settings.CACHES = {"default": {"BACKEND": "no.such.Cache"}}
    assert ids(checks.check_caches()) == ["site.E004"]


def test_the_broker_scheme_must_be_one_celery_uses(settings):
    settings.CELERY_BROKER_URL = "kafka://127.0.0.1:9092"
    assert ids(checks.check_broker()) == ["site.E005"]
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    assert checks.check_broker() == []


def test_check_fails_the_command_on_an_error(settings):
    settings.CELERY_BROKER_URL = "kafka://x"
    try:
        call_command("check")
    except SystemCheckError as exc:
        assert "site.E005" in str(exc)
    else:
        raise AssertionError("check passed with a bad broker")
