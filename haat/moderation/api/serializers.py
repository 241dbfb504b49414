from rest_framework import serializers

from ..kinds import kind_of, kinds
from ..models import TEXT_MAX_LENGTH, Report


class ReportInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[], help_text="What is reported: `product`, `shop` or `review`."
    )
    id = serializers.IntegerField(min_value=1, help_text="The product's, shop's or review's id.")
    reason = serializers.ChoiceField(choices=Report.Reason.choices)
    text = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, default=""
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [kind.name for kind in kinds()]


class ReportSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "kind", "object_id", "reason", "text", "status", "created_at"]
        read_only_fields = fields

    def get_kind(self, report) -> str:
        return kind_of(report.content_type.model_class()).name
