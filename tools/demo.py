"""Run the demo: the local stack, Horizon with the plugin, a sample catalog.

Run through ``tools/demo``, which prepares the tox ``demo`` environment and
starts this script with its Python. Ctrl-C stops everything this script
started.
"""

import argparse
import os
import pathlib
import shlex
import signal
import subprocess
import sys
import warnings

REPO = pathlib.Path(__file__).resolve().parent.parent
STACK = REPO / 'tools' / 'stack'

# The sample catalog: datastore -> (manager, [(name, number, active)],
# default version name). Numbers are real container image tags.
CATALOG = {
    'mysql': ('mysql', [('5.7', '5.7.29', False), ('8.0', '8.0.36', True),
                        ('8.4', '8.4.3', True)], '8.0'),
    'mariadb': ('mariadb', [('10.6', '10.6.20', True),
                            ('10.11', '10.11.10', True),
                            ('11.4', '11.4.4', True)], '10.11'),
    'postgresql': ('postgresql', [('13', '13.18', True),
                                  ('15', '15.10', True),
                                  ('16', '16.6', True)], '16'),
}
# MySQL's rules are loaded into this version: datastore, name, number.
PARAMETERS_VERSION = ('mysql', '8.0', '8.0.36')


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog='tools/demo',
        description='Start Keystone, Glance, the Trove API and Horizon with '
                    'the plugin on 127.0.0.1, load a sample datastore '
                    'catalog, and serve until Ctrl-C.')
    parser.add_argument(
        '--state', default=str(REPO / '.stack' / 'demo'),
        help='folder for the stack\'s databases, logs and settings; an '
             'existing folder is reused (default: %(default)s)')
    parser.add_argument('--port', '--horizon-port', type=int, default=8000,
                        dest='port',
                        help='Horizon port on 127.0.0.1 (default: 8000)')
    for service, port in (('keystone', 5000), ('glance', 9292),
                          ('trove', 8779)):
        parser.add_argument(
            '--%s-port' % service, type=int, metavar='PORT',
            help='%s port on 127.0.0.1 (default: $TROVE_DS_%s_PORT, else '
                 '%d)' % (service, service.upper(), port))
    parser.add_argument(
        '--keystone-url',
        help='serve Horizon against this existing Keystone (for example '
             'https://cloud.example.com:5000/v3) instead of starting a '
             'local stack; no sample catalog is loaded then')
    return parser.parse_args(argv)


def read_env(path):
    """Read the KEY='value' lines that tools/stack writes."""
    values = {}
    for line in pathlib.Path(path).read_text().splitlines():
        if '=' in line and not line.startswith('#'):
            key, _sep, value = line.partition('=')
            values[key] = shlex.split(value)[0] if value else ''
    return values


class Interrupted(Exception):
    """Ctrl-C or a signal arrived while tools/stack was running."""


def run_stack(*args):
    """Run tools/stack and wait for it, even through Ctrl-C.

    A Ctrl-C from the terminal reaches tools/stack too, and it stops what
    it started by itself; killing it half-way would leave servers behind.
    """
    process = subprocess.Popen([sys.executable, str(STACK)] + list(args))
    interrupted = False
    while True:
        try:
            status = process.wait()
            break
        except KeyboardInterrupt:
            interrupted = True
    if interrupted:
        raise Interrupted()
    return status


def start(args):
    options = ['start', '--state', args.state,
               '--horizon-port', str(args.port)]
    if args.keystone_url:
        options += ['--horizon-only', '--keystone-url', args.keystone_url]
        return run_stack(*options)

    options += ['--horizon']
    for service in ('keystone', 'glance', 'trove'):
        port = getattr(args, service + '_port')
        if port:
            options += ['--%s-port' % service, str(port)]
    return run_stack(*options)


def print_welcome(env, args):
    print()
    print('Horizon with trove-ds-dashboard: %s/admin/datastores/'
          % env['HORIZON_URL'])
    if not args.keystone_url:
        print('  admin login:  %s / %s' % (env['ADMIN_USER'],
                                           env['ADMIN_PASSWORD']))
        print('  member login: %s / %s' % (env['MEMBER_USER'],
                                           env['MEMBER_PASSWORD']))
        print('  logs: %s/log/' % args.state)
    print('Press Ctrl-C to stop.')
    sys.stdout.flush()


def wait_for_interrupt():
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass


def main(argv=None):
    # troveclient imports eventlet, which warns on import; the warning is
    # about the library, not something the operator can act on.
    warnings.filterwarnings('ignore', message=r'(?s).*Eventlet is deprecated')
    args = parse_args(argv)
    # Ctrl-C, SIGTERM and a closed terminal all stop the stack. SIGINT is
    # set explicitly because a shell starts background jobs with it
    # ignored.
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.default_int_handler)
    try:
        status = start(args)
    except Interrupted:
        status = 130
    if status != 0:
        return status

    try:
        env = read_env(os.path.join(args.state, 'stack.env'))
        if not args.keystone_url:
            import seed_catalog
            seed_catalog.seed(env, CATALOG, PARAMETERS_VERSION)
        print_welcome(env, args)
        wait_for_interrupt()
    except KeyboardInterrupt:
        pass
    finally:
        print('Stopping the demo stack...')
        stop(args.state)
    return 0


def stop(state):
    try:
        run_stack('stop', '--state', state)
    except Interrupted:
        # A second Ctrl-C while stopping: tools/stack finishes the stop.
        pass


if __name__ == '__main__':
    sys.exit(main())
