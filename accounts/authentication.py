"""API token authentication: django-rest-knox tokens (stored as SHA-512 digests, with an
expiry), sent as ``Authorization: Token <token>`` exactly as before (api.md)."""

from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework import exceptions

INACTIVE = _("账户已停用。")
INVALID = _("令牌无效或已过期，请重新获取。")


class Inactive(exceptions.AuthenticationFailed):
    pass


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except Inactive:
            raise
        except exceptions.AuthenticationFailed:
            raise exceptions.AuthenticationFailed(INVALID) from None

    def validate_user(self, auth_token):
        if not auth_token.user.is_active:
            raise Inactive(INACTIVE)
        return (auth_token.user, auth_token)
