import sys

from django.template import defaultfilters as filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import exceptions
from horizon import messages
from horizon import tables

from trove_ds_dashboard import api
from trove_ds_dashboard.content.datastores import row_actions
from trove_ds_dashboard.content.datastores.parameters import rules
from trove_ds_dashboard import exceptions as ds_exceptions


def _version_id(table):
    return table.kwargs['version_id']


class AddParameter(tables.LinkAction):
    name = 'add'
    verbose_name = _("Add Parameter")
    url = 'horizon:admin:datastores:versions:parameters:add'
    classes = ('ajax-modal',)
    icon = 'plus'

    def get_link_url(self, datum=None):
        return reverse(self.url, args=[_version_id(self.table)])


class ImportParameters(tables.LinkAction):
    name = 'import'
    verbose_name = _("Import")
    url = 'horizon:admin:datastores:versions:parameters:import'
    icon = 'upload'

    def get_link_url(self, datum=None):
        return reverse(self.url, args=[_version_id(self.table)])


class CopyParameters(ImportParameters):
    name = 'copy'
    verbose_name = _("Copy from Version")
    url = 'horizon:admin:datastores:versions:parameters:copy'
    icon = 'copy'


class ExportParameters(ImportParameters):
    name = 'export'
    verbose_name = _("Export")
    url = 'horizon:admin:datastores:versions:parameters:export'
    icon = 'download'


class EditParameter(tables.LinkAction):
    name = 'edit'
    verbose_name = _("Edit Parameter")
    url = 'horizon:admin:datastores:versions:parameters:update'
    classes = ('ajax-modal',)
    icon = 'pencil'

    def allowed(self, request, rule=None):
        # Trove's API saves only integer and string rules.
        return rule is None or rule.type in rules.REST_TYPES

    def get_link_url(self, rule):
        return reverse(self.url, args=[_version_id(self.table), rule.name])


class DeleteParameter(row_actions.RowActionMixin,
                      tables.DeleteAction):
    help_text = _("Configuration groups of this version can no longer set "
                  "a deleted parameter.")

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Delete Parameter", "Delete Parameters", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Deleted Parameter", "Deleted Parameters",
                             count)

    def delete(self, request, obj_id):
        try:
            api.trove.parameter_delete(request, _version_id(self.table),
                                       obj_id)
        except ds_exceptions.TroveError as error:
            # Trove returns 400 for a rule that is already gone.
            if 'does not exist' in str(error):
                messages.info(request, _('Parameter %s was already '
                                         'deleted.') % obj_id)
            else:
                messages.error(request, _(
                    'Unable to delete parameter %(name)s: %(reason)s')
                    % {'name': obj_id, 'reason': error})
            raise exceptions.HandledException(sys.exc_info())


class ParameterFilterAction(tables.FilterAction):
    """Match the filter text literally against name and type.

    Rows are rules, or plan items that carry a rule.
    """

    def filter(self, table, rows, filter_string):
        query = filter_string.strip().lower()
        return [row for row in rows
                if query in _search_text(getattr(row, 'rule', row))]


def _search_text(rule):
    return ('%s %s' % (rule.name, rule.type)).lower()


def bound_display(field):
    def display(rule):
        value = getattr(rule, field)
        return _('unset') if value is None else value
    return display


class ParametersTable(row_actions.MissingRowTableMixin,
                      tables.DataTable):
    name = tables.WrappingColumn('name', verbose_name=_("Name"))
    type = tables.Column('type', verbose_name=_("Type"))
    minimum = tables.Column(bound_display('minimum'),
                            verbose_name=_("Minimum"))
    maximum = tables.Column(bound_display('maximum'),
                            verbose_name=_("Maximum"))
    restart_required = tables.Column(
        'restart_required', verbose_name=_("Restart Required"),
        filters=(filters.yesno, filters.capfirst))

    def get_object_id(self, rule):
        return rule.name

    class Meta(object):
        name = 'parameters'
        verbose_name = _("Configuration Parameters")
        table_actions = (ParameterFilterAction, AddParameter,
                         ImportParameters, CopyParameters, ExportParameters,
                         DeleteParameter)
        row_actions = (EditParameter, DeleteParameter)


ACTION_LABELS = {
    rules.CREATE: _("Create"),
    rules.UPDATE: _("Update"),
    rules.UNCHANGED: _("Unchanged"),
    rules.SKIP: _("Skip"),
    rules.FAILED: _("Failed"),
}


class PlanTable(tables.DataTable):
    """Preview of an import or copy: one row per rule in the source."""

    position = tables.Column('position', verbose_name=_("#"))
    name = tables.WrappingColumn(lambda item: item.rule.name,
                                 verbose_name=_("Name"))
    action = tables.Column(lambda item: ACTION_LABELS.get(item.action),
                           verbose_name=_("Action"))
    type = tables.Column(lambda item: item.rule.type,
                         verbose_name=_("Type"))
    minimum = tables.Column(lambda item: bound_display('minimum')(item.rule),
                            verbose_name=_("Minimum"))
    maximum = tables.Column(lambda item: bound_display('maximum')(item.rule),
                            verbose_name=_("Maximum"))
    reason = tables.WrappingColumn('reason', verbose_name=_("Reason"))

    class Meta(object):
        name = 'plan'
        verbose_name = _("Preview")
        multi_select = False

    def get_object_id(self, item):
        return item.id


class ResultTable(PlanTable):
    """Outcome of an import or copy: one row per rule in the source."""

    class Meta(object):
        name = 'result'
        verbose_name = _("Result")
        multi_select = False
