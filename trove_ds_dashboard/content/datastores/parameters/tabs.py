from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from horizon import tabs

from trove_ds_dashboard import api
from trove_ds_dashboard.content.datastores.parameters import tables


class ParametersTab(tabs.TableTab):
    name = _("Configuration Parameters")
    slug = 'parameters'
    table_classes = (tables.ParametersTable,)
    template_name = 'horizon/common/_detail_table.html'
    preload = False

    def get_parameters_data(self):
        version = self.tab_group.kwargs['version']
        try:
            return api.trove.parameter_list(self.request, version.id)
        except Exception:
            exceptions.handle(self.request,
                              _('Unable to retrieve the configuration '
                                'parameters.'))
            return []
