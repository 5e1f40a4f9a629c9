"""Bring a stack up, take it down, and report on it."""

import os
import time

from localstack import horizon
from localstack import process
from localstack import services
from localstack import state
from localstack.errors import StackError
from localstack.starter import say
from localstack.starter import Starter
from localstack.starter import bring_up_all

# Exit status of `start` when the state folder's stack is already running.
EXIT_RUNNING = 3

# Options that change each port, for error messages.
PORT_OPTIONS = {service: '--%s-port' % service for service in state.SERVICES}
# Environment variables that set the default ports, so wrappers such as
# tools/test and tox can move the ports without passing options through.
PORT_VARIABLES = {service: 'TROVE_DS_%s_PORT' % service.upper()
                  for service in state.SERVICES}


def check_ports(config):
    """Reject duplicate or busy ports before anything starts."""
    seen = {}
    for service in config.services:
        port = config.ports[service]
        if port in seen:
            raise StackError('%s and %s are both %d; give each service its '
                             'own port' % (PORT_OPTIONS[seen[port]],
                                           PORT_OPTIONS[service], port))
        seen[port] = service

    problems = []
    for service in config.services:
        port = config.ports[service]
        reason = process.port_problem(config.host, port)
        if reason:
            problems.append('port %d is %s (change it with %s or $%s)'
                            % (port, reason, PORT_OPTIONS[service],
                               PORT_VARIABLES[service]))
    if problems:
        raise StackError('cannot listen on %s: %s'
                         % (config.host, ', '.join(problems)))


def check_not_running(paths):
    """Raise StackError (exit status 3) if the stack runs, else clear run/."""
    records = process.load_records(paths)
    alive = {service: record for service, record in records.items()
             if process.process_state(record) != 'gone'}
    if alive:
        listing = ', '.join('%s pid %d' % (service, record['pid'])
                            for service, record in sorted(alive.items()))
        raise StackError('a stack is already running in %s (%s); stop it '
                         'with: tools/stack stop --state %s'
                         % (paths.root, listing, paths.root), EXIT_RUNNING)
    if records or os.path.exists(paths.stack_file):
        say('removing stale run files of %s (their processes are gone)'
            % paths.root)
        # A gunicorn worker can outlive its killed master for a moment and
        # still hold the port.
        process.stop_groups(records)
        process.clear_run_folder(paths)


def write_config(paths, config, secrets, name):
    """Write the configuration files of one service."""
    if name == 'horizon':
        horizon.write_settings(paths, config, secrets)
    else:
        services.WRITERS[name](paths, config, secrets)


def stack_env(paths, config, secrets, images):
    """Return the values of stack.env."""
    if config.horizon_only:
        return {'HORIZON_URL': config.url('horizon'),
                'OS_AUTH_URL': config.auth_url()}

    values = {
        'OS_AUTH_URL': config.auth_url(),
        'OS_IDENTITY_API_VERSION': '3',
        'OS_USER_DOMAIN_NAME': 'Default',
        'OS_PROJECT_DOMAIN_NAME': 'Default',
        'OS_REGION_NAME': services.REGION,
        'OS_INTERFACE': 'public',
        'OS_USERNAME': 'admin',
        'OS_PASSWORD': secrets['admin_password'],
        'OS_PROJECT_NAME': 'admin',
        'GLANCE_URL': config.url('glance'),
        'TROVE_URL': config.url('trove') + '/v1.0',
    }
    if 'horizon' in config.services:
        values['HORIZON_URL'] = config.url('horizon')
    values.update({
        'ADMIN_USER': 'admin',
        'ADMIN_PASSWORD': secrets['admin_password'],
        'ADMIN_PROJECT': 'admin',
        'MEMBER_USER': 'demo',
        'MEMBER_PASSWORD': secrets['demo_password'],
        'MEMBER_PROJECT': 'demo',
        'STATE_DIR': paths.root,
        'LOG_DIR': paths.log,
        'TROVE_LOG': paths.log_file('trove'),
        'IMAGE_MYSQL_ID': images['trove-guest-mysql'],
        'IMAGE_POSTGRESQL_ID': images['trove-guest-postgresql'],
        'IMAGE_DEACTIVATED_ID': images['trove-guest-deactivated'],
    })
    return values


def start(paths, config, timeout):
    """Start a stack in the state folder; the caller holds its lock."""
    began = time.monotonic()
    check_not_running(paths)
    check_ports(config)

    for folder in (paths.log, paths.run, paths.data, paths.wsgi):
        os.makedirs(folder, exist_ok=True)
    secrets = state.load_secrets(paths)
    starter = Starter(paths, config, secrets, timeout)
    state.save_config(paths, config)
    try:
        for name in config.services:
            write_config(paths, config, secrets, name)
        images = bring_up_all(starter)
        state.write_env(paths, stack_env(paths, config, secrets, images))
    except BaseException:
        starter.abort()
        process.clear_run_folder(paths)
        raise
    say('stack started in %.1f s; environment in %s'
        % (time.monotonic() - began, paths.env_file))


def stop(paths):
    """Stop every recorded process of the folder; the caller holds its lock."""
    records = process.load_records(paths)
    stopped = process.stop_groups(records)
    process.clear_run_folder(paths)
    if stopped:
        say('stopped %s' % ', '.join(stopped))
    elif records:
        say('no process of the stack in %s was running; removed its stale '
            'run files' % paths.root)
    else:
        say('no stack is running in %s' % paths.root)


def status(paths):
    """Print one line per service; return 0 when all of them run, else 3."""
    config = state.load_config(paths)
    records = process.load_records(paths)
    if config is None and not records:
        say('no stack is running in %s' % paths.root)
        return EXIT_RUNNING

    names = config.services if config else sorted(records)
    all_running = True
    for service in names:
        record = records.get(service)
        condition = process.process_state(record) if record else 'gone'
        port = config.ports[service] if config else record['port']
        if condition == 'gone':
            all_running = False
            say('%-8s stopped  pid -      port %d' % (service, port))
        else:
            say('%-8s %-8s pid %-6d port %d'
                % (service, condition, record['pid'], port))
    return 0 if all_running else EXIT_RUNNING


def running_record(paths, name):
    record = process.load_records(paths).get(name)
    if record is None or process.process_state(record) == 'gone':
        return None
    return record


def service_start(paths, name, timeout):
    config = require_config(paths, name)
    if running_record(paths, name):
        say('%s is already running' % name)
        return
    secrets = state.load_secrets(paths)
    write_config(paths, config, secrets, name)
    starter = Starter(paths, config, secrets, timeout)
    try:
        starter.bring_up(name)
    except BaseException:
        starter.abort()
        raise


def service_stop(paths, name):
    require_config(paths, name)
    record = process.load_records(paths).get(name)
    if record is None or not process.stop_groups({name: record}):
        say('%s was not running' % name)
    else:
        say('stopped %s' % name)
    process.remove_record(paths, name)


def service_signal(paths, name, signum, verb):
    """Pause (SIGSTOP) or resume (SIGCONT) every process of one service."""
    require_config(paths, name)
    record = running_record(paths, name)
    if record is None:
        raise StackError('%s is not running in %s' % (name, paths.root))
    process.signal_group(record, signum)
    say('%s %s (process group %d)' % (verb, name, record['pid']))


def require_config(paths, name):
    config = state.load_config(paths)
    if config is None:
        raise StackError('no stack was started in %s; run: tools/stack start '
                         '--state %s' % (paths.root, paths.root))
    if name not in config.services:
        raise StackError('the stack in %s has no %s service (it runs %s)'
                         % (paths.root, name, ', '.join(config.services)))
    return config
