"""Requests refused before any view reads them: bodies too large, paths no row can match.

``RequestSizeLimitMiddleware`` refuses a body over HAAT_REQUEST_MAX_BYTES with 413 before
reading any of it. nginx does the same in production (client_max_body_size); this is for
gunicorn alone (docker-compose, WhiteNoise): Django spools file uploads to disk with no
total limit, so without it one client could fill the disk with a single request.

``NulPathMiddleware`` answers 404 for a path with a NUL byte (``/shops/%00/``): a URL
pattern takes it as a slug, and the database driver refuses to send it (a 500).
"""

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from .api.errors import MESSAGES, error_body


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.HAAT_REQUEST_MAX_BYTES:
            return self._too_large(request)
        return self.get_response(request)

    def _too_large(self, request):
        limit_mb = settings.HAAT_REQUEST_MAX_BYTES // (1024 * 1024)
        message = _("The upload is too large: at most %(limit)s MB in one go.") % {
            "limit": limit_mb
        }
        if request.path.startswith("/api/"):
            response = JsonResponse(error_body("too_large", message), status=413)
        else:
            response = HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        # The unread body would be taken for the next request on a kept-alive connection.
        response["Connection"] = "close"
        return response


class NulPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            if request.path_info.startswith("/api/"):
                return JsonResponse(error_body("not_found", MESSAGES["not_found"]), status=404)
            raise Http404
        return self.get_response(request)
