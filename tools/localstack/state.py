"""Layout and persistent files of a stack's state folder."""

import contextlib
import dataclasses
import fcntl
import glob
import hashlib
import json
import os
import secrets
import shlex
import sys

from localstack.errors import StackError

SERVICES = ('keystone', 'glance', 'trove', 'horizon')

# Executables each kind of stack needs from the virtualenv.
API_EXECUTABLES = ('keystone-manage', 'glance-manage', 'trove-manage',
                   'gunicorn')
HORIZON_EXECUTABLES = ('django-admin',)

SECRET_NAMES = ('admin_password', 'demo_password', 'glance_password',
                'trove_password', 'horizon_secret_key')


class StatePaths:
    """Paths inside one state folder; every other module builds paths here."""

    def __init__(self, root):
        self.root = os.path.realpath(root)
        self.etc = os.path.join(self.root, 'etc')
        self.data = os.path.join(self.root, 'data')
        self.log = os.path.join(self.root, 'log')
        self.run = os.path.join(self.root, 'run')
        self.wsgi = os.path.join(self.root, 'wsgi')
        self.horizon = os.path.join(self.root, 'horizon')
        self.env_file = os.path.join(self.root, 'stack.env')
        self.secrets_file = os.path.join(self.root, 'secrets.json')
        self.lock_file = os.path.join(self.root, '.lock')
        self.stack_file = os.path.join(self.run, 'stack.json')

    @property
    def marker(self):
        """Text that every command line of this stack's processes contains."""
        return self.root + os.sep

    def etc_dir(self, service):
        return os.path.join(self.etc, service)

    def log_file(self, service):
        return os.path.join(self.log, service + '.log')

    def record_file(self, service):
        return os.path.join(self.run, service + '.json')

    def database(self, service):
        return os.path.join(self.data, service + '.sqlite')

    def init_marker(self, service):
        return os.path.join(self.data, service + '.initialized')


@dataclasses.dataclass
class StackConfig:
    """Options of a started stack, kept in run/stack.json for later use."""

    host: str
    ports: dict
    venv: str
    services: list
    horizon_only: bool = False
    keystone_url: str = ''

    def address(self, service):
        """Return host:port of a service, with IPv6 hosts in brackets."""
        host = '[%s]' % self.host if ':' in self.host else self.host
        return '%s:%d' % (host, self.ports[service])

    def url(self, service):
        return 'http://' + self.address(service)

    def auth_url(self):
        """Return the Keystone v3 URL that clients and Horizon use."""
        if self.horizon_only:
            return self.keystone_url
        return self.url('keystone') + '/v3'

    def bin(self, name):
        return os.path.join(self.venv, 'bin', name)


def write_text(path, text, mode=0o644):
    """Write a file atomically so a reader never sees half of it.

    The file gets `mode` from its creation on, so a secret is never readable
    by others, not even for a moment. A file that already has this text is
    left alone, so its modification time still shows whether Horizon's
    compressed output is current.
    """
    try:
        with open(path) as handle:
            unchanged = handle.read() == text
    except FileNotFoundError:
        unchanged = False
    if unchanged:
        os.chmod(path, mode)
        return

    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = path + '.tmp'
    try:
        os.remove(temporary)
    except FileNotFoundError:
        pass
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                         mode)
    with os.fdopen(descriptor, 'w') as handle:
        handle.write(text)
    os.chmod(temporary, mode)
    os.replace(temporary, path)


def read_json(path):
    try:
        with open(path) as handle:
            return json.load(handle)
    except FileNotFoundError:
        return None
    except ValueError as error:
        raise StackError('%s is not valid JSON (%s); delete it and retry'
                         % (path, error))


def load_secrets(paths):
    """Return the passwords of this state folder, generating missing ones.

    They are generated once and kept, because the databases in the folder
    store hashes of them.
    """
    stored = read_json(paths.secrets_file) or {}
    values = dict(stored)
    for name in SECRET_NAMES:
        if not values.get(name):
            length = 50 if name == 'horizon_secret_key' else 18
            values[name] = secrets.token_urlsafe(length)
    if values != stored:
        write_text(paths.secrets_file, json.dumps(values, indent=2) + '\n',
                   0o600)
    return values


def secrets_digest(values):
    """Return a digest that changes whenever one of the passwords changes."""
    text = json.dumps(values, sort_keys=True).encode()
    return hashlib.sha256(text).hexdigest()


def save_config(paths, config):
    os.makedirs(paths.run, exist_ok=True)
    text = json.dumps(dataclasses.asdict(config), indent=2) + '\n'
    write_text(paths.stack_file, text)


def load_config(paths):
    stored = read_json(paths.stack_file)
    if stored is None:
        return None
    return StackConfig(**stored)


def format_env(values):
    """Return shell assignments that are safe to source, one per line."""
    lines = []
    for key, value in values.items():
        quoted = "'" + str(value).replace("'", "'\"'\"'") + "'"
        lines.append('%s=%s\n' % (key, quoted))
    return ''.join(lines)


def write_env(paths, values):
    # stack.env contains passwords, so only the owner may read it.
    write_text(paths.env_file, format_env(values), 0o600)


def read_env(path):
    """Parse a file written by write_env back into a dict."""
    values = {}
    with open(path) as handle:
        for line in handle:
            words = shlex.split(line, comments=True)
            if words:
                key, _, value = words[0].partition('=')
                values[key] = value
    return values


@contextlib.contextmanager
def locked(paths, create=False):
    """Hold the state folder's lock so two commands never change it at once.

    Without `create`, a missing state folder is left missing, and there is
    nothing to lock.
    """
    if not os.path.isdir(paths.root):
        if not create:
            yield
            return
        os.makedirs(paths.root)
    handle = open(paths.lock_file, 'a')
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise StackError('another tools/stack command is using %s (it has '
                         'locked %s); wait for it to finish'
                         % (paths.root, paths.lock_file))
    try:
        yield
    finally:
        handle.close()


def default_venv():
    """Return the virtualenv of the running python, or None outside one."""
    if sys.prefix != sys.base_prefix:
        return sys.prefix
    return None


def check_venv(venv, executables):
    """Return the virtualenv's absolute path after checking its executables."""
    if venv is None:
        raise StackError('tools/stack is not running inside a virtualenv; '
                         'pass --venv DIR of a virtualenv that has '
                         'stack-requirements.txt installed')
    venv = os.path.abspath(venv)
    if not os.path.isdir(venv):
        raise StackError('--venv %s: no such directory' % venv)
    missing = [name for name in executables
               if not os.access(os.path.join(venv, 'bin', name), os.X_OK)]
    if missing:
        raise StackError(
            '%s/bin has no %s; install stack-requirements.txt into that '
            'virtualenv or pass --venv DIR of one that has them'
            % (venv, ', '.join(missing)))
    return venv


def package_versions(venv, names):
    """Return the installed distributions of the named packages in a venv.

    The names of their .dist-info folders carry the versions, so this costs
    one glob per package and no import.
    """
    prefixes = tuple(name.lower() + '-' for name in names)
    found = []
    for site in glob.glob(os.path.join(venv, 'lib', 'python*',
                                       'site-packages')):
        found.extend(entry for entry in os.listdir(site)
                     if entry.endswith('.dist-info') and
                     entry.lower().startswith(prefixes))
    return sorted(found)
