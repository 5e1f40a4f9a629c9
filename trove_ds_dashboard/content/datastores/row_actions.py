"""Batch actions that stay correct while other requests change things.

Two gaps in Horizon 27's tables show when admins work at the same time:

* An action on a row that another admin deleted after this page loaded
  ended without a word. get_object_by_id raises Http302 for an id the
  table no longer lists and drops its message, and BatchAction refuses
  every row of a table left without data ("You are not allowed to ...").
  Here the action runs with None as the row, reaches Trove, and reports
  Trove's response, which for a deleted object is the panel's "already
  deleted" message.
* A table class creates its action instances once, and every new table
  of that class, in any request, points their ``table`` attribute at
  itself. An action that reads ``self.table`` while another request
  builds its table reads the other request's table: a version delete
  found no rows (TypeError), and a parameter delete could take its
  version id from another page. Here each handled POST runs on a copy of
  the action bound to the request's own table.
"""

import copy

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


class RowActionMixin(object):
    """A batch action that handles a POST on its own table and rows."""

    def handle(self, table, request, obj_ids):
        action = copy.copy(self)
        action.table = table
        action.success_ids = []
        return super(RowActionMixin, action).handle(table, request, obj_ids)

    def _allowed(self, request, datum=None):
        if datum is None and request.method == 'POST':
            # Skip only BatchAction's check for a table without data.
            return super(tables.BatchAction, self)._allowed(request, datum)
        return super()._allowed(request, datum)
