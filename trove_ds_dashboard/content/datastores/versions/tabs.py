from django.utils.translation import gettext_lazy as _
from horizon import tabs

from trove_ds_dashboard.content.datastores.parameters import tabs as \
    parameter_tabs


class OverviewTab(tabs.Tab):
    name = _("Overview")
    slug = 'overview'
    template_name = 'admin/datastores/versions/_detail_overview.html'

    def get_context_data(self, request):
        return {'version': self.tab_group.kwargs['version']}


class VersionDetailTabs(tabs.TabGroup):
    slug = 'version_details'
    tabs = (OverviewTab, parameter_tabs.ParametersTab)
    sticky = True
