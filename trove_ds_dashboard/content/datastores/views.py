"""Admin views for Trove datastores and their versions."""

from django.urls import reverse
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from horizon import forms
from horizon import messages
from horizon import tables
from horizon import tabs
from horizon.utils import functions
from horizon.utils import memoized

from trove_ds_dashboard import api
from trove_ds_dashboard.content.datastores import forms as ds_forms
from trove_ds_dashboard.content.datastores import paging
from trove_ds_dashboard.content.datastores import tables as ds_tables
from trove_ds_dashboard.content.datastores import tabs as ds_tabs
from trove_ds_dashboard.content.datastores import validators
from trove_ds_dashboard.content.datastores.versions import forms as \
    version_forms

INDEX_URL = reverse_lazy('horizon:admin:datastores:index')


class IndexView(tables.DataTableView):
    table_class = ds_tables.DatastoresTable
    page_title = _("Datastores")

    def get_data(self):
        try:
            datastores = api.trove.datastore_list(self.request)
        except Exception:
            exceptions.handle(self.request,
                              _('Unable to retrieve the datastores.'))
            return []
        return sorted(datastores, key=lambda datastore: datastore.name)


class AllVersionsView(tables.DataTableView):
    """List every version of every datastore from one Trove call.

    The filter, the sort and the page markers are applied here, over all
    versions, so they hold for the rows on other pages too.
    """

    table_class = ds_tables.AllVersionsTable
    page_title = _("All Versions")

    def current_sort(self):
        """Return the requested sort, remembered in the session."""
        key = '%s__sort' % self.table_class._meta.name
        requested = self.request.GET.get('sort')
        if paging.parse_sort(requested):
            self.request.session[key] = requested
        return self.request.session.get(key, paging.DEFAULT_SORT)

    def get_data(self):
        self._more = self._prev = False
        sort = self.current_sort()
        self.table.set_sort(sort)
        try:
            datastores = api.trove.datastore_list(self.request)
        except Exception:
            exceptions.handle(self.request,
                              _('Unable to retrieve the versions.'))
            return []
        versions = [version for datastore in datastores
                    for version in datastore.versions]
        versions = paging.filter_versions(versions,
                                          self.table.get_filter_string())
        versions = paging.sort_versions(versions, sort)
        meta = self.table._meta
        page, self._prev, self._more = paging.cut_page(
            versions, functions.get_page_size(self.request),
            marker=self.request.GET.get(meta.pagination_param),
            prev_marker=self.request.GET.get(meta.prev_pagination_param))
        return page

    def has_prev_data(self, table):
        return self._prev

    def has_more_data(self, table):
        return self._more


class DatastoreMixin(object):
    """Load the datastore named in the URL, with its versions, once."""

    @memoized.memoized_method
    def get_datastore(self):
        try:
            datastore = api.trove.datastore_get(self.request,
                                                self.kwargs['datastore_id'])
        except Exception:
            # NOTE: after a Trove timeout, the index this redirects to calls
            # Trove again and waits as long a second time.
            exceptions.handle(self.request,
                              _('Unable to retrieve the datastore.'),
                              redirect=INDEX_URL)

        if datastore.managers_unknown:
            messages.warning(self.request, _(
                'Trove did not list the versions of all datastores within '
                '%s seconds, so the managers are unknown. Raise '
                'TROVE_DS_API_TIMEOUT in Horizon\'s settings to see '
                'them.') % api.trove.api_timeout())
        return datastore


class DetailView(DatastoreMixin, tabs.TabbedTableView):
    tab_group_class = ds_tabs.DatastoreDetailTabs
    template_name = 'horizon/common/_detail.html'
    page_title = "{{ datastore.name }}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        datastore = self.get_datastore()
        table = ds_tables.DatastoresTable(self.request)
        context['datastore'] = datastore
        context['url'] = INDEX_URL
        context['actions'] = table.render_row_actions(datastore)
        return context

    def get_tabs(self, request, *args, **kwargs):
        return super().get_tabs(request, datastore=self.get_datastore(),
                                **kwargs)


class CreateDatastoreView(forms.ModalFormView):
    form_class = ds_forms.CreateDatastoreForm
    form_id = 'create_datastore_form'
    modal_id = 'create_datastore_modal'
    modal_header = _("Create Datastore")
    page_title = _("Create Datastore")
    submit_label = _("Create Datastore")
    submit_url = reverse_lazy('horizon:admin:datastores:create')
    template_name = 'admin/datastores/create.html'
    success_url = INDEX_URL
    initial = {'active': True}


class CreateVersionView(forms.ModalFormView):
    form_class = version_forms.CreateVersionForm
    form_id = 'create_version_form'
    modal_id = 'create_version_modal'
    modal_header = _("Create Version")
    page_title = _("Create Version")
    submit_label = _("Create Version")
    submit_url = 'horizon:admin:datastores:create_version'
    template_name = 'admin/datastores/versions/create.html'

    @memoized.memoized_method
    def get_datastore(self):
        # The form needs only the name and one manager to suggest. The
        # management version list costs time in proportion to the whole
        # catalog, so the form uses Trove's datastore show instead.
        try:
            return api.trove.datastore_show(self.request,
                                            self.kwargs['datastore_id'])
        except Exception:
            exceptions.handle(self.request,
                              _('Unable to retrieve the datastore.'),
                              redirect=INDEX_URL)

    def suggested_manager(self):
        """Return the manager of the default or first active version.

        Without an active version, a datastore named like a manager
        suggests that manager. Otherwise it returns None and the form
        starts on the first manager, mysql.
        """
        datastore = self.get_datastore()
        version = datastore.default_version or next(
            iter(datastore.versions), None)
        if version is None:
            known = datastore.name in validators.MANAGER_DEFAULTS
            return datastore.name if known else None
        try:
            return api.trove.version_get(self.request, version.id).manager
        except Exception:
            exceptions.handle(self.request, ignore=True)
            return None

    def get_initial(self):
        return {'datastore_name': self.get_datastore().name, 'active': True,
                'manager': self.suggested_manager()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context['datastore'] = self.get_datastore()
        context['submit_url'] = reverse(self.submit_url,
                                        args=[self.kwargs['datastore_id']])
        return context

    def get_success_url(self):
        return reverse('horizon:admin:datastores:detail',
                       args=[self.kwargs['datastore_id']])

    def get_cancel_url(self):
        # Horizon's modal shows a Cancel button only with a cancel URL.
        return self.get_success_url()
