"""The working-day calendar as data: one row per year, one row per day that differs from the
Monday-Friday default. Writes go through clock.services, which keeps deadlines in step."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Years the calendar can describe; dates outside are refused before any arithmetic.
MIN_YEAR, MAX_YEAR = 1990, 2200


class YearStatus(models.TextChoices):
    OFFICIAL = "official", _("已公布")
    PROVISIONAL = "provisional", _("暂定")


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日休息")
    WORKDAY = "workday", _("调休上班")


class CalendarYear(models.Model):
    """A year of the calendar; *official* once the State Council holiday notice is loaded."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=YearStatus.choices, default=YearStatus.PROVISIONAL
    )
    source = models.CharField(
        _("依据"), max_length=200, blank=True,
        help_text=_("如“国办发明电〔2025〕7号”。"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("确认人"),
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("日历年度")
        verbose_name_plural = _("日历年度")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR),
                name="calendar_year_plausible",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}（{self.get_status_display()}）"

    @property
    def is_official(self) -> bool:
        return self.status == YearStatus.OFFICIAL


class CalendarDay(models.Model):
    """A weekday off (法定节假日休息) or a weekend day worked (调休上班)."""

    date = models.DateField(_("日期"), unique=True)
    year = models.ForeignKey(
        CalendarYear, on_delete=models.CASCADE, related_name="days", verbose_name=_("年度")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=40, blank=True, help_text=_("如“春节”。"))

    class Meta:
        verbose_name = _("节假日与调休")
        verbose_name_plural = _("节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".rstrip()

    def clean(self) -> None:
        check_day(self.date, self.kind, self.year.year if self.year_id else None)


def check_day(day, kind: str, year: int | None = None) -> None:
    """Only days that differ from the default are stored: holidays on weekdays, working
    days on weekends. The database cannot say "is a Saturday" portably, so we say it here."""
    if day is None or kind not in DayKind.values:
        return
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValidationError(
            {"date": _("年份须在 %(min)s 至 %(max)s 之间。") % {"min": MIN_YEAR, "max": MAX_YEAR}},
            code="year_range",
        )
    weekend = day.weekday() >= 5
    if kind == DayKind.HOLIDAY and weekend:
        raise ValidationError(
            {"date": _("周六、周日本来就休息，无需登记为节假日。")}, code="weekend_holiday"
        )
    if kind == DayKind.WORKDAY and not weekend:
        raise ValidationError(
            {"date": _("调休上班只能是周六或周日。")}, code="weekday_workday"
        )
    if year is not None and day.year != year:
        raise ValidationError(
            {"date": _("日期不在 %(year)s 年内。") % {"year": year}}, code="wrong_year"
        )


def check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {"year": _("年份须在 %(min)s 至 %(max)s 之间。") % {"min": MIN_YEAR, "max": MAX_YEAR}},
            code="year_range",
        )


class CalendarRevision(models.Model):
    """A single row bumped in the transaction of every calendar change, so that each process
    can tell with one cheap query whether its cached calendar is stale (clock.store).

    `token` is fresh on every bump: a rolled-back change can never leave a number behind that
    a later, different change reuses.
    """

    number = models.PositiveBigIntegerField(default=0)
    token = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("日历版本")
        verbose_name_plural = _("日历版本")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="calendar_revision_singleton")
        ]

    def __str__(self) -> str:
        return str(self.number)
