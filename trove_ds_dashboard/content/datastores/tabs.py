from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from horizon import tabs
from openstack_dashboard.api import glance

from trove_ds_dashboard.content.datastores import tables as ds_tables
from trove_ds_dashboard.content.datastores.versions import tables as \
    version_tables


class OverviewTab(tabs.Tab):
    name = _("Overview")
    slug = 'overview'
    template_name = 'admin/datastores/_detail_overview.html'

    def get_context_data(self, request):
        datastore = self.tab_group.kwargs['datastore']
        return {'datastore': datastore,
                'default_display': ds_tables.default_display(datastore)}


def image_names(request):
    """Map Glance image ids to names, from one call; {} if Glance fails."""
    try:
        images, _more, _prev = glance.image_list_detailed(request)
    except Exception:
        exceptions.handle(request, _('Unable to list Glance images, so '
                                     'image ids are shown without names.'))
        return {}
    return {image.id: image.name for image in images}


class VersionsTab(tabs.TableTab):
    name = _("Versions")
    slug = 'versions'
    table_classes = (version_tables.VersionsTable,)
    template_name = 'horizon/common/_detail_table.html'
    preload = True

    def get_versions_data(self):
        versions = self.tab_group.kwargs['datastore'].versions
        names = image_names(self.request) if any(
            version.image for version in versions) else {}
        for version in versions:
            version.image_name = names.get(version.image)
        return sorted(versions, key=lambda version: (version.name,
                                                     version.version))


class DatastoreDetailTabs(tabs.DetailTabsGroup):
    slug = 'datastore_details'
    tabs = (OverviewTab, VersionsTab)
