"""Command line of tools/stack."""

import argparse
import ipaddress
import os
import signal
import subprocess
import sys
import urllib.parse

from localstack import stack
from localstack import state
from localstack.errors import StackError

DESCRIPTION = '''\
Run a local OpenStack for trove-ds-dashboard: Keystone, Glance and the Trove
API (and optionally Horizon) from the packages of a virtualenv, on SQLite,
listening on loopback ports only.'''

EPILOG = '''\
state folder (--state DIR):
  stack.env          shell assignments (KEY='value') to source; "run" puts
                     them into its command's environment together with
                     TROVE_DS_STACK_ENV, the path of stack.env. Keys:
                     OS_AUTH_URL (Keystone v3), OS_USERNAME, OS_PASSWORD,
                     OS_PROJECT_NAME (the admin user), OS_USER_DOMAIN_NAME,
                     OS_PROJECT_DOMAIN_NAME, OS_REGION_NAME, GLANCE_URL,
                     TROVE_URL (ends in /v1.0; add /<project id>),
                     HORIZON_URL, ADMIN_USER, ADMIN_PASSWORD, ADMIN_PROJECT,
                     MEMBER_USER, MEMBER_PASSWORD, MEMBER_PROJECT, STATE_DIR,
                     LOG_DIR, TROVE_LOG, IMAGE_MYSQL_ID, IMAGE_POSTGRESQL_ID,
                     IMAGE_DEACTIVATED_ID. With --horizon-only only
                     HORIZON_URL and OS_AUTH_URL.
  secrets.json       passwords and Horizon's SECRET_KEY, generated once
  log/keystone.log   log/glance.log   log/horizon.log (requests included)
  log/trove.log      only Trove's requests, one line each:
                     REQUEST <method> <path?query> <status> <seconds>
  log/trove-app.log  Trove's own messages
  run/               pid, start time and command line of each server; stop
                     checks them before it sends a signal
  horizon/local/local_settings.py   Horizon's settings, rewritten on start
  horizon/local_settings_extra.py   optional; local_settings runs it last
  horizon-enabled/   the stack's Horizon enabled files

Horizon also loads the enabled files of the trove_ds_dashboard.enabled
package when it imports in the venv, and of each folder listed in
TROVE_DS_EXTRA_ENABLED (separated by "%s").

Users: admin (admin on project admin), demo (member and reader on project
demo). Images, all public and raw: trove-guest-mysql (tags trove, mysql),
trove-guest-postgresql (tags trove, postgresql), trove-guest-deactivated
(tag trove, deactivated).

exit status: 0 success, 1 failure, 2 invalid usage, 3 the stack is already
running (start) or not all services run (status); "run" exits with the
status of its command.''' % os.pathsep

API_PORTS = (('keystone', 5000), ('glance', 9292), ('trove', 8779))
HORIZON_PORT = 8000

# Exit status of invalid options, as argparse uses for its own checks.
EXIT_USAGE = 2


def add_state(parser):
    parser.add_argument('--state', required=True, metavar='DIR',
                        help='state folder of the stack')


def port_from_environment(variable, fallback):
    value = os.environ.get(variable, '').strip()
    if not value:
        return fallback
    if not value.isdigit() or not 0 < int(value) < 65536:
        sys.exit('stack: $%s=%r is not a port number (1-65535)'
                 % (variable, value))
    return int(value)


def add_start_options(parser):
    add_state(parser)
    parser.add_argument(
        '--venv', metavar='DIR',
        help='virtualenv with the service packages (default: the venv of '
             'the python running this script)')
    parser.add_argument('--host', default='127.0.0.1',
                        help='loopback address to listen on (default: '
                             '%(default)s)')
    for service, port in API_PORTS + (('horizon', HORIZON_PORT),):
        variable = stack.PORT_VARIABLES[service]
        default = port_from_environment(variable, port)
        parser.add_argument('--%s-port' % service, type=int, default=default,
                            metavar='PORT',
                            help='%s port (default: $%s, else %d)'
                                 % (service, variable, port))
    parser.add_argument('--horizon', action='store_true',
                        help='also run Horizon under gunicorn')
    parser.add_argument(
        '--horizon-only', action='store_true',
        help='run only Horizon, against the Keystone of --keystone-url')
    parser.add_argument('--keystone-url', metavar='URL',
                        help='Keystone of an existing cloud, for '
                             '--horizon-only')
    parser.add_argument('--timeout', type=int, default=60, metavar='SECONDS',
                        help='seconds each service has to respond to HTTP '
                             '(default: %(default)s)')


def build_parser():
    parser = argparse.ArgumentParser(
        prog='tools/stack', description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest='command', required=True,
                                     metavar='COMMAND')

    start = commands.add_parser(
        'start', help='start a stack and wait until it responds')
    add_start_options(start)

    stop = commands.add_parser(
        'stop', help='stop the processes that start began')
    add_state(stop)

    status = commands.add_parser(
        'status', help='show each service: running, paused or stopped')
    add_state(status)

    service = commands.add_parser(
        'service', help='stop, start, pause (SIGSTOP) or resume (SIGCONT) '
                        'one service of a running stack')
    service.add_argument('action', choices=('stop', 'start', 'pause',
                                            'resume'))
    service.add_argument('name', choices=state.SERVICES)
    add_state(service)
    service.add_argument('--timeout', type=int, default=60,
                         metavar='SECONDS',
                         help='seconds a started service has to respond to '
                              'HTTP (default: %(default)s)')

    run = commands.add_parser(
        'run', usage='tools/stack run --state DIR [start options] -- CMD '
                     '[ARGS...]',
        help='start the stack unless it runs, run CMD with stack.env in its '
             'environment, then stop what was started')
    add_start_options(run)
    return parser


def parse(argv):
    """Parse argv; for `run`, the words after the first `--` form CMD."""
    parser = build_parser()
    command = []
    if argv[:1] == ['run'] and '--' in argv:
        split = argv.index('--')
        argv, command = argv[:split], argv[split + 1:]
    options = parser.parse_args(argv)
    if options.command == 'run' and not command:
        parser.error('run needs a command after --')
    options.run_command = command
    return options


def usage_error(message):
    return StackError(message, EXIT_USAGE)


def check_start_options(options):
    """Reject start options that cannot work, with exit status 2."""
    try:
        loopback = ipaddress.ip_address(options.host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise usage_error('--host %s is not a loopback address; use '
                          '127.0.0.1 or ::1' % options.host)

    if options.horizon_only and not options.keystone_url:
        raise usage_error('--horizon-only needs --keystone-url URL')
    if options.keystone_url and not options.horizon_only:
        raise usage_error('--keystone-url is only used with --horizon-only')
    if options.keystone_url:
        options.keystone_url = keystone_v3_url(options.keystone_url)

    for name in ('keystone_port', 'glance_port', 'trove_port',
                 'horizon_port'):
        if not 1 <= getattr(options, name) <= 65535:
            raise usage_error('--%s must be between 1 and 65535'
                              % name.replace('_', '-'))


def keystone_v3_url(url):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ('http', 'https') or not parts.netloc:
        raise usage_error('--keystone-url %s is not an http(s) URL' % url)
    url = url.rstrip('/')
    return url if url.endswith('/v3') else url + '/v3'


def make_config(options):
    """Return the StackConfig of start options, checking them and the venv."""
    check_start_options(options)
    venv = options.venv or state.default_venv()
    if options.horizon_only:
        services = ['horizon']
        needed = state.HORIZON_EXECUTABLES
    else:
        services = ['keystone', 'glance', 'trove']
        needed = state.API_EXECUTABLES
        if options.horizon:
            services.append('horizon')
            needed += state.HORIZON_EXECUTABLES
    ports = {service: getattr(options, service + '_port')
             for service in state.SERVICES}
    return state.StackConfig(
        host=options.host, ports=ports, venv=state.check_venv(venv, needed),
        services=services, horizon_only=options.horizon_only,
        keystone_url=options.keystone_url or '')


def command_start(paths, options):
    config = make_config(options)
    with state.locked(paths, create=True):
        stack.start(paths, config, options.timeout)
    return 0


def command_stop(paths, options):
    with state.locked(paths):
        stack.stop(paths)
    return 0


def command_status(paths, options):
    return stack.status(paths)


def command_service(paths, options):
    with state.locked(paths):
        if options.action == 'start':
            stack.service_start(paths, options.name, options.timeout)
        elif options.action == 'stop':
            stack.service_stop(paths, options.name)
        elif options.action == 'pause':
            stack.service_signal(paths, options.name, signal.SIGSTOP,
                                 'paused')
        else:
            stack.service_signal(paths, options.name, signal.SIGCONT,
                                 'resumed')
    return 0


def command_run(paths, options):
    """Run a command against the stack, starting and stopping it if needed."""
    config = make_config(options)
    with state.locked(paths, create=True):
        try:
            stack.start(paths, config, options.timeout)
            started = True
        except StackError as error:
            if error.exit_code != stack.EXIT_RUNNING:
                raise
            started = False
            stack.say('using the stack that is already running in %s'
                      % paths.root)

    # The lock is released while the command runs, so that the command can
    # itself call `tools/stack service ...` on this folder.
    try:
        return run_with_env(paths, options.run_command)
    finally:
        if started:
            with state.locked(paths):
                stack.stop(paths)


def run_with_env(paths, command):
    """Run the command with stack.env added to the environment.

    Ctrl-C on a terminal reaches the command directly, since it shares this
    process group, so this process only waits for it to end. A SIGTERM sent
    to this process is passed on to the command.
    """
    env = dict(os.environ)
    env.update(state.read_env(paths.env_file))
    env['TROVE_DS_STACK_ENV'] = paths.env_file
    try:
        child = subprocess.Popen(command, env=env)
    except OSError as error:
        raise StackError('failed to run %s: %s' % (command[0], error.strerror))

    def forward_term(signum, frame):
        child.send_signal(signal.SIGTERM)

    previous_int = signal.signal(signal.SIGINT, signal.SIG_IGN)
    previous_term = signal.signal(signal.SIGTERM, forward_term)
    try:
        code = child.wait()
    finally:
        signal.signal(signal.SIGINT, previous_int)
        signal.signal(signal.SIGTERM, previous_term)
    return code if code >= 0 else 128 - code


COMMANDS = {'start': command_start, 'stop': command_stop,
            'status': command_status, 'service': command_service,
            'run': command_run}


def raise_exit(signum, frame):
    # Turn SIGTERM into an exception so a start in progress stops what it
    # has started before this process exits.
    raise SystemExit(128 + signum)


def main(argv):
    options = parse(argv)
    paths = state.StatePaths(options.state)
    signal.signal(signal.SIGTERM, raise_exit)
    try:
        return COMMANDS[options.command](paths, options)
    except StackError as error:
        print('stack: %s' % error, file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print('stack: interrupted', file=sys.stderr)
        return 130
