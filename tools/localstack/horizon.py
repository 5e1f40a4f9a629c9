"""Horizon settings, enabled files, offline compression and its server.

Nothing is written into site-packages. Horizon's settings.py runs
`from local.local_settings import *`, so the `local` package that tools/stack
writes under DIR/horizon wins once that folder is first on PYTHONPATH.
"""

import hashlib
import json
import os
import pprint
import subprocess

from localstack import services
from localstack import state

LOCAL_SETTINGS = '''\
"""Horizon settings of the tools/stack state folder {root}.

tools/stack rewrites this file on every start. Put your own settings in
{extra}, which runs at the end of this file.
"""

import importlib.util as _importlib_util
import os as _os
import sys as _sys

import openstack_dashboard.local.enabled as _local_enabled

DEBUG = False
SECRET_KEY = {secret_key!r}
ALLOWED_HOSTS = {allowed_hosts!r}

OPENSTACK_HOST = {host!r}
OPENSTACK_KEYSTONE_URL = {keystone_url!r}

# Horizon's defaults expect memcached at 127.0.0.1:11211. Signed-cookie
# sessions and a per-process cache need no other server.
SESSION_ENGINE = 'django.contrib.sessions.backends.signed_cookies'
CACHES = {{
    'default': {{
        'BACKEND': 'django.core.cache.backends.locmem.LocMemCache',
    }},
}}

# With online compression libsass recompiles the theme SCSS on every page
# view (about 1.5 s of CPU), so tools/stack runs "django-admin compress"
# before it starts the server.
STATIC_ROOT = {static_root!r}
COMPRESS_ROOT = STATIC_ROOT
COMPRESS_ENABLED = True
COMPRESS_OFFLINE = True

# Everything goes to stderr, which tools/stack sends to {log}.
LOGGING = {logging}


def _enabled_folders():
    folders = [{stack_enabled!r}]
    if (_importlib_util.find_spec('trove_ds_dashboard') is not None and
            _importlib_util.find_spec('trove_ds_dashboard.enabled')):
        import trove_ds_dashboard.enabled
        folders.extend(trove_ds_dashboard.enabled.__path__)
    extra = _os.environ.get('TROVE_DS_EXTRA_ENABLED', '')
    folders.extend(_os.path.abspath(folder)
                   for folder in extra.split(_os.pathsep) if folder)
    return folders


# settings.py imports the enabled files of every folder on this path after
# it has imported this module.
for _folder in _enabled_folders():
    if _folder not in _local_enabled.__path__:
        _local_enabled.__path__.append(_folder)
        print('local_settings: loading enabled files from', _folder,
              file=_sys.stderr)

_EXTRA_SETTINGS = {extra!r}
if _os.path.exists(_EXTRA_SETTINGS):
    with open(_EXTRA_SETTINGS) as _handle:
        exec(compile(_handle.read(), _EXTRA_SETTINGS, 'exec'))
'''

LOG_FORMAT = '%(asctime)s %(process)d %(levelname)s %(name)s %(message)s'

# The enabled files of the stack, by file name. Horizon applies enabled files
# in the order of their names as strings, its own (_1000_ to _5000_), the
# stack's and the plugin's together.
ENABLED_FILES = {
    '_2011_stack_admin_default_panel.py': '''\
"""Make Metadata Definitions the landing panel of the Admin dashboard.

Admin's Overview panel needs the compute service, which the stack does not
run, so /admin/ would return 403. This file must sort after Horizon's
_2010_admin_overview_panel.py, which sets DEFAULT_PANEL = 'overview'. A
plugin file that sorts after this one may set its own DEFAULT_PANEL.
"""

PANEL = 'metadata_defs'
PANEL_DASHBOARD = 'admin'
DEFAULT_PANEL = 'metadata_defs'
''',
    '_1021_stack_project_default_panel.py': '''\
"""Make API Access the landing panel of the Project dashboard.

Project's Overview panel needs the compute service, which the stack does
not run. This file must sort after Horizon's _1020_project_overview_panel.py,
which sets DEFAULT_PANEL = 'overview'.
"""

PANEL = 'api_access'
PANEL_DASHBOARD = 'project'
DEFAULT_PANEL = 'api_access'
''',
    '_9990_stack_remove_rbac_policies_panel.py': '''\
"""Remove the RBAC Policies panel, which calls Neutron on every page.

The stack runs no Neutron, so each page would log an error. This file must
sort after Horizon's _2350_admin_rbac_policies_panel.py, which adds it.
"""

PANEL = 'rbac_policies'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'network'
REMOVE_PANEL = True
''',
}


def settings_folder(paths):
    """Return the folder that goes first on PYTHONPATH, with local/ in it."""
    return paths.horizon


def static_root(paths):
    return os.path.join(paths.root, 'horizon-static')


def enabled_folder(paths):
    return os.path.join(paths.root, 'horizon-enabled')


def extra_settings(paths):
    return os.path.join(paths.horizon, 'local_settings_extra.py')


HORIZON_WSGI = '''\
"""Horizon WSGI application for gunicorn, written by tools/stack.

Django's StaticFilesHandler serves /static/ the way runserver --insecure
does, so the stack needs no web server in front of Horizon.
"""

from django.contrib.staticfiles.handlers import StaticFilesHandler
from openstack_dashboard.wsgi import application as horizon_application

application = StaticFilesHandler(horizon_application)
'''

# Threads let a browser fetch a page's static files in parallel, as
# runserver, which served Horizon before, also did.
HORIZON_THREADS = 4


def logging_config():
    handler = {'class': 'logging.StreamHandler', 'formatter': 'plain'}
    verbose = {'handlers': ['console'], 'level': 'INFO', 'propagate': False}
    return {
        'version': 1,
        'disable_existing_loggers': False,
        'formatters': {'plain': {'format': LOG_FORMAT}},
        'handlers': {'console': handler},
        'root': {'handlers': ['console'], 'level': 'WARNING'},
        'loggers': {
            name: dict(verbose)
            for name in ('horizon', 'openstack_dashboard',
                         'openstack_auth', 'trove_ds_dashboard')
        },
    }


def allowed_hosts(host):
    hosts = ['127.0.0.1', 'localhost', '[::1]']
    if ':' in host:
        host = '[%s]' % host
    if host not in hosts:
        hosts.append(host)
    return hosts


def write_settings(paths, config, secrets):
    """Write local_settings.py and the stack's enabled files."""
    text = LOCAL_SETTINGS.format(
        root=paths.root,
        extra=extra_settings(paths),
        log=paths.log_file('horizon'),
        secret_key=secrets['horizon_secret_key'],
        allowed_hosts=allowed_hosts(config.host),
        host=config.host,
        keystone_url=config.auth_url(),
        static_root=static_root(paths),
        logging=pprint.pformat(logging_config()),
        stack_enabled=enabled_folder(paths))
    local = os.path.join(settings_folder(paths), 'local')
    state.write_text(os.path.join(local, '__init__.py'), '')
    # The file contains the SECRET_KEY, so only the owner may read it.
    state.write_text(os.path.join(local, 'local_settings.py'), text, 0o600)
    state.write_text(os.path.join(paths.wsgi, 'stack_horizon_wsgi.py'),
                     HORIZON_WSGI)

    # The folder belongs to the stack, so files of older versions go.
    folder = enabled_folder(paths)
    for name, content in ENABLED_FILES.items():
        state.write_text(os.path.join(folder, name), content)
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if name not in ENABLED_FILES and os.path.isfile(path):
            os.remove(path)


def horizon_env(paths):
    pythonpath = settings_folder(paths)
    if os.environ.get('PYTHONPATH'):
        pythonpath += os.pathsep + os.environ['PYTHONPATH']
    return services.service_env({
        'DJANGO_SETTINGS_MODULE': 'openstack_dashboard.settings',
        'PYTHONPATH': pythonpath,
    })


def compress_argv(paths, config):
    return [config.bin('django-admin'), 'compress', '--force',
            '--pythonpath', settings_folder(paths)]


def horizon_server(paths, config):
    # Django's runserver took about 40 ms longer per page than gunicorn
    # (median 72 ms against 32 ms for Horizon's /project/ page). A real
    # deployment does not pay that cost, and it hid the panel's own cost
    # in the benchmark.
    argv = services.gunicorn_argv(paths, config, 'horizon',
                                  'stack_horizon_wsgi:application',
                                  threads=HORIZON_THREADS)
    return services.Server('horizon', config.ports['horizon'], argv,
                           horizon_env(paths),
                           config.url('horizon') + '/auth/login/',
                           paths.log_file('horizon'))


def plugin_folder(paths, config, env):
    """Return the folder of the trove_ds_dashboard package in the venv, or ''.

    find_spec locates a top-level package without running its code.
    """
    probe = ('import importlib.util as u\n'
             's = u.find_spec("trove_ds_dashboard")\n'
             'print(s.submodule_search_locations[0] '
             'if s and s.submodule_search_locations else "")\n')
    result = subprocess.run([config.bin('python'), '-c', probe], env=env,
                            cwd=paths.root, capture_output=True, text=True)
    return result.stdout.strip()


def tree_listing(folder):
    """Return (path, size, mtime) of each file below folder, bytecode aside."""
    listing = []
    for directory, subdirs, files in os.walk(folder):
        subdirs[:] = sorted(d for d in subdirs if d != '__pycache__')
        for name in sorted(files):
            if name.endswith('.pyc'):
                continue
            path = os.path.join(directory, name)
            try:
                info = os.stat(path)
            except FileNotFoundError:
                continue
            listing.append((path, info.st_size, info.st_mtime_ns))
    return listing


def compress_fingerprint(paths, config, env):
    """Return a digest of everything the offline compression output uses.

    That is the installed Horizon and Django, the settings, and the files of
    every enabled folder, the plugin's whole package included.
    NOTE: for folders in TROVE_DS_EXTRA_ENABLED only the enabled files
    themselves count. A change in the static files of the apps they add
    goes unnoticed until a setting or an enabled file changes too.
    """
    folders = [enabled_folder(paths)]
    plugin = plugin_folder(paths, config, env)
    if plugin:
        folders.append(plugin)
    extra = env.get('TROVE_DS_EXTRA_ENABLED', '')
    folders.extend(f for f in extra.split(os.pathsep) if f)

    inputs = {
        'venv': os.path.realpath(config.venv),
        'packages': state.package_versions(
            config.venv, ('horizon', 'django', 'django_compressor')),
        'files': [tree_listing(folder) for folder in folders],
        'settings': [read_or_empty(os.path.join(paths.horizon, 'local',
                                                'local_settings.py')),
                     read_or_empty(extra_settings(paths))],
    }
    text = json.dumps(inputs, sort_keys=True).encode()
    return hashlib.sha256(text).hexdigest()


def read_or_empty(path):
    try:
        with open(path) as handle:
            return handle.read()
    except FileNotFoundError:
        return ''


def compress_record(paths):
    return os.path.join(static_root(paths), 'stack-compress.json')


def compress_is_current(paths, fingerprint):
    # Horizon's settings.py sets COMPRESS_OUTPUT_DIR = 'dashboard'.
    manifest = os.path.join(static_root(paths), 'dashboard', 'manifest.json')
    stored = state.read_json(compress_record(paths)) or {}
    return (os.path.isfile(manifest) and
            stored.get('fingerprint') == fingerprint)


def record_compress(paths, fingerprint):
    state.write_text(compress_record(paths),
                     json.dumps({'fingerprint': fingerprint}) + '\n')
