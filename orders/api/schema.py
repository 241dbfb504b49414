"""The OpenAPI body of a refused purchase (409): every cart line at fault, the next haat."""

from rest_framework import serializers

from haat.core.api.schema import ErrorDetailSerializer, error_schema


class LineProblemSerializer(serializers.Serializer):
    product = serializers.IntegerField()
    title = serializers.CharField()
    code = serializers.ChoiceField(
        choices=["unavailable", "price_changed", "insufficient_stock", "invalid_quantity"]
    )
    message = serializers.CharField()
    requested = serializers.IntegerField()
    available = serializers.IntegerField()
    old_price = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    new_price = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)


class NextHaatSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField(allow_null=True)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()


class PurchaseErrorDetailsSerializer(serializers.Serializer):
    lines = LineProblemSerializer(
        many=True, required=False, help_text="With `cart_problems`: every line at fault."
    )
    next_haat = NextHaatSerializer(
        required=False, allow_null=True, help_text="With `haat_closed`: the next haat."
    )


class PurchaseErrorDetailSerializer(ErrorDetailSerializer):
    details = PurchaseErrorDetailsSerializer()


class PurchaseErrorSerializer(serializers.Serializer):
    """A refused purchase: `haat_closed`, `cart_problems`, `invalid_transition`, …"""

    error = PurchaseErrorDetailSerializer()


error_schema(409, PurchaseErrorSerializer)
