from tests.archive.conftest import archived, full, media  # noqa: F401
