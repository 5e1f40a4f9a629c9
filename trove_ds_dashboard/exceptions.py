"""Exception classes the panel raises, grouped the way Horizon expects.

The enabled files pass these tuples to Horizon's ``ADD_EXCEPTIONS`` so
that ``horizon.exceptions.handle()`` can tell which errors log the user out,
which mean "not found" and which are shown as a message.
"""

from troveclient import exceptions as trove_exceptions


class TroveError(Exception):
    """An error from Trove, with a message an operator can act on.

    ``str()`` returns Trove's own message, which ``exceptions.handle()``
    appends to the panel's "Unable to ..." text.
    """

    def __init__(self, message, http_status=None):
        super().__init__(message)
        self.message = message
        self.http_status = http_status

    def __str__(self):
        return str(self.message)


class VersionNotFound(TroveError):
    """Trove has no datastore version with the requested id.

    Trove 26 returns 400, not 404, for an unknown version, so the API
    module raises this class when it recognises that response.
    """


class InvalidIdentifier(TroveError):
    """An id or parameter name that cannot be put into a Trove URL.

    troveclient puts ids into the URL path as they are, so "../" in one
    would reach another resource. The API module raises this class
    before it makes such a call.
    """


class AdminRequired(TroveError):
    """Trove rejected a management call because the user is not an admin.

    Trove returns 401 here. Horizon would log the user out on a 401, but
    the token is valid, so this is reported as a message instead.
    """


class TroveUnavailable(TroveError):
    """Trove could not be reached, or did not respond in time."""


class TroveTimedOut(TroveUnavailable):
    """Trove did not respond within TROVE_DS_API_TIMEOUT seconds."""


UNAUTHORIZED = (trove_exceptions.Unauthorized,)
NOT_FOUND = (trove_exceptions.NotFound, VersionNotFound)
RECOVERABLE = (trove_exceptions.ClientException, TroveError)
