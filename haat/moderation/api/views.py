"""Reporting through the API: the same service as the report page."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from haat.core.api.schema import errors

from .. import services
from ..kinds import kind_named
from .serializers import ReportInputSerializer, ReportSerializer


class ReportCreateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="reports_create",
        summary="Report a product, a shop or a review",
        description="Tells the moderators that something breaks the rules. One report per "
        "member per object: a second one answers 409 with the code `already_reported`. "
        "An object members cannot see (unlisted, suspended, hidden) answers 404.",
        request=ReportInputSerializer,
        responses={201: ReportSerializer, **errors(400, 404, 409)},
        examples=[
            OpenApiExample(
                "A misleading product",
                value={"kind": "product", "id": 42, "reason": "misleading", "text": ""},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        data = ReportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = kind_named(data.validated_data["kind"]).visible(data.validated_data["id"])
        if target is None:
            raise NotFound()
        report = services.report_create(
            reporter=request.user,
            target=target,
            reason=data.validated_data["reason"],
            text=data.validated_data["text"],
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)
