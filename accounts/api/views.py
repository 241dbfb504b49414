"""Registering and logging in from the app: doors into accounts.services."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import ratelimit
from accounts.services import LoginThrottled, member_authenticate, user_register
from haat.core.api.errors import TooManyAttempts
from haat.core.api.schema import errors
from haat.core.api.throttling import AnonRateThrottle, ScopedRateThrottle

from .serializers import RegisterSerializer, TokenRequestSerializer, TokenSerializer, UserSerializer

# The documented examples; the schemathesis run in tests/api sends them, so they work.
EXAMPLE_PHONE, EXAMPLE_PASSWORD = "01712345678", "mango-pickle-42"


class _AuthView(APIView):
    """Sign-up and log-in: anyone may call them, under the tighter ``auth`` rate."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle, ScopedRateThrottle]
    throttle_scope = "auth"


class RegisterView(_AuthView):
    @extend_schema(
        operation_id="auth_register",
        summary="Register a member",
        description="The phone number is normalised (01XXXXXXXXX). A number already "
        "registered, a weak password or a bad number: 400 with the field's message.",
        request=RegisterSerializer,
        responses={201: UserSerializer, **errors(400)},
        examples=[
            OpenApiExample(
                "A new member",
                value={"phone": "+880 1912-345678", "password": EXAMPLE_PASSWORD, "name": "Rahima"},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        data = RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = user_register(**data.validated_data)  # field errors become a 400
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenView(_AuthView):
    # Not the per-address ``auth`` rate: a carrier's NAT puts thousands of members behind
    # one address. Attempts per number and wrong passwords per address are counted
    # instead (accounts.ratelimit).
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        operation_id="auth_token",
        summary="Log in: exchange phone and password for a token",
        description="Send the token as `Authorization: Token <token>`. Attempts are "
        "counted per number, and wrong passwords per address: too many answer 429.",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **errors(400)},
        examples=[
            OpenApiExample(
                "Log in",
                value={"phone": EXAMPLE_PHONE, "password": EXAMPLE_PASSWORD},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        phone, password = data.validated_data["phone"], data.validated_data["password"]
        try:
            user = member_authenticate(
                request=request._request,
                phone=phone,
                password=password,
                address=ratelimit.client_address(request),
            )
        except LoginThrottled as exc:
            raise TooManyAttempts(wait=exc.wait) from exc
        if user is None:
            raise ValidationError(_("Wrong mobile number or password."), code="invalid_login")
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
