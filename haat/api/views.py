"""The haat calendar: the list of haats, the one open now, the next one."""

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from haat.core.api.pagination import SessionPagination
from haat.core.api.schema import errors
from haat.core.api.serializers import BLANK_MESSAGE
from haat.models import HaatSession
from haat.selectors import haat_state

from .serializers import HaatSessionSerializer


class StrictFilterForm(forms.Form):
    """A filter sent empty is refused, not ignored: the schema lists the values it takes."""

    def clean(self):
        cleaned = super().clean()
        for name in self.fields:
            if self.data.get(name) == "":
                self.add_error(name, forms.ValidationError(BLANK_MESSAGE, code="blank"))
        return cleaned


class HaatSessionFilter(django_filters.FilterSet):
    class Meta:
        model = HaatSession
        fields = ["status", "kind"]
        form = StrictFilterForm


class HaatListView(generics.ListAPIView):
    """Return the haats, the latest opening first (planned ones, the open one, past ones)."""

    permission_classes = [AllowAny]
    serializer_class = HaatSessionSerializer
    pagination_class = SessionPagination
    filterset_class = HaatSessionFilter
    queryset = HaatSession.objects.all()

    @extend_schema(
        operation_id="haats_list",
        responses={200: HaatSessionSerializer(many=True), **errors(400)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class _StateView(APIView):
    permission_classes = [AllowAny]
    which = ""

    def get(self, request):
        state = haat_state()
        session = getattr(state, self.which)
        if session is None:
            raise NotFound()
        return Response(HaatSessionSerializer(session, context={"now": state.now}).data)


class HaatCurrentView(_StateView):
    which = "current"

    @extend_schema(
        operation_id="haats_current",
        summary="The haat open now",
        description="404 (code `not_found`) when no haat is open.",
        responses={200: HaatSessionSerializer, **errors(404)},
    )
    def get(self, request):
        return super().get(request)


class HaatNextView(_StateView):
    which = "upcoming"

    @extend_schema(
        operation_id="haats_next",
        summary="The next haat to open",
        description="404 (code `not_found`) when none is planned.",
        responses={200: HaatSessionSerializer, **errors(404)},
    )
    def get(self, request):
        return super().get(request)
