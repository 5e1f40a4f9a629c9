"""Django settings for the unit tests: Horizon's test settings plus the
plugin's enabled files, loaded the way an operator's Horizon loads them."""

import openstack_dashboard.enabled
from openstack_dashboard.test.settings import *  # noqa: F403,H303
from openstack_dashboard.utils import settings as settings_utils

import trove_ds_dashboard.enabled

# Horizon's test settings already applied its own enabled files. Applying
# them again together with the plugin's keeps Horizon's file order, and
# the duplicates that the second pass adds are dropped afterwards.
HORIZON_CONFIG.pop('dashboards', None)  # noqa: F405
HORIZON_CONFIG.pop('default_dashboard', None)  # noqa: F405
INSTALLED_APPS = list(INSTALLED_APPS)  # noqa: F405
settings_utils.update_dashboards(
    [openstack_dashboard.enabled, trove_ds_dashboard.enabled],
    HORIZON_CONFIG,  # noqa: F405
    INSTALLED_APPS)
INSTALLED_APPS = list(dict.fromkeys(INSTALLED_APPS))
for _key in ('angular_modules', 'js_files', 'js_spec_files', 'scss_files',
             'xstatic_modules', 'plugins'):
    HORIZON_CONFIG[_key] = list(dict.fromkeys(  # noqa: F405
        HORIZON_CONFIG.get(_key, [])))  # noqa: F405
