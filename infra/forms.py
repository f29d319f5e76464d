"""Input text normalised at the boundary (api.md: "Text fields are stored normalised").

Forms and serializers both pass what the browser or client sent through
:func:`normalize_input`, which applies :func:`rules.text.normalize_text` to every string:
CRLF becomes ``\\n`` and control characters go, before any field validates it. Uploaded files
and non-string values pass through untouched.
"""

from __future__ import annotations

from django.http import QueryDict

from rules.text import normalize_data, normalize_text


def normalize_input(data):
    """``data`` (a QueryDict from a form post, or parsed JSON) with every string normalised."""
    if data is None:
        return None
    if isinstance(data, QueryDict):
        copy = QueryDict(mutable=True)
        for key, values in data.lists():
            copy.setlist(
                key, [normalize_text(v) if isinstance(v, str) else v for v in values]
            )
        copy._mutable = False
        return copy
    return normalize_data(data)


class NormalizedForm:
    """Mixin for a Django form: the bound data is normalised before any field sees it."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(normalize_input(data), *args, **kwargs)
