"""Configuration, setup commands and server command lines of the API services.

Keystone, Glance and the Trove API each run under gunicorn with one worker
and one thread. With four threads, concurrent requests to Keystone 30 and
Trove 26 failed with HTTP 500 "database is locked". The cause is that
oslo.db opens deferred transactions, and SQLite cannot turn a read into a
write transaction once another connection has committed since it began.
"""

import base64
import dataclasses
import os
import shutil
import sqlite3

from localstack import state
from localstack.errors import StackError

# One line per HTTP request, with a fixed prefix so that tests and benchmarks
# can count requests: REQUEST <method> <path?query> <status> <seconds>.
ACCESS_LOG_FORMAT = 'REQUEST %(m)s %({raw_uri}e)s %(s)s %(L)s'

# Trove limits each user to 200 requests of a kind per minute by default,
# which a test suite exceeds; the servers then return HTTP 413.
TROVE_RATE_LIMIT = 100000

REGION = 'RegionOne'


@dataclasses.dataclass
class Server:
    """A long-running server process of the stack and how to check it."""

    name: str
    port: int
    argv: list
    env: dict
    ready_url: str
    output_log: str


def service_env(extra=None):
    """Return the environment for service processes.

    Loopback requests between the services must not go through a proxy
    that the caller's environment may name.
    """
    env = dict(os.environ)
    no_proxy = '127.0.0.1,localhost,::1'
    if env.get('no_proxy'):
        no_proxy += ',' + env['no_proxy']
    env['no_proxy'] = env['NO_PROXY'] = no_proxy
    env.update(extra or {})
    return env


def sqlite_url(path):
    return 'sqlite:///' + path


def ini(sections):
    """Render {section: {option: value}} as an oslo.config file."""
    lines = []
    for section, options in sections.items():
        lines.append('[%s]' % section)
        lines.extend('%s = %s' % item for item in options.items())
        lines.append('')
    return '\n'.join(lines)


def authtoken_options(config, user, password):
    """Return the [keystone_authtoken] options for a service user."""
    return {
        'www_authenticate_uri': config.auth_url(),
        'auth_url': config.auth_url(),
        'auth_type': 'password',
        'username': user,
        'password': password,
        'project_name': 'service',
        'user_domain_name': 'Default',
        'project_domain_name': 'Default',
        'region_name': REGION,
    }


def enable_wal(database):
    """Switch a SQLite database to write-ahead logging.

    In the default rollback journal, Trove's DELETE of a datastore version
    keeps a read cursor open on one pooled connection while another commits,
    and both wait on each other until the busy timeout (HTTP 500). The mode
    is stored in the database file, so this runs once after db_sync.
    """
    connection = sqlite3.connect(database)
    try:
        connection.execute('PRAGMA journal_mode=WAL')
    finally:
        connection.close()


def gunicorn_argv(paths, config, name, app, threads=1):
    return [
        config.bin('gunicorn'),
        '--bind', config.address(name),
        '--workers', '1',
        '--threads', str(threads),
        '--worker-class', 'gthread' if threads > 1 else 'sync',
        # NOTE: gunicorn's master measures worker silence on the monotonic
        # clock, which runs on during a SIGSTOP (`service pause`). After a
        # pause longer than this timeout it replaces the worker.
        '--timeout', '120',
        '--graceful-timeout', '3',
        '--no-control-socket',
        '--name', 'trove-ds-stack %s %s' % (name, paths.marker),
        '--pythonpath', paths.wsgi,
        '--access-logfile', paths.log_file(name),
        '--access-logformat', ACCESS_LOG_FORMAT,
        app,
    ]


# Keystone

KEYSTONE_WSGI = '''\
"""Keystone WSGI application for gunicorn, written by tools/stack.

keystone.server.configure() lets oslo.config parse sys.argv, which contains
gunicorn's own options, so they are removed before Keystone is imported.
"""

import sys

sys.argv = sys.argv[:1]

from keystone.wsgi.api import application  # noqa: E402,F401
'''


def write_fernet_keys(folder):
    """Create a key repository the way keystone-manage fernet_setup does.

    Key 0 is the staged key and key 1 the primary one; each is a Fernet key,
    the URL-safe base64 form of 32 random bytes. Writing them here saves two
    keystone-manage runs of about 2 s of CPU each.
    """
    if os.path.isdir(folder) and os.listdir(folder):
        return
    os.makedirs(folder, mode=0o700, exist_ok=True)
    for index in ('0', '1'):
        key = base64.urlsafe_b64encode(os.urandom(32)).decode()
        state.write_text(os.path.join(folder, index), key, 0o600)


def write_keystone(paths, config, secrets):
    data = paths.data
    options = {
        'DEFAULT': {'debug': 'false'},
        'database': {'connection': sqlite_url(paths.database('keystone'))},
        'token': {'provider': 'fernet'},
        'fernet_tokens': {
            'key_repository': os.path.join(data, 'keystone-fernet-keys')},
        # Auth receipts (multi-factor auth) have a key repository of their
        # own, by default in /etc/keystone, and bootstrap checks it.
        'fernet_receipts': {
            'key_repository': os.path.join(data, 'keystone-receipt-keys')},
        'credential': {
            'key_repository': os.path.join(data, 'keystone-credential-keys')},
        # The lowest bcrypt cost makes each password check take milliseconds
        # in place of about 250 ms. It applies to passwords set after it is
        # configured, so it must be in place before bootstrap.
        'identity': {'password_hash_rounds': '4'},
        # Without a cache every authenticated call costs about 250 ms; one
        # worker process keeps the in-memory cache coherent.
        'cache': {'enabled': 'true', 'backend': 'dogpile.cache.memory'},
    }
    state.write_text(keystone_conf(paths), ini(options))
    state.write_text(os.path.join(paths.wsgi, 'stack_keystone_wsgi.py'),
                     KEYSTONE_WSGI)
    for section in ('fernet_tokens', 'fernet_receipts', 'credential'):
        write_fernet_keys(options[section]['key_repository'])


def keystone_conf(paths):
    return os.path.join(paths.etc_dir('keystone'), 'keystone.conf')


def keystone_setup(paths, config, secrets):
    """Return the labelled setup commands, db_sync first, and their env."""
    manage = [config.bin('keystone-manage'), '--config-file',
              keystone_conf(paths)]
    url = config.url('keystone') + '/v3'
    bootstrap = manage + [
        'bootstrap',
        '--bootstrap-username', 'admin',
        '--bootstrap-project-name', 'admin',
        '--bootstrap-role-name', 'admin',
        '--bootstrap-service-name', 'keystone',
        '--bootstrap-region-id', REGION,
        '--bootstrap-admin-url', url,
        '--bootstrap-public-url', url,
        '--bootstrap-internal-url', url,
    ]
    # The password goes through the environment because, unlike the command
    # line, other users cannot read it.
    env = service_env({'OS_BOOTSTRAP_PASSWORD': secrets['admin_password']})
    return [('keystone-manage db_sync', manage + ['db_sync']),
            ('keystone-manage bootstrap', bootstrap)], env


def keystone_server(paths, config):
    env = service_env({'OS_KEYSTONE_CONFIG_FILES': keystone_conf(paths)})
    argv = gunicorn_argv(paths, config, 'keystone',
                         'stack_keystone_wsgi:application')
    return Server('keystone', config.ports['keystone'], argv, env,
                  config.url('keystone') + '/v3', paths.log_file('keystone'))


# Glance

def write_glance(paths, config, secrets):
    data = paths.data
    options = {
        'DEFAULT': {'debug': 'false', 'enabled_backends': 'fs:file'},
        'database': {'connection': sqlite_url(paths.database('glance'))},
        'glance_store': {'default_backend': 'fs'},
        'fs': {
            'filesystem_store_datadir': os.path.join(data, 'glance-images')},
        'os_glance_staging_store': {
            'filesystem_store_datadir': os.path.join(data, 'glance-staging')},
        'os_glance_tasks_store': {
            'filesystem_store_datadir': os.path.join(data, 'glance-tasks')},
        'paste_deploy': {'flavor': 'keystone'},
        'keystone_authtoken': authtoken_options(
            config, 'glance', secrets['glance_password']),
        'oslo_messaging_notifications': {'driver': 'noop'},
    }
    folder = paths.etc_dir('glance')
    # The file contains the glance user's password.
    state.write_text(os.path.join(folder, 'glance-api.conf'), ini(options),
                     0o600)
    copy_from_venv(config, 'etc/glance/glance-api-paste.ini',
                   os.path.join(folder, 'glance-api-paste.ini'))


def copy_from_venv(config, relative, target):
    source = os.path.join(config.venv, relative)
    if not os.path.isfile(source):
        raise StackError('%s is missing; reinstall the package that ships it '
                         'into %s' % (source, config.venv))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile(source, target)


def glance_setup(paths, config, secrets):
    manage = [config.bin('glance-manage'), '--config-dir',
              paths.etc_dir('glance'), 'db_sync']
    return [('glance-manage db_sync', manage)], service_env()


def glance_server(paths, config):
    # glance-api cannot run on its own any more; it is served as WSGI.
    env = service_env({'OS_GLANCE_CONFIG_DIR': paths.etc_dir('glance')})
    argv = gunicorn_argv(paths, config, 'glance',
                         'glance.wsgi.api:application')
    return Server('glance', config.ports['glance'], argv, env,
                  config.url('glance') + '/versions', paths.log_file('glance'))


# Trove

TROVE_WSGI = '''\
"""Trove API WSGI application for gunicorn, written by tools/stack.

trove.cmd.common.initialize() parses sys.argv with oslo.config, so argv is
replaced by the config file option. NO_EVENTLET_MONKEYPATCH keeps
trove.cmd from monkey-patching the standard library under gunicorn's sync
worker.
"""

import os
import sys

os.environ['NO_EVENTLET_MONKEYPATCH'] = '1'
sys.argv = [sys.argv[0], '--config-file', os.environ['TROVE_CONF']]

from trove.cmd.app_wsgi import application  # noqa: E402,F401
'''


def trove_conf(paths):
    return os.path.join(paths.etc_dir('trove'), 'trove.conf')


def output_log(paths, name):
    """Return the log file of a service's output and its setup commands.

    Trove's own messages go to trove-app.log, so that trove.log contains
    only the REQUEST lines.
    """
    if name == 'trove':
        return os.path.join(paths.log, 'trove-app.log')
    return paths.log_file(name)


def write_trove(paths, config, secrets):
    folder = paths.etc_dir('trove')
    defaults = {
        'debug': 'false',
        # Only the API runs: no broker, taskmanager or conductor.
        'transport_url': 'fake:/',
        'api_paste_config': os.path.join(folder, 'api-paste.ini'),
    }
    for kind in ('get', 'post', 'put', 'delete', 'mgmt_post'):
        defaults['http_%s_rate' % kind] = str(TROVE_RATE_LIMIT)

    # glance_url stays unset: Trove appends the project id to it, which
    # breaks Glance v2 paths. Trove finds Glance in the token's catalog.
    credentials = authtoken_options(config, 'trove', secrets['trove_password'])
    options = {
        'DEFAULT': defaults,
        'database': {'connection': sqlite_url(paths.database('trove'))},
        'oslo_messaging_notifications': {'driver': 'noop'},
        'keystone_authtoken': credentials,
        'service_credentials': {
            key: credentials[key]
            for key in ('auth_url', 'username', 'password', 'project_name',
                        'user_domain_name', 'project_domain_name',
                        'region_name')},
    }
    # The file contains the trove user's password.
    state.write_text(trove_conf(paths), ini(options), 0o600)
    state.write_text(os.path.join(paths.wsgi, 'stack_trove_wsgi.py'),
                     TROVE_WSGI)
    copy_from_venv(config, 'etc/trove/api-paste.ini',
                   os.path.join(folder, 'api-paste.ini'))


def trove_setup(paths, config, secrets):
    manage = [config.bin('trove-manage'), '--config-file', trove_conf(paths),
              'db_sync']
    return [('trove-manage db_sync', manage)], service_env(
        {'NO_EVENTLET_MONKEYPATCH': '1'})


def trove_server(paths, config):
    env = service_env({'TROVE_CONF': trove_conf(paths),
                       'NO_EVENTLET_MONKEYPATCH': '1'})
    argv = gunicorn_argv(paths, config, 'trove',
                         'stack_trove_wsgi:application')
    return Server('trove', config.ports['trove'], argv, env,
                  config.url('trove') + '/', output_log(paths, 'trove'))


WRITERS = {'keystone': write_keystone, 'glance': write_glance,
           'trove': write_trove}
SETUPS = {'keystone': keystone_setup, 'glance': glance_setup,
          'trove': trove_setup}
SERVERS = {'keystone': keystone_server, 'glance': glance_server,
           'trove': trove_server}
