from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from horizon import forms
from horizon import tabs
from horizon.utils import memoized
from openstack_dashboard.api import glance

from trove_ds_dashboard import api
from trove_ds_dashboard.content.datastores.versions import forms as \
    version_forms
from trove_ds_dashboard.content.datastores.versions import tables as \
    version_tables
from trove_ds_dashboard.content.datastores.versions import tabs as \
    version_tabs

INDEX_URL = reverse_lazy('horizon:admin:datastores:index')


def datastore_url(version):
    return reverse('horizon:admin:datastores:detail',
                   args=[version.datastore_id])


class VersionMixin(object):
    """Load the version named in the URL once per request."""

    @memoized.memoized_method
    def get_version(self):
        try:
            return api.trove.version_get(self.request,
                                         self.kwargs['version_id'])
        except Exception:
            # NOTE: after a Trove timeout, the index this redirects to calls
            # Trove again and waits as long a second time.
            exceptions.handle(self.request,
                              _('Unable to retrieve the version.'),
                              redirect=INDEX_URL)


def add_image_name(request, version):
    """Look up the name of the version's Glance image, if it has one."""
    if not version.image:
        return
    try:
        version.image_name = glance.image_get(request, version.image).name
    except Exception:
        exceptions.handle(request, ignore=True)
        version.image_name = None


class DetailView(VersionMixin, tabs.TabbedTableView):
    tab_group_class = version_tabs.VersionDetailTabs
    template_name = 'horizon/common/_detail.html'
    page_title = "{{ version.datastore_name }} {{ version.name }} " \
                 "({{ version.version }})"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        version = self.get_version()
        table = version_tables.VersionsTable(
            self.request, datastore_id=version.datastore_id)
        context['version'] = version
        context['url'] = datastore_url(version)
        context['actions'] = table.render_row_actions(version)
        return context

    @memoized.memoized_method
    def get_shown_version(self):
        version = self.get_version()
        add_image_name(self.request, version)
        return version

    def get_tabs(self, request, *args, **kwargs):
        # Horizon's TabView calls get_tabs twice per request and caches the
        # group it builds, so Glance gets one image lookup.
        return super().get_tabs(request, version=self.get_shown_version(),
                                **kwargs)


def initial_from_version(version):
    """Return form initial values; lists become comma-separated text."""
    return {
        'id': version.id,
        'datastore_name': version.datastore_name,
        'name': version.name,
        'version': version.version,
        'manager': version.manager,
        'image': version.image or version_forms.NO_IMAGE,
        'image_tags': ', '.join(version.image_tags),
        'packages': ', '.join(version.packages),
        'active': version.active,
        'default': bool(version.default),
        'registry_ext': version.registry_ext,
        'repl_strategy': version.repl_strategy,
    }


class EditView(VersionMixin, forms.ModalFormView):
    form_class = version_forms.EditVersionForm
    form_id = 'edit_version_form'
    modal_id = 'edit_version_modal'
    modal_header = _("Edit Version")
    page_title = _("Edit Version")
    submit_label = _("Save Changes")
    submit_url = 'horizon:admin:datastores:versions:update'
    template_name = 'admin/datastores/versions/update.html'

    def get_initial(self):
        return initial_from_version(self.get_version())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context['version'] = self.get_version()
        context['submit_url'] = reverse(self.submit_url,
                                        args=[self.kwargs['version_id']])
        return context

    def get_success_url(self):
        return datastore_url(self.get_version())

    def get_cancel_url(self):
        # Horizon's modal shows a Cancel button only with a cancel URL.
        return self.get_success_url()
