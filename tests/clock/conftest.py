import pytest

from clock import store


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Each test starts without this process's cached calendar (query counts stay exact)."""
    store.forget()
    yield
    store.forget()
