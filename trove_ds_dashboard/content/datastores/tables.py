import sys

from django.template import defaultfilters as filters
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import exceptions
from horizon import messages
from horizon import tables

from trove_ds_dashboard import api
from trove_ds_dashboard.content.datastores import row_actions
from trove_ds_dashboard.content.datastores import paging
from trove_ds_dashboard.content.datastores.versions import tables as \
    version_tables
from trove_ds_dashboard import exceptions as ds_exceptions


class CreateDatastore(tables.LinkAction):
    name = 'create'
    verbose_name = _("Create Datastore")
    url = 'horizon:admin:datastores:create'
    classes = ('ajax-modal',)
    icon = 'plus'


class DeleteDatastore(row_actions.RowActionMixin,
                      tables.DeleteAction):
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
        except ds_exceptions.NOT_FOUND:
            messages.info(request, _('Datastore %s was already deleted.')
                          % name)
            raise exceptions.HandledException(sys.exc_info())
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
        # default_display returns lazy translations, which join() rejects.
        return [datastore for datastore in datastores
                if query in ' '.join((datastore.name, datastore.id,
                                      str(default_display(datastore))))
                .lower()]


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


class AllVersions(tables.LinkAction):
    name = 'all_versions'
    verbose_name = _("All Versions")
    url = 'horizon:admin:datastores:all_versions'
    icon = 'list'


class DatastoresTable(row_actions.MissingRowTableMixin, tables.DataTable):
    name = tables.WrappingColumn('name', verbose_name=_("Name"),
                                 link=datastore_link)
    id = tables.Column('id', verbose_name=_("ID"))
    default_version = tables.Column(default_display,
                                    verbose_name=_("Default Version"))
    versions = tables.Column(versions_display, verbose_name=_("Versions"))

    def get_object_display(self, datastore):
        return datastore.name if datastore else None

    class Meta(object):
        name = 'datastores'
        verbose_name = _("Datastores")
        table_actions = (DatastoreFilterAction, AllVersions,
                         CreateDatastore, DeleteDatastore)
        row_actions = (version_tables.CreateVersion, DeleteDatastore)


class AllVersionsFilterAction(tables.FilterAction):
    """Filter on the server, over every version, before the page is cut.

    The view applies the filter while it builds the page, so ``filter``
    leaves the page as it is.
    """

    filter_type = 'server'
    filter_choices = (('text', _("Text"), True),)

    def filter(self, table, versions, filter_string):
        return versions


def version_datastore_link(version):
    return reverse('horizon:admin:datastores:detail',
                   args=[version.datastore_id])


def sort_link(column, sort):
    """Return a header that sorts the whole list by ``column``.

    A second click on the current sort column reverses the order.
    """
    current = paging.parse_sort(sort) or (paging.DEFAULT_SORT, False)
    if current[0] != column.name:
        return format_html('<a href="?sort={}">{}</a>', column.name,
                           column.label)
    arrow = '\u25bc' if current[1] else '\u25b2'
    target = column.name if current[1] else '-' + column.name
    return format_html('<a href="?sort={}">{} {}</a>', target, column.label,
                       arrow)


class AllVersionsTable(tables.DataTable):
    """Every version of every datastore, one page at a time.

    Built from the admin datastore list, which carries every version but
    not its manager. Each datastore's page shows the manager.
    """

    datastore = tables.WrappingColumn(
        'datastore_name', verbose_name=_("Datastore"),
        link=version_datastore_link, sortable=False)
    name = tables.WrappingColumn(
        'name', verbose_name=_("Version Name"),
        link=version_tables.version_link, sortable=False)
    version = tables.Column('version', verbose_name=_("Version Number"),
                            sortable=False)
    image = tables.WrappingColumn(version_tables.image_display,
                                  verbose_name=_("Image"), sortable=False)
    packages = tables.WrappingColumn(version_tables.packages_display,
                                     verbose_name=_("Packages"),
                                     sortable=False)
    active = tables.Column('active', verbose_name=_("Active"),
                           filters=(filters.yesno, filters.capfirst),
                           sortable=False)
    default = tables.Column('default', verbose_name=_("Default"),
                            filters=(filters.yesno, filters.capfirst),
                            sortable=False)

    def set_sort(self, sort):
        """Make the sortable headers links that sort on the server.

        The browser's own column sort is off (sortable=False), because it
        would order only the rows of one page.
        """
        for name in paging.SORT_KEYS:
            column = self.columns[name]
            if not hasattr(column, 'label'):
                column.label = column.verbose_name
            column.verbose_name = sort_link(column, sort)

    def get_object_display(self, version):
        return version_tables.version_display(version)

    class Meta(object):
        name = 'all_versions'
        verbose_name = _("All Versions")
        table_actions = (AllVersionsFilterAction,)
