"""Seed the calendar from the `holidays` package: 2019-2026 as official (their State Council
notices are in the package), 2027 as provisional (the package's estimate, if it has one)."""

from django.db import migrations
from django.utils import timezone

OFFICIAL_YEARS = range(2019, 2027)
PROVISIONAL_YEARS = [2027]


def seed(apps, schema_editor):
    from clock import seed as package

    CalendarYear = apps.get_model("clock", "CalendarYear")
    CalendarDay = apps.get_model("clock", "CalendarDay")
    CalendarRevision = apps.get_model("clock", "CalendarRevision")
    now = timezone.now()
    for year in [*OFFICIAL_YEARS, *PROVISIONAL_YEARS]:
        official = year in OFFICIAL_YEARS
        obj, created = CalendarYear.objects.get_or_create(
            year=year,
            defaults={
                "status": "official" if official else "provisional",
                "source": package.source_note(year, official),
                "confirmed_at": now if official else None,
            },
        )
        if not created:
            continue
        CalendarDay.objects.bulk_create(
            CalendarDay(date=spec.date, year=obj, kind=spec.kind, name=spec.name)
            for spec in package.package_days(year)
        )
    CalendarRevision.objects.update_or_create(pk=1, defaults={"number": 1})


class Migration(migrations.Migration):
    dependencies = [("clock", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
