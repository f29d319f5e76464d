from agencies.navigation import navigation_for


def membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    m = getattr(user, "membership", None)
    return {"membership": m, "nav_items": navigation_for(user)}
