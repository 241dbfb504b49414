from .selectors import haat_state as _haat_state


def haat_state(request):
    """Put the haat's state (open now, or the next opening) into every template, lazily."""
    state = None

    def get():
        nonlocal state
        if state is None:
            # Kept on the request: a view that read it already is not asked again, and
            # haat.core.pagecache reads when it changes.
            state = getattr(request, "haat_state", None)
            if state is None:
                state = request.haat_state = _haat_state()
        return state

    return {"haat_state": get}
