"""Domain events leave after commit (workflow.events): a subscriber sees an event once its
transaction has committed, never one that was rolled back; without a broker it runs eagerly right
after the commit, with one (Redis) a Celery worker runs it."""

import os
import time
from datetime import date

import pytest
from django.db import transaction

from config.celery import app as celery_app
from letters.models import Letter
from tests.cases.helpers import make_case
from workflow import events, services

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


@pytest.fixture
def seen(monkeypatch):
    """A subscriber to ``withdraw`` for the length of one test; what it saw."""
    calls = []

    def handle(event):
        calls.append((event.name, event.case_id, event.case.status))

    key = "tests.workflow.test_events.seen"
    monkeypatch.setitem(events._SUBSCRIBERS, key, events.Subscriber(key, {"withdraw"}, handle))
    return calls


def withdraw(case, clerk):
    return services.withdraw(case=case, actor=clerk, reason="撤回", withdrawn_on=date(2023, 7, 20))


def test_a_subscriber_sees_the_event_after_the_commit(agency, clerk, seen):
    case = make_case(agency, clerk)
    assert seen == []  # registration is not a withdrawal
    with transaction.atomic():
        withdraw(case, clerk)
        assert seen == []  # not yet committed
    assert seen == [("withdraw", case.pk, "closed")]


def test_a_rolled_back_action_reaches_no_subscriber(agency, clerk, seen):
    case = make_case(agency, clerk)
    with pytest.raises(RuntimeError), transaction.atomic():
        withdraw(case, clerk)
        raise RuntimeError
    assert seen == []


def test_every_event_goes_to_the_letters_and_only_the_archive_to_the_case_file():
    assert {s.key for s in events.subscribers_for("register")} >= {
        "letters.subscribers.render_letters"
    }
    assert "letters.subscribers.build_case_file" in {
        s.key for s in events.subscribers_for("archive")
    }
    assert "letters.subscribers.build_case_file" not in {
        s.key for s in events.subscribers_for("withdraw")
    }


def test_a_subscriber_is_registered_once():
    from django.core.exceptions import ImproperlyConfigured

    from letters.subscribers import render_letters

    with pytest.raises(ImproperlyConfigured):
        events.subscriber()(render_letters)


@pytest.fixture
def redis_broker(monkeypatch):
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL} (set TEST_REDIS_URL)")
    client.flushdb()
    monkeypatch.setitem(celery_app.conf, "broker_url", REDIS_URL)
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    # Connection pools made so far are to the eager default's memory broker: new ones for this
    # test; the old ones come back after it.
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    yield client
    client.flushdb()


@pytest.mark.django_db(transaction=True)
def test_with_a_broker_a_celery_worker_renders_the_letters(agency, clerk, redis_broker):
    from celery.contrib.testing.worker import start_worker

    case = make_case(agency, clerk)
    receipt = case.letters.get()
    assert not receipt.rendered  # queued for a worker, not run in this process
    assert redis_broker.llen("celery") >= 1
    with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        deadline = time.monotonic() + 60
        while not Letter.objects.get(pk=receipt.pk).rendered:
            assert time.monotonic() < deadline, "the worker did not render the receipt"
            time.sleep(0.2)
    receipt = Letter.objects.get(pk=receipt.pk)
    assert receipt.pdf.read().startswith(b"%PDF")
