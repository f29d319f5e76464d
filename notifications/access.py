from django.http import Http404

from notifications.models import Notification


def notifications_for(user):
    """A person's own notices, nobody else's."""
    return Notification.objects.filter(recipient_id=user.pk)


def get_notification_for(user, pk) -> Notification:
    try:
        return notifications_for(user).get(pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
