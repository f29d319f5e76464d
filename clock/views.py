from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from clock.models import MAX_YEAR, MIN_YEAR
from clock.selectors import month_view

WEEKDAYS = [
    (_("一"), _("星期一")), (_("二"), _("星期二")), (_("三"), _("星期三")), (_("四"), _("星期四")),
    (_("五"), _("星期五")), (_("六"), _("星期六")), (_("日"), _("星期日")),
]


@login_required
@require_GET
def month(request, year: int | None = None, month: int | None = None):
    """The working-day calendar of one month; everyone may read it."""
    today = timezone.localdate()
    year, month = (year, month) if year is not None else (today.year, today.month)
    if not (MIN_YEAR <= year < MAX_YEAR and 1 <= month <= 12):
        raise Http404
    prev = (year, month - 1) if month > 1 else (year - 1, 12)
    next_ = (year, month + 1) if month < 12 else (year + 1, 1)
    return render(
        request,
        "clock/month.html",
        {
            "cal": month_view(year, month, today),
            "prev": prev if prev[0] >= MIN_YEAR else None,
            "next": next_ if next_[0] < MAX_YEAR else None,
            "this_month": (today.year, today.month),
            "weekdays": WEEKDAYS,
        },
    )
