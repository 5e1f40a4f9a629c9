"""Row actions on objects that disappeared after the page was loaded.

Another admin may delete a version, a parameter or a datastore while this
page still lists it. Horizon 27 then ends the row action without a word:
its get_object_by_id raises Http302 for an id the table no longer lists
and drops its message, and BatchAction refuses every row of a table left
without data ("You are not allowed to ..."). With these mixins the action
runs with None as the row, reaches Trove, and reports Trove's answer,
which for a deleted object is the panel's "already deleted" message.
"""

from horizon import exceptions
from horizon import tables


class MissingRowTableMixin(object):
    """Return None for an id the table does not list.

    Tables that use it must accept None in get_object_display.
    """

    def get_object_by_id(self, lookup):
        try:
            return super().get_object_by_id(lookup)
        except exceptions.Http302:
            return None


class MissingRowActionMixin(object):
    """Let a posted batch action run on a row the table does not list."""

    def _allowed(self, request, datum=None):
        if datum is None and request.method == 'POST':
            # Skip only BatchAction's check for a table without data.
            return super(tables.BatchAction, self)._allowed(request, datum)
        return super()._allowed(request, datum)
