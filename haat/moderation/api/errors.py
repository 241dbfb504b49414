"""How a second report reads in the API: registered with the API's error handler."""

from haat.core.api.errors import domain_error

from ..errors import AlreadyReported

domain_error(AlreadyReported)
