"""Input text normalised at the boundary (api.md: "Text fields are stored normalised").

Forms and serializers both pass what the browser or client sent through
:func:`normalize_input`, which applies :func:`rules.text.normalize_text` to every string:
CRLF becomes ``\\n`` and control characters go, before any field validates it. Uploaded files
and non-string values pass through untouched.
"""

from __future__ import annotations

from django.http import QueryDict
from django.utils.translation import gettext as _

from rules.text import invisible_characters, normalize_data, normalize_text

# Names and identifiers: an invisible character in one of these makes two look alike (a
# zero-width space in an ID number defeats the duplicate check), so it is refused, not dropped.
IDENTIFIER_FIELDS = frozenset(
    {
        "name", "short_name", "contact_name", "filled_by", "id_number", "username",
        "first_name", "last_name", "phone", "email", "postcode",
    }
)


def invisible_message(value: str) -> str | None:
    """The field error for a name or identifier with invisible characters, else ``None``."""
    chars = invisible_characters(value)
    if not chars:
        return None
    return _("含有不可见字符（%(chars)s），请删除后重新输入。") % {
        "chars": "、".join(f"U+{ord(c):04X}" for c in chars)
    }


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


class VisibleIdentifiersForm:
    """Mixin for a Django form: a name or identifier (IDENTIFIER_FIELDS) with an invisible
    character gets an error at its field, judged on what was sent, before any normalising."""

    def __init__(self, data=None, *args, **kwargs):
        if not hasattr(self, "_sent_data"):
            self._sent_data = data
        super().__init__(data, *args, **kwargs)

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or self._sent_data is None:
            return
        for name in self.fields:
            if name not in IDENTIFIER_FIELDS:
                continue
            value = self._sent_data.get(self.add_prefix(name))
            if isinstance(value, str) and (message := invisible_message(value)):
                self.add_error(name, message)


class NormalizedForm(VisibleIdentifiersForm):
    """Mixin for a Django form: the bound data is normalised before any field sees it (and
    names and identifiers with invisible characters are refused: VisibleIdentifiersForm)."""

    def __init__(self, data=None, *args, **kwargs):
        self._sent_data = data
        super().__init__(normalize_input(data), *args, **kwargs)
