import sys

from django.template import defaultfilters as filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from horizon import exceptions
from horizon import messages
from horizon import tables
from horizon.utils import memoized

from trove_ds_dashboard import api
from trove_ds_dashboard.content.datastores import row_actions
from trove_ds_dashboard import exceptions as ds_exceptions


def version_display(version):
    """Name a version unambiguously: datastore, name and number."""
    return '%s %s (%s)' % (version.datastore_name or '', version.name,
                           version.version)


def skip_missing_version(request, version_display_name):
    """Report a version that is already gone as information, not failure.

    Trove returns 400 for an unknown version id. The batch action counts
    neither a success nor a failure for it, because the raised
    HandledException marks the message as already shown.
    """
    messages.info(request, _('Version %s was already deleted.')
                  % version_display_name)
    raise exceptions.HandledException(sys.exc_info())


class VersionAction(row_actions.RowActionMixin, tables.BatchAction):
    """A batch action on versions that reads the row, not the API."""

    def get_display(self, version_id):
        version = self.table.get_object_by_id(version_id)
        return version_display(version) if version else version_id

    def action(self, request, obj_id):
        try:
            self.apply(request, obj_id)
        except ds_exceptions.VersionNotFound:
            skip_missing_version(request, self.get_display(obj_id))
        except ds_exceptions.TroveError as error:
            # Horizon's own failure message leaves out the reason.
            messages.error(request, _('Unable to change version '
                                      '%(version)s: %(reason)s')
                           % {'version': self.get_display(obj_id),
                              'reason': error})
            raise exceptions.HandledException(sys.exc_info())

    def allowed(self, request, version=None):
        if version is None or self.is_posted(request):
            # A second click or a stale page may post an action that the
            # row no longer offers. The actions are idempotent, and Trove
            # explains a real refusal better than Horizon's "You are not
            # allowed to ...".
            return True
        return self.offered(version)

    def is_posted(self, request):
        """Return True while Horizon handles a POST of this action."""
        if request.method != 'POST':
            return False
        table, action, _rest = (request.POST.get('action', '') + '__') \
            .split('__', 2)
        return (table, action) == (self.table.name, self.name)


class CreateVersion(tables.LinkAction):
    name = 'create_version'
    verbose_name = _("Create Version")
    url = 'horizon:admin:datastores:create_version'
    classes = ('ajax-modal',)
    icon = 'plus'

    def get_link_url(self, datum=None):
        # A row of the datastores table is the datastore itself. Above the
        # versions table there is no row, and the page's URL names it.
        if datum is not None:
            return super().get_link_url(datum)
        return reverse(self.url, args=[self.table.kwargs['datastore_id']])


class EditVersion(tables.LinkAction):
    name = 'edit'
    verbose_name = _("Edit Version")
    url = 'horizon:admin:datastores:versions:update'
    classes = ('ajax-modal',)
    icon = 'pencil'


class SetDefaultVersion(VersionAction):
    name = 'set_default'
    help_text = _("The datastore's current default stops being the default.")

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Set as Default", "Set as Default", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Set as default", "Set as default", count)

    def offered(self, version):
        return version.active and not version.default

    def apply(self, request, obj_id):
        api.trove.version_set_default(request, obj_id)


class UnsetDefaultVersion(VersionAction):
    name = 'unset_default'
    help_text = _("The datastore will have no default version: instances "
                  "must then name a version.")

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Unset Default", "Unset Default", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Unset default", "Unset default", count)

    def offered(self, version):
        return bool(version.default)

    def apply(self, request, obj_id):
        api.trove.version_unset_default(request, obj_id)


class ActivateVersion(VersionAction):
    name = 'activate'

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Activate Version", "Activate Versions", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Activated Version", "Activated Versions",
                             count)

    def offered(self, version):
        return not version.active

    def apply(self, request, obj_id):
        api.trove.version_update(request, obj_id, active=True)


class DeactivateVersion(VersionAction):
    name = 'deactivate'
    help_text = _("Instances can no longer be created from an inactive "
                  "version. A default version that is deactivated stays "
                  "the default, and instances created without a version "
                  "then fail.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Horizon renders a POST action's button from action_type, not
        # from classes, and its script shows the confirm dialog, with
        # help_text, only for a btn-danger button.
        self.action_type = 'danger'

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Deactivate Version", "Deactivate Versions",
                             count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Deactivated Version", "Deactivated Versions",
                             count)

    def offered(self, version):
        return version.active

    def apply(self, request, obj_id):
        version = self.table.get_object_by_id(obj_id)
        api.trove.version_update(request, obj_id, active=False)
        if version is not None and version.default:
            messages.warning(request, _(
                'Version %s is still the default of its datastore but is now '
                'inactive: set another default or unset it.')
                % version_display(version))


class DeleteVersion(row_actions.RowActionMixin, tables.DeleteAction):
    help_text = _("Trove deletes the version's configuration parameters "
                  "with it. A version used by an instance, a backup or a "
                  "configuration group cannot be deleted.")

    @staticmethod
    def action_present(count):
        return ngettext_lazy("Delete Version", "Delete Versions", count)

    @staticmethod
    def action_past(count):
        return ngettext_lazy("Deleted Version", "Deleted Versions", count)

    def delete(self, request, obj_id):
        version = self.table.get_object_by_id(obj_id)
        display = version_display(version) if version else obj_id
        try:
            api.trove.version_delete(request, obj_id)
        except ds_exceptions.VersionNotFound:
            skip_missing_version(request, display)
        except ds_exceptions.TroveError as error:
            messages.error(request, _('Unable to delete version %(version)s: '
                                      '%(reason)s') % {'version': display,
                                                       'reason': error})
            raise exceptions.HandledException(sys.exc_info())


class VersionFilterAction(tables.FilterAction):
    """Match the filter text literally against the text columns."""

    def filter(self, table, versions, filter_string):
        query = filter_string.strip().lower()
        return [version for version in versions
                if query in _version_search_text(version)]


def _version_search_text(version):
    fields = [version.name, version.version, version.manager or '',
              version.image or '', ' '.join(version.image_tags),
              ' '.join(version.packages)]
    return ' '.join(fields).lower()


def image_display(version):
    """Show the Glance image name, or the tags Trove selects the image by."""
    if version.image:
        return getattr(version, 'image_name', None) or version.image
    if version.image_tags:
        return _('tags: %s') % ', '.join(version.image_tags)
    return '-'


def packages_display(version):
    return ', '.join(version.packages) or '-'


def version_link(version):
    return reverse('horizon:admin:datastores:versions:detail',
                   args=[version.id])


class VersionsTable(row_actions.MissingRowTableMixin, tables.DataTable):
    name = tables.WrappingColumn('name', verbose_name=_("Version Name"),
                                 link=version_link)
    version = tables.Column('version', verbose_name=_("Version Number"))
    manager = tables.Column('manager', verbose_name=_("Manager"),
                            empty_value=_("unknown"))
    image = tables.WrappingColumn(image_display, verbose_name=_("Image"))
    packages = tables.WrappingColumn(packages_display,
                                     verbose_name=_("Packages"))
    active = tables.Column('active', verbose_name=_("Active"),
                           filters=(filters.yesno, filters.capfirst))
    default = tables.Column('default', verbose_name=_("Default"),
                            filters=(filters.yesno, filters.capfirst))

    def get_object_display(self, version):
        return version_display(version) if version else None

    def get_object_by_id(self, lookup):
        version = super().get_object_by_id(lookup)
        if version is None:
            self._check_same_datastore(lookup)
        return version

    # Actions look the row up more than once per id, so the API call for
    # an unlisted id is made once.
    @memoized.memoized_method
    def _check_same_datastore(self, version_id):
        """Stop an action on a version of another datastore.

        An id the table does not list still goes to Trove, so that a
        version another admin deleted gets the "already deleted" message.
        A version that exists must belong to this page's datastore.
        """
        try:
            version = api.trove.version_get(self.request, version_id)
        except ds_exceptions.RECOVERABLE:
            # The action calls Trove again and reports its error.
            return
        if version.datastore_id == self.kwargs.get('datastore_id'):
            return
        messages.error(self.request, _(
            'Version %(version)s belongs to another datastore. Change it '
            'from the page of datastore %(datastore)s.')
            % {'version': version_display(version),
               'datastore': version.datastore_name})
        raise exceptions.Http302(self.get_full_url())

    class Meta(object):
        name = 'versions'
        verbose_name = _("Versions")
        table_actions = (VersionFilterAction, CreateVersion, ActivateVersion,
                         DeactivateVersion, DeleteVersion)
        row_actions = (EditVersion, SetDefaultVersion, UnsetDefaultVersion,
                       ActivateVersion, DeactivateVersion, DeleteVersion)
