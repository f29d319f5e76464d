"""The Celery application (api.md "Background work").

With ``CELERY_BROKER_URL`` set (e.g. ``redis://127.0.0.1:6379/0``), what an action causes after
its commit (letters rendered, the case file built, later notifications) is queued for workers:

    celery -A config worker --loglevel=INFO

Unset (the embedded default, ``make run``), every task runs eagerly in the process, right after
the commit that caused it, so nothing but Python is needed and the next request sees the result.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("yishenqing")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Celery beat (``celery -A config beat``): the daily deadline scan early in the morning, the
# digest of the day's notices after it. Without a broker, `make run` runs the scan at start
# and `manage.py notify_deadlines` / `manage.py send_digests` run them from cron.
app.conf.beat_schedule = {
    "notifications-scan-deadlines": {
        "task": "notifications.tasks.scan_deadlines",
        "schedule": crontab(hour=6, minute=30),
    },
    "notifications-send-digests": {
        "task": "notifications.tasks.send_digests",
        "schedule": crontab(hour=7, minute=30),
    },
}
