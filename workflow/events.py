"""Domain events leave after commit.

The audit event (``workflow.audit.record_event``) is the one exit of every action. Once the
transaction that recorded it has committed, the dispatcher hands the event to each subscriber
that listens to its name, as a Celery task: a worker runs it where ``CELERY_BROKER_URL`` is set,
and it runs eagerly, in this process and right after the commit, where it is not
(config/celery.py). Nothing a subscriber does can undo or delay the action, and a rolled-back
action reaches no subscriber.

A subscriber is a function of the event, declared with the names it listens to (none: every
event) and registered when its module is imported (its app's ``AppConfig.ready``)::

    @subscriber("approve_reply", "extend")
    def notify_applicant(event: Event) -> None: ...

Subscribers must be idempotent: a worker may run one twice (tasks are acknowledged late), and
work left undone by a failure is completed again later (``manage.py complete_documents`` for
letters and case files).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from celery import shared_task
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from workflow.models import Event

logger = logging.getLogger(__name__)

RETRY_SECONDS = 60
MAX_RETRIES = 5


@dataclass(frozen=True)
class Subscriber:
    key: str  # module.function: how a worker finds it
    names: frozenset[str] | None  # the event names it listens to; None: every event
    handle: Callable[[Event], None]

    def listens_to(self, name: str) -> bool:
        return self.names is None or name in self.names


_SUBSCRIBERS: dict[str, Subscriber] = {}


def subscriber(*names: str) -> Callable:
    """Register the decorated function for the events ``names`` (none: every event)."""

    def register(handle: Callable[[Event], None]) -> Callable[[Event], None]:
        key = f"{handle.__module__}.{handle.__qualname__}"
        if key in _SUBSCRIBERS:
            raise ImproperlyConfigured(f"subscriber {key} is registered twice")
        _SUBSCRIBERS[key] = Subscriber(key, frozenset(names) or None, handle)
        return handle

    return register


def subscribers_for(name: str) -> list[Subscriber]:
    return [s for s in _SUBSCRIBERS.values() if s.listens_to(name)]


def subscribers() -> Iterable[Subscriber]:
    return list(_SUBSCRIBERS.values())


def publish(event: Event) -> None:
    """Hand ``event`` to its subscribers once the current transaction commits."""
    transaction.on_commit(partial(dispatch, event.pk, event.name))


def dispatch(event_id: int, name: str) -> None:
    """Queue (or, without a broker, run) one task per subscriber of the event."""
    for target in subscribers_for(name):
        try:
            deliver.delay(event_id, target.key)
        except Exception:
            # The broker is unreachable: the committed action stands; the work it left undone
            # is completed later (manage.py complete_documents).
            logger.exception("could not queue event %s for %s", event_id, target.key)
            if deliver.app.conf.task_eager_propagates:
                raise


@shared_task(bind=True, max_retries=MAX_RETRIES, ignore_result=True)
def deliver(self, event_id: int, key: str) -> None:
    """Run one subscriber on one event (a Celery task)."""
    target = _SUBSCRIBERS[key]
    event = Event.objects.select_related("case", "actor").get(pk=event_id)
    try:
        target.handle(event)
    except Exception as exc:
        logger.exception("subscriber %s failed on event %s (%s)", key, event_id, event.name)
        if self.request.is_eager:
            if self.app.conf.task_eager_propagates:
                raise
            return
        raise self.retry(exc=exc, countdown=RETRY_SECONDS) from exc
