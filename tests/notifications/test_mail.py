"""E-mail: at once or in one daily digest per person, as each chooses; never without an
address."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from notifications import scan, services
from notifications.models import MailState, Notification, NotificationSetting

pytestmark = pytest.mark.django_db

TWO_BEFORE = date(2023, 8, 9)


def test_the_digest_sends_one_mail_per_person(owned_case, handler, approver, with_addresses):
    mail.outbox.clear()
    Notification.objects.all().delete()
    scan.scan(TWO_BEFORE)
    scan.scan(date(2023, 8, 14))
    assert mail.outbox == []  # the default is the daily digest
    call_command("send_digests")
    assert sorted(m.to[0] for m in mail.outbox) == [
        "approver@example.gov.cn", "handler@example.gov.cn"]
    message = next(m for m in mail.outbox if m.to == ["handler@example.gov.cn"])
    assert "（2条）" in message.subject and owned_case.number in message.body
    assert f"/cases/{owned_case.pk}/" in message.body
    assert set(Notification.objects.values_list("mail_state", flat=True)) == {MailState.SENT}
    mail.outbox.clear()
    assert services.send_digests() == 0  # nothing is mailed twice


def test_immediate_mail_and_no_mail(owned_case, handler, approver, with_addresses):
    NotificationSetting.objects.create(user=handler, email_mode="immediate")
    NotificationSetting.objects.create(user=approver, email_mode="off")
    mail.outbox.clear()
    Notification.objects.all().delete()
    scan.scan(TWO_BEFORE)
    assert [m.to for m in mail.outbox] == [["handler@example.gov.cn"]]
    assert Notification.objects.get(recipient=approver).mail_state == MailState.SKIPPED
    services.send_digests()
    assert len(mail.outbox) == 1


def test_nothing_is_sent_without_an_address(owned_case, handler, approver):
    mail.outbox.clear()
    scan.scan(TWO_BEFORE)
    services.send_digests()
    assert mail.outbox == []
    assert set(Notification.objects.values_list("mail_state", flat=True)) == {MailState.SKIPPED}


def test_a_person_chooses_the_mode_on_the_settings_page(client, handler):
    client.force_login(handler)
    assert client.get("/notifications/settings/").status_code == 200
    response = client.post("/notifications/settings/", {"email_mode": "nonsense"})
    assert response.status_code == 400 and "请选择邮件提醒方式。" in response.content.decode()
    assert client.post("/notifications/settings/", {"email_mode": "immediate"}).status_code == 302
    assert services.email_mode(handler) == "immediate"
