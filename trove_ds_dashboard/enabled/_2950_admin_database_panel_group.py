# Adds the "Database" panel group to Horizon's Admin dashboard.
from django.utils.translation import gettext_lazy as _

PANEL_GROUP = 'database'
PANEL_GROUP_NAME = _('Database')
PANEL_GROUP_DASHBOARD = 'admin'
