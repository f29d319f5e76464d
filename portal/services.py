"""The public side's acts: submit an online application, confirm it (the case is registered
through ``cases.services.register_case``) or reject it, and the applicant's status lookup.
Each act is atomic, locks the application row and appends a ``PortalEvent``."""

import hashlib
import secrets
from datetime import date

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.intake import must_confirm_duplicates
from cases.models import Case, Channel
from cases.registration import clean_applicant, prefixed
from cases.services import register_case
from cases.uploads import check_uploads
from infra import storage
from portal.models import (
    ApplicationStatus,
    OnlineApplication,
    OnlineApplicationFile,
    Platform,
    PortalEvent,
)
from workflow.errors import Conflict
from workflow.permissions import can_register_in

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
PASSWORD_MIN_LENGTH = 8
FILE_KINDS = ("application", "identity", "other")


def new_query_code() -> str:
    return "WS" + "".join(secrets.choice(CODE_ALPHABET) for _i in range(10))


def new_password() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(10))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_platform(*, name: str) -> tuple[Platform, str]:
    """A platform and its service token (returned once; only its digest is stored)."""
    token = secrets.token_urlsafe(32)
    platform = Platform.objects.create(name=name, token_digest=token_digest(token))
    return platform, token


def platform_for_token(token: str) -> Platform | None:
    if not token:
        return None
    return Platform.objects.filter(token_digest=token_digest(token), active=True).first()


def submit_application(
    *, agency, applicant: dict, description: str, delivery_format: str, delivery_method: str,
    password: str = "", files_by_kind: dict | None = None, platform=None,
) -> tuple[OnlineApplication, str]:
    """Record an online application awaiting confirmation. Returns it and the query password
    (the applicant's own, or a generated one), to be shown once; only its hash is kept."""
    try:
        applicant = clean_applicant(applicant)
    except ValidationError as exc:
        raise prefixed(exc, "applicant") from None
    if not description.strip():
        raise ValidationError({"description": [_("请填写所需政府信息的描述。")]})
    if password and len(password) < PASSWORD_MIN_LENGTH:
        raise ValidationError(
            {"password": [_("查询密码至少 %(n)d 位。") % {"n": PASSWORD_MIN_LENGTH}]}
        )
    files_by_kind = {k: v for k, v in (files_by_kind or {}).items() if v}
    checked = {kind: check_uploads(files, field=kind) for kind, files in files_by_kind.items()}
    password = password or new_password()
    with transaction.atomic():
        fields = {name: applicant.get(name, "") for name in OnlineApplication.APPLICANT_FIELDS}
        application = OnlineApplication.objects.create(
            agency=agency, query_code=_free_code(), password_hash=make_password(password),
            description=description.strip(), delivery_format=delivery_format,
            delivery_method=delivery_method, platform=platform, **fields,
        )
        for kind, uploads in checked.items():
            for upload, mime in uploads:
                item = OnlineApplicationFile(
                    application=application, kind=kind, original_name=upload.name[:255],
                    content_type=mime, size=upload.size,
                )
                name = f"{secrets.token_hex(6)}-{upload.name}"
                item.file.name = item.file.field.generate_filename(item, name)
                item.save()
                storage.save_after_commit(item.file.name, upload)
        PortalEvent.objects.create(
            application=application, name="submit",
            payload={"platform": platform.name if platform else None,
                     "files": sum(len(v) for v in checked.values())},
        )
        if application.email:
            transaction.on_commit(lambda: _mail_credentials(application, password))
    return application, password


def _free_code() -> str:
    while True:
        code = new_query_code()
        if not OnlineApplication.objects.filter(query_code=code).exists():
            return code


def _mail_credentials(application: OnlineApplication, password: str) -> None:
    body = _(
        "您向%(agency)s提交的政府信息公开网上申请已收到，待工作人员确认。\n"
        "查询码：%(code)s\n查询密码：%(password)s\n"
        "查询办理进度：%(url)s\n请妥善保管查询码和密码。"
    ) % {
        "agency": application.agency.name, "code": application.query_code,
        "password": password, "url": f"{settings.SITE_URL}/status/",
    }
    send_mail(_("网上申请已收到"), body, None, [application.email], fail_silently=True)


def _locked(application: OnlineApplication, actor) -> OnlineApplication:
    if not can_register_in(application.agency, actor):
        raise PermissionDenied(_("您无权处理网上申请。"))
    locked = OnlineApplication.objects.select_for_update().get(pk=application.pk)
    if locked.status != ApplicationStatus.PENDING:
        raise Conflict(_("该网上申请已处理。"))
    return locked


def duplicates_of(application: OnlineApplication, *, repeat_of=None, confirmed=False):
    return must_confirm_duplicates(
        agency=application.agency, id_number=application.id_number,
        description=application.description, repeat_of=repeat_of, confirmed=confirmed,
    )


def confirm_application(
    *, application: OnlineApplication, actor, confirmed_on: date | None = None, repeat_of=None
) -> Case:
    """Register the case: channel online, received on the confirmation date (Art. 31(3)), the
    applicant's data and files carried over."""
    confirmed_on = confirmed_on or timezone.localdate()
    with transaction.atomic():
        application = _locked(application, actor)
        files: dict[str, list] = {}
        for item in application.files.all():
            upload = default_storage.open(item.file.name)
            upload.name = item.original_name
            files.setdefault(item.kind, []).append(upload)
        try:
            case = register_case(
                agency=application.agency, actor=actor, applicant=application.applicant_data(),
                repeat_of=repeat_of, files_by_kind=files, channel=Channel.ONLINE,
                received_on=confirmed_on, description=application.description,
                delivery_format=application.delivery_format,
                delivery_method=application.delivery_method,
            )
        finally:
            transaction.on_commit(lambda: [f.close() for fs in files.values() for f in fs])
        application.status = ApplicationStatus.CONFIRMED
        application.case = case
        application.confirmed_on = confirmed_on
        application.decided_at = timezone.now()
        application.decided_by = actor
        application.save()
        PortalEvent.objects.create(
            application=application, name="confirm", actor=actor,
            payload={"case": case.number, "confirmed_on": confirmed_on.isoformat(),
                     "repeat_of": repeat_of.number if repeat_of else None},
        )
    return case


def reject_application(*, application: OnlineApplication, actor, reason: str) -> None:
    """Not an application (e.g. a complaint, an empty or abusive text): recorded with the
    reason, which the applicant reads in the status lookup."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请填写不作为申请处理的理由。")]})
    with transaction.atomic():
        application = _locked(application, actor)
        application.status = ApplicationStatus.REJECTED
        application.rejection_reason = reason[:1000]
        application.decided_at = timezone.now()
        application.decided_by = actor
        application.save()
        PortalEvent.objects.create(
            application=application, name="reject", actor=actor, payload={"reason": reason},
        )


# A fixed hash to check against when the code is unknown: a wrong code costs as much time as a
# wrong password, so the two cannot be told apart by the answer or its timing.
_DUMMY_HASH = None


def lookup(*, query_code: str, password: str) -> OnlineApplication | None:
    """The application for the code and password, or None (the same for either wrong)."""
    global _DUMMY_HASH
    code = (query_code or "").strip().upper()
    application = (
        OnlineApplication.objects.select_related("agency", "case").filter(query_code=code).first()
        if code else None
    )
    if application is None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = make_password(secrets.token_hex(8))
        check_password(password or "", _DUMMY_HASH)
        return None
    if not check_password(password or "", application.password_hash):
        return None
    return application
