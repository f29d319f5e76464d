"""Creating notices (once each), reading them, and sending them by e-mail: at once for those
who want it, else in one daily digest per person. Mails never carry the applicant's personal
data: a notice's text names the case by its number only (every text is built in
``notifications.texts``)."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Role
from notifications.models import EmailMode, MailState, Notification, NotificationSetting

BATCH_SIZE = 1000


@dataclass(frozen=True)
class Notice:
    recipient_id: int
    case_id: int
    kind: str
    day: date
    text: str
    task_id: int | None = None


def notify(notices) -> None:
    """Store the notices; one already there (same case, kind, recipient and day) is kept as it
    was. A few queries per ``BATCH_SIZE`` notices, whatever their number."""
    batch: list[Notification] = []
    for notice in notices:
        batch.append(
            Notification(
                recipient_id=notice.recipient_id, case_id=notice.case_id, task_id=notice.task_id,
                kind=notice.kind, day=notice.day, text=notice.text,
            )
        )
        if len(batch) >= BATCH_SIZE:
            Notification.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        Notification.objects.bulk_create(batch, ignore_conflicts=True)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def mark_read(*, notification) -> Notification:
    """Read stays read: the first reading time is kept."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_case_read(*, case_id: int, kind: str) -> int:
    """Notices of a kind about a case that no longer apply (a recalled draft) are marked read
    for everyone; nothing is deleted."""
    return Notification.objects.filter(case_id=case_id, kind=kind, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def email_mode(user) -> str:
    setting = NotificationSetting.objects.filter(user_id=user.pk).first()
    return setting.email_mode if setting else EmailMode.DIGEST


def set_email_mode(*, user, mode: str) -> NotificationSetting:
    setting, _created = NotificationSetting.objects.update_or_create(
        user=user, defaults={"email_mode": mode}
    )
    return setting


def link_for(notification, role: str | None) -> str:
    """Where a notice leads: the task for a liaison (the case page is not theirs), else the
    case."""
    if role == Role.LIAISON:
        if notification.task_id:
            return reverse("workflow:task", args=[notification.task_id])
        return reverse("notifications:list")
    return reverse("cases:detail", args=[notification.case_id])


def _modes(user_ids) -> dict[int, str]:
    return dict(
        NotificationSetting.objects.filter(user_id__in=user_ids).values_list(
            "user_id", "email_mode"
        )
    )


def _pending(mode_wanted: set[str]):
    """The pending notices, locked, grouped by recipient, of the recipients whose mode is in
    ``mode_wanted``; the others' pending notices are closed as skipped (no mail wanted, no
    address)."""
    rows = list(
        Notification.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(mail_state=MailState.PENDING)
        .select_related("recipient", "recipient__membership")
        .order_by("recipient_id", "created_at", "id")
    )
    modes = _modes({n.recipient_id for n in rows})
    by_recipient: dict[int, list[Notification]] = {}
    skipped: list[int] = []
    for n in rows:
        mode = modes.get(n.recipient_id, EmailMode.DIGEST)
        if mode == EmailMode.OFF or not n.recipient.email:
            skipped.append(n.pk)
        elif mode in mode_wanted:
            by_recipient.setdefault(n.recipient_id, []).append(n)
    if skipped:
        Notification.objects.filter(pk__in=skipped).update(mail_state=MailState.SKIPPED)
    return by_recipient


def _mail(recipient, notices: list[Notification], subject: str) -> None:
    role = getattr(getattr(recipient, "membership", None), "role", None)
    body = render_to_string(
        "notifications/mail.txt",
        {
            "recipient": recipient,
            "items": [(n, settings.SITE_URL + link_for(n, role)) for n in notices],
            "site_url": settings.SITE_URL,
        },
    )
    send_mail(subject, body, None, [recipient.email])


def _sent(notices: list[Notification]) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
        mail_state=MailState.SENT, mailed_at=timezone.now()
    )


def send_immediate_mails() -> int:
    """One mail per pending notice, for those who asked for it; returns the mails sent."""
    sent = 0
    with transaction.atomic():
        for notices in _pending({EmailMode.IMMEDIATE}).values():
            for notice in notices:
                _mail(notice.recipient, [notice], _("【依申请公开】%(text)s") % {
                    "text": notice.get_kind_display()})
                sent += 1
            _sent(notices)
    return sent


def send_digests() -> int:
    """One mail per person with what is pending (the daily digest); returns the mails sent.
    Those who want every notice at once get what is still pending too."""
    sent = 0
    with transaction.atomic():
        for notices in _pending({EmailMode.DIGEST, EmailMode.IMMEDIATE}).values():
            _mail(
                notices[0].recipient, notices,
                _("【依申请公开】今日提醒（%(n)d条）") % {"n": len(notices)},
            )
            _sent(notices)
            sent += 1
    return sent
