# Adds the Datastores panel to the Admin dashboard's "Database" group.
from trove_ds_dashboard import exceptions

PANEL = 'datastores'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'database'
ADD_PANEL = 'trove_ds_dashboard.content.datastores.panel.Datastores'

ADD_INSTALLED_APPS = ['trove_ds_dashboard']
# Offers Trove's guest classes when the manager changes in a version form.
ADD_JS_FILES = ['trove_ds_dashboard/js/version-form.js']
ADD_EXCEPTIONS = {
    'not_found': exceptions.NOT_FOUND,
    'recoverable': exceptions.RECOVERABLE,
    'unauthorized': exceptions.UNAUTHORIZED,
}
