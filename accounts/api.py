"""POST /api/v1/auth/token/ and POST /api/v1/auth/logout/ (api.md "Conventions")."""

from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import access, services, twofactor
from accounts.authentication import TokenAuthentication
from accounts.lockout import lockout_message
from accounts.models import AccountEvent, EventKind


class LockedOut(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("用户名"), max_length=150)
    password = serializers.CharField(label=_("密码"), max_length=128, trim_whitespace=False)
    otp = serializers.CharField(
        label=_("两步验证码"),
        max_length=20,
        required=False,
        allow_blank=True,
        help_text=_("已启用两步验证的账户必填：6 位动态码或一个恢复码。"),
    )

    def validate(self, attrs):
        request = self.context["request"]
        user = authenticate(request, username=attrs["username"], password=attrs["password"])
        if getattr(request, "axes_locked_out", False):
            raise LockedOut(lockout_message())
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                {"password": [_("用户名或密码不正确。")]}, code="authorization"
            )
        if twofactor.has_device(user):
            code = attrs.get("otp", "")
            try:
                twofactor.verify(user, code)
            except twofactor.OTPError as exc:
                if code:
                    user_login_failed.send(
                        sender=__name__,
                        credentials={"username": user.get_username(), "reason": "otp"},
                        request=request,
                    )
                    if getattr(request, "axes_locked_out", False):
                        raise LockedOut(lockout_message()) from None
                raise serializers.ValidationError({"otp": [exc.message]}) from None
        elif twofactor.must_enrol(user):
            raise exceptions.PermissionDenied(
                _("您的角色须启用两步验证：请先在网页上登录并完成设置，再获取接口令牌。")
            )
        if services.must_change_password(user):
            raise exceptions.PermissionDenied(_("请先在网页上登录并修改管理员为您设置的初始密码。"))
        attrs["user"] = user
        return attrs


class TokenView(APIView):
    """Exchange a username and password (and, once enrolled, a two-factor code) for an API
    token that expires after API_TOKEN_HOURS."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer(
                "TokenResponse",
                {"token": serializers.CharField(), "expiry": serializers.DateTimeField()},
            ),
            400: OpenApiResponse(description="wrong username, password or two-factor code"),
            403: OpenApiResponse(description="two-factor set-up or a password change needed"),
            429: OpenApiResponse(description="locked out after repeated failures"),
        },
    )
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        instance, token = services.issue_token(user=user, request=request)
        user_logged_in.send(sender=get_user_model(), request=request, user=user)
        return Response({"token": token, "expiry": instance.expiry}, status=status.HTTP_200_OK)


class LogoutView(APIView):
    """Revoke the token this request was made with."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if request.auth is not None:  # always a token here (TokenAuthentication only)
            services.revoke_tokens(
                user=request.user, actor=request.user, request=request, reason="logout",
                token=request.auth,
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


class AccountEventSerializer(serializers.ModelSerializer):
    agency = serializers.IntegerField(source="agency_id", allow_null=True)

    class Meta:
        model = AccountEvent
        fields = ["id", "at", "kind", "username", "actor_username", "agency", "role",
                  "previous_role", "ip_address", "channel", "detail"]


class AccountEventFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EventKind.choices, required=False)
    username = serializers.CharField(required=False, max_length=150)


class AccountEventListView(generics.ListAPIView):
    """GET /api/v1/account-events/?kind=&username=: the account log of the user's agency
    (agency admins and auditors; the platform administrator: all), newest first."""

    serializer_class = AccountEventSerializer

    @extend_schema(parameters=[AccountEventFilterSerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not access.may_read_log(self.request.user):
            raise exceptions.PermissionDenied(_("只有机关管理员和监督员可以查看账户日志。"))
        params = AccountEventFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        events = access.events_for(self.request.user)
        if kind := params.validated_data.get("kind"):
            events = events.filter(kind=kind)
        if username := params.validated_data.get("username"):
            events = events.filter(username=username)
        return events.order_by("-at", "-id")
