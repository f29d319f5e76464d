"""Celery tasks, scheduled by Celery beat (config/celery.py); without a broker they run
eagerly, and the management commands run the same functions."""

from celery import shared_task

from notifications import scan, services


@shared_task(ignore_result=True)
def scan_deadlines() -> None:
    scan.scan()


@shared_task(ignore_result=True)
def send_digests() -> None:
    services.send_digests()
