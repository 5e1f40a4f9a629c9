import sys

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import exceptions
from horizon import messages
from horizon import tables

from trove_ds_dashboard import api
from trove_ds_dashboard import exceptions as ds_exceptions


class CreateDatastore(tables.LinkAction):
    name = 'create'
    verbose_name = _("Create Datastore")
    url = 'horizon:admin:datastores:create'
    classes = ('ajax-modal',)
    icon = 'plus'


class CreateVersion(tables.LinkAction):
    name = 'create_version'
    verbose_name = _("Create Version")
    url = 'horizon:admin:datastores:create_version'
    classes = ('ajax-modal',)
    icon = 'plus'


class DeleteDatastore(tables.DeleteAction):
    help_text = _("Trove deletes a datastore only when it has no versions.")

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Delete Datastore", "Delete Datastores", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Deleted Datastore", "Deleted Datastores",
                             count)

    def delete(self, request, obj_id):
        datastore = self.table.get_object_by_id(obj_id)
        name = datastore.name if datastore else obj_id
        if datastore and datastore.versions:
            self._reject(request, _(
                'Datastore %(name)s still has %(count)d versions. Delete its '
                'versions on its page first.') % {
                'name': name, 'count': len(datastore.versions)})
        try:
            api.trove.datastore_delete(request, obj_id)
        except ds_exceptions.TroveError as error:
            self._reject(request, _('Unable to delete datastore %(name)s: '
                                    '%(reason)s') % {'name': name,
                                                     'reason': error})

    @staticmethod
    def _reject(request, message):
        # The message names the reason; raising HandledException keeps
        # the batch action from adding a second, vaguer one.
        messages.error(request, message)
        raise exceptions.HandledException(sys.exc_info())


class DatastoreFilterAction(tables.FilterAction):
    """Match the filter text literally against name, id and default."""

    def filter(self, table, datastores, filter_string):
        query = filter_string.strip().lower()
        return [datastore for datastore in datastores
                if query in ' '.join((datastore.name, datastore.id,
                                      default_display(datastore))).lower()]


def default_display(datastore):
    version = datastore.default_version
    if version:
        return '%s (%s)' % (version.name, version.version)
    if datastore.default_missing:
        return _('missing (%s)') % datastore.default_version_id
    return _('none')


def versions_display(datastore):
    return _('%(active)d active / %(total)d') % {
        'active': datastore.active_count, 'total': len(datastore.versions)}


def datastore_link(datastore):
    return reverse('horizon:admin:datastores:detail', args=[datastore.id])


class DatastoresTable(tables.DataTable):
    name = tables.WrappingColumn('name', verbose_name=_("Name"),
                                 link=datastore_link)
    id = tables.Column('id', verbose_name=_("ID"))
    default_version = tables.Column(default_display,
                                    verbose_name=_("Default Version"))
    versions = tables.Column(versions_display, verbose_name=_("Versions"))

    def get_object_display(self, datastore):
        return datastore.name

    class Meta(object):
        name = 'datastores'
        verbose_name = _("Datastores")
        table_actions = (DatastoreFilterAction, CreateDatastore,
                         DeleteDatastore)
        row_actions = (CreateVersion, DeleteDatastore)
