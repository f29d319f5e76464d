"""System checks of the settings the product cannot run without, reported by ``manage.py
check`` and at the start of every command and server (a wrong value fails at startup, not at
the first letter or upload)."""

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register
from django.core.files.storage import FileSystemStorage, storages
from django.utils.module_loading import import_string

from letters.fonts import ROLES, FontError, register_fonts

BROKER_SCHEMES = {"redis", "rediss", "amqp", "amqps", "pyamqp", "memory"}


@register("letters")
def check_letter_fonts(app_configs=None, **kwargs) -> list:
    """LETTER_FONTS names known roles and TrueType files reportlab can load."""
    try:
        register_fonts(settings.LETTER_FONTS or None)
    except (FontError, OSError, ValueError) as exc:
        return [
            Error(
                f"LETTER_FONTS cannot be used: {exc}",
                hint=f"Give role=path pairs for the roles {', '.join(ROLES)}, e.g. "
                "LETTER_FONTS=body=/srv/fonts/fangsong.ttf,title=/srv/fonts/xbs.ttf, "
                "or leave it unset for the shipped fonts.",
                id="site.E001",
            )
        ]
    return []


@register("files")
def check_storage(app_configs=None, **kwargs) -> list:
    """The default storage can be built and, on the file system, written to."""
    try:
        backend = storages["default"]
    except Exception as exc:  # any backend's configuration error
        return [Error(f"The default file storage cannot be used: {exc}", id="site.E002")]
    if isinstance(backend, FileSystemStorage):
        root = Path(backend.location)
        existing = next(p for p in (root, *root.parents) if p.exists())
        if not (existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)):
            return [
                Error(
                    f"MEDIA_ROOT ({root}) cannot be written",
                    hint="Letters, case files and uploads are stored there; create it and "
                    "give the server's user write access, or set MEDIA_ROOT.",
                    id="site.E003",
                )
            ]
    return []


@register("caches")
def check_caches(app_configs=None, **kwargs) -> list:
    """Every cache backend named in CACHES (from CACHE_URL) exists."""
    problems = []
    for alias, config in settings.CACHES.items():
        try:
            import_string(config["BACKEND"])
        except (ImportError, KeyError) as exc:
            problems.append(
                Error(
                    f"CACHES[{alias!r}] names a backend that cannot be loaded: {exc}",
                    hint="Check CACHE_URL (e.g. redis://127.0.0.1:6379/2 or locmemcache://).",
                    id="site.E004",
                )
            )
    return problems


@register("celery")
def check_broker(app_configs=None, **kwargs) -> list:
    """CELERY_BROKER_URL is one Celery can use here; without it, tasks run eagerly."""
    scheme = urlsplit(settings.CELERY_BROKER_URL).scheme
    if scheme not in BROKER_SCHEMES:
        return [
            Error(
                f"CELERY_BROKER_URL has the scheme {scheme!r}, which is not supported here",
                hint="Use redis://host:6379/0 (or rediss://, amqp://), or leave it unset to run "
                "background work eagerly in the web process.",
                id="site.E005",
            )
        ]
    if scheme in {"redis", "rediss"}:
        try:
            import_string("redis.Redis")
        except ImportError:
            return [Error("CELERY_BROKER_URL is Redis, but redis is not installed", id="site.E006")]
    return []
