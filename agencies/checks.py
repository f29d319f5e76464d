"""System check: agencies whose remedy settings look wrong for their level (agencies.W001).

It reads the database, so it runs with the database checks (``manage.py check --database
default``, and ``migrate``), not on every command."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.database)
def check_remedy_settings(app_configs=None, databases=None, **kwargs):
    from agencies.forms import remedy_warnings
    from agencies.models import Agency

    warnings = []
    for alias in databases or ():
        try:
            agencies = list(Agency.objects.using(alias).order_by("name"))
        except DatabaseError:  # not migrated yet
            continue
        for agency in agencies:
            for problem in remedy_warnings(agency):
                warnings.append(
                    Warning(
                        f"{agency.name}：{problem}",
                        hint="在管理后台“机关”中核对机关层级、行政复议机关和管辖法院。",
                        obj=agency,
                        id="agencies.W001",
                    )
                )
    return warnings
