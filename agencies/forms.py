"""The agency settings form of the admin: text normalised like every other input, the seal
image checked before it can ever reach a letter."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from agencies.models import Agency
from infra.forms import NormalizedForm
from rules.remedies import settings_problems

SEAL_MAX_BYTES = 2 * 1024 * 1024
SEAL_MIN_PIXELS = 300  # about 180 dpi at 42 mm: sharp enough in print
SEAL_MAX_PIXELS = 4000


def check_seal_image(upload) -> None:
    """A seal printed over the name and the date must let them show through: a PNG with a
    transparent background, round (square bounding box), large enough to print sharply."""
    if upload.size > SEAL_MAX_BYTES:
        raise ValidationError(_("印章图片不能超过2MB。"))
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.load()
            fmt, mode, size, info = image.format, image.mode, image.size, dict(image.info)
            alpha = image.convert("RGBA").getchannel("A")
            transparent = alpha.getextrema()[0] < 255
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("无法读取印章图片，请上传PNG格式的图片。")) from None
    finally:
        upload.seek(0)
    if fmt != "PNG":
        raise ValidationError(_("印章图片应为透明背景的PNG格式。"))
    if not (mode in ("RGBA", "LA") or "transparency" in info) or not transparent:
        raise ValidationError(_("印章图片应为透明背景，否则会遮挡发文机关署名和成文日期。"))
    width, height = size
    if min(width, height) < SEAL_MIN_PIXELS or max(width, height) > SEAL_MAX_PIXELS:
        raise ValidationError(
            _("印章图片的边长应在%(low)d至%(high)d像素之间。")
            % {"low": SEAL_MIN_PIXELS, "high": SEAL_MAX_PIXELS}
        )
    if not 0.95 <= width / height <= 1.05:
        raise ValidationError(_("印章图片应为正方形（圆形印章居中，四周透明）。"))


class AgencyAdminForm(NormalizedForm, forms.ModelForm):
    class Meta:
        model = Agency
        fields = [
            "name",
            "short_name",
            "level",
            "address",
            "postcode",
            "phone",
            "disclosure_office",
            "reconsideration_body",
            "court",
            "fee_payment_channel",
            "fee_payment_account",
            "fee_payment_qr_text",
            "case_number_pattern",
            "letter_number_pattern",
            "seal_image",
            "seal_diameter_mm",
        ]

    def clean_seal_image(self):
        image = self.cleaned_data.get("seal_image")
        if isinstance(image, UploadedFile):  # a new upload, not the stored file
            check_seal_image(image)
        return image


def remedy_warnings(agency: Agency) -> list[str]:
    """The agency's remedy settings checked against its level (rules.remedies)."""
    return settings_problems(
        level=agency.level,
        name=agency.name,
        reconsideration_body=agency.reconsideration_body,
        court=agency.court,
    )
