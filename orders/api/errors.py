"""How a refused purchase reads in the API: registered with the API's error handler."""

from rest_framework import serializers

from haat.core.api.errors import domain_error

from ..errors import CartProblems, HaatClosed, PurchaseError


def purchase_details(exc: PurchaseError) -> dict:
    """Return what a client needs to fix a refused purchase: the lines, the next haat."""
    if isinstance(exc, CartProblems):
        return {
            "lines": [
                {
                    "product": line.product_id,
                    "title": line.title,
                    "code": line.code,
                    "message": str(line.message),
                    "requested": line.requested,
                    "available": line.available,
                    "old_price": None if line.old_price is None else str(line.old_price),
                    "new_price": None if line.new_price is None else str(line.new_price),
                }
                for line in exc.problems
            ]
        }
    if isinstance(exc, HaatClosed):
        upcoming = exc.next_session
        if upcoming is None:
            return {"next_haat": None}
        moment = serializers.DateTimeField()  # the same format as every other time
        return {
            "next_haat": {
                "id": upcoming.pk,
                "number": upcoming.number,
                "opens_at": moment.to_representation(upcoming.opens_at),
                "closes_at": moment.to_representation(upcoming.closes_at),
            }
        }
    return {}


domain_error(PurchaseError, purchase_details)
