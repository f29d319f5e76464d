from django.http import Http404

from cases.access import cases_for
from letters.models import Letter


def letters_for(user):
    return Letter.objects.filter(case__in=cases_for(user))


def get_letter_for(user, pk) -> Letter:
    try:
        return letters_for(user).select_related("case").get(pk=pk)
    except (Letter.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
