from notifications.services import unread_count


def bell(request):
    """The unread count for the bell in every page's header: one COUNT query per page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
