from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from agencies.navigation import ROLE_HOME_TEMPLATES


@login_required
def home(request):
    """Each role lands on its own workspace."""
    membership = getattr(request.user, "membership", None)
    template = ROLE_HOME_TEMPLATES.get(membership.role) if membership else None
    return render(request, template or "home/no_role.html", {})
