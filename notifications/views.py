"""The inbox: a person's notices, newest first, each leading to its case (or, for a liaison,
to its task); mark read; the e-mail preference."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies.roles import role_of
from notifications import services
from notifications.access import get_notification_for, notifications_for
from notifications.forms import EmailModeForm

PAGE_SIZE = 50


@login_required
@require_GET
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    queryset = notifications_for(request.user).select_related("case")
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    page = Paginator(queryset.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    role = role_of(request.user)
    items = [(n, services.link_for(n, role)) for n in page.object_list]
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "items": items, "unread_only": unread_only},
    )


@login_required
@require_POST
def read(request, pk: int):
    """Mark one notice read; ``open`` also goes to what it is about."""
    notification = services.mark_read(notification=get_notification_for(request.user, pk))
    if request.POST.get("open"):
        return redirect(services.link_for(notification, role_of(request.user)))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("notifications:list")


@login_required
@require_POST
def read_all(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, _("已将 %(n)d 条通知标为已读。") % {"n": count})
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    if request.method == "GET":
        form = EmailModeForm(initial={"email_mode": services.email_mode(request.user)})
        return render(request, "notifications/settings.html", {"form": form})
    form = EmailModeForm(request.POST)
    if not form.is_valid():
        return render(request, "notifications/settings.html", {"form": form}, status=400)
    services.set_email_mode(user=request.user, mode=form.cleaned_data["email_mode"])
    messages.success(request, _("通知设置已保存。"))
    return redirect("notifications:settings")
