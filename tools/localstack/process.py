"""Start, identify, signal and stop the processes of a stack.

Each server runs in its own session, so its process group id equals the pid
recorded in run/<service>.json and also covers gunicorn's workers.

Before a signal goes to the group, its leader must still have the recorded
start time (field 22 of /proc/PID/stat) and the state folder path in its
command line. A process that got the pid later has another start time, so
it never gets a signal. Once the leader is gone, only the group members whose
command line contains the state folder path get signals.
"""

import errno
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

from localstack import state
from localstack.errors import StackError

# Seconds between SIGTERM and SIGKILL when stopping a process group.
STOP_GRACE = 5.0

# urllib must never route loopback requests through a proxy from the
# environment.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def read_stat(pid):
    """Return (state letter, process group, start time in clock ticks)."""
    try:
        with open('/proc/%d/stat' % pid, 'rb') as handle:
            data = handle.read()
    except (FileNotFoundError, ProcessLookupError):
        return None

    # The command name in field 2 may contain spaces and parentheses, so the
    # remaining fields start after the last ')'.
    fields = data[data.rindex(b')') + 2:].split()
    return fields[0].decode(), int(fields[2]), int(fields[19])


def read_cmdline(pid):
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as handle:
            data = handle.read()
    except (FileNotFoundError, ProcessLookupError):
        return ''
    return data.replace(b'\0', b' ').decode(errors='replace')


def process_state(record):
    """Return 'running', 'paused' or 'gone' for a recorded server process."""
    stat = read_stat(record['pid'])
    if stat is None or stat[0] in 'ZX':
        return 'gone'
    if stat[2] != record['start_ticks']:
        return 'gone'
    if record['marker'] not in read_cmdline(record['pid']):
        return 'gone'
    if stat[0] in 'Tt':
        return 'paused'
    return 'running'


def group_members(pgid, marker):
    """Return live pids in a process group whose command line has marker."""
    members = []
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        stat = read_stat(int(name))
        if stat is None or stat[1] != pgid or stat[0] in 'ZX':
            continue
        if marker in read_cmdline(int(name)):
            members.append(int(name))
    return members


def signal_group(record, signum):
    """Send a signal to the recorded process group, or to what is left of it.

    While the leader is alive and verified, killpg reaches every member
    atomically, forks included. Once the leader is gone its pid could be
    reused, so only members that carry the stack's marker are signalled.
    """
    if process_state(record) != 'gone':
        send(os.killpg, record['pid'], signum)
        return
    for pid in group_members(record['pid'], record['marker']):
        send(os.kill, pid, signum)


def send(function, target, signum):
    """Call os.kill or os.killpg, accepting that the target has just ended."""
    try:
        function(target, signum)
    except ProcessLookupError:
        pass


def reap(pid):
    """Collect the exit status of a child of this process, if it is one."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def wait_group_gone(record, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        reap(record['pid'])
        if not group_members(record['pid'], record['marker']):
            return True
        time.sleep(0.05)
    return False


def stop_groups(records):
    """End recorded process groups: SIGTERM, then SIGKILL after a grace time.

    All groups get the signals at once, so stopping a stack takes as long as
    its slowest service. Returns the services that had processes running.
    """
    running = {service: record for service, record in records.items()
               if group_members(record['pid'], record['marker'])}
    for record in records.values():
        reap(record['pid'])

    # SIGCONT lets a paused (SIGSTOP) process act on the SIGTERM.
    for record in running.values():
        signal_group(record, signal.SIGTERM)
        signal_group(record, signal.SIGCONT)

    deadline = time.monotonic() + STOP_GRACE
    for record in running.values():
        left = max(deadline - time.monotonic(), 0)
        if not wait_group_gone(record, left):
            signal_group(record, signal.SIGKILL)
            wait_group_gone(record, 2.0)
    return sorted(running)


def load_records(paths):
    """Return {service: record} for every run file of the state folder."""
    records = {}
    for service in state.SERVICES:
        record = state.read_json(paths.record_file(service))
        if record is not None:
            records[service] = record
    return records


def remove_record(paths, service):
    try:
        os.remove(paths.record_file(service))
    except FileNotFoundError:
        pass


def clear_run_folder(paths):
    for service in state.SERVICES:
        remove_record(paths, service)
    try:
        os.remove(paths.stack_file)
    except FileNotFoundError:
        pass


def launch(paths, server):
    """Start a server in its own session and record it under run/."""
    os.makedirs(paths.run, exist_ok=True)
    with open(server.output_log, 'ab') as log:
        proc = subprocess.Popen(
            server.argv, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT, env=server.env, cwd=paths.root,
            start_new_session=True)

    stat = read_stat(proc.pid)
    record = {
        'service': server.name,
        'pid': proc.pid,
        'start_ticks': stat[2] if stat else None,
        'marker': paths.marker,
        'argv': server.argv,
        'port': server.port,
        'log': server.output_log,
    }
    state.write_text(paths.record_file(server.name),
                     json.dumps(record, indent=2) + '\n')
    return proc


def wait_http(server, proc, timeout, cancelled):
    """Wait until the server responds at its ready URL.

    Any HTTP status counts as a response. A server that exits, or stays
    silent for `timeout` seconds, raises StackError naming its log.
    """
    deadline = time.monotonic() + timeout
    while not cancelled.is_set():
        code = proc.poll()
        if code is not None:
            raise StackError('%s exited with status %d while starting; see %s'
                             % (server.name, code, server.output_log))
        # A server that accepted the connection but hangs must not hold the
        # wait past the deadline.
        remaining = max(deadline - time.monotonic(), 0.1)
        try:
            DIRECT.open(server.ready_url, timeout=min(remaining, 5)).close()
            return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise StackError('%s timed out: no response from %s within %d s; '
                             'see %s'
                             % (server.name, server.ready_url, timeout,
                                server.output_log))
        time.sleep(0.1)
    raise StackError('start was interrupted')


def port_problem(host, port):
    """Return why host:port cannot be bound, or None when it is free."""
    family = socket.AF_INET6 if ':' in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # The servers set SO_REUSEADDR too, so sockets in TIME_WAIT from a
        # stack that just stopped do not count as busy.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return 'in use'
            return error.strerror or str(error)
    return None


def run_step(argv, env, log_path, cwd, cancelled, started, niceness=0):
    """Run one setup command, its output appended to the service's log.

    The child gets its own session so that Ctrl-C on the terminal does not
    reach it half-way. The caller kills it through `started` instead, after
    it has set `cancelled`. A positive niceness lowers its CPU priority.
    """
    with open(log_path, 'ab') as log:
        log.write(('+ %s\n' % ' '.join(argv)).encode())
        log.flush()
        if cancelled.is_set():
            raise StackError('start was interrupted')
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                start_new_session=True)
        started.append(proc)
    if niceness:
        try:
            os.setpriority(os.PRIO_PROCESS, proc.pid, niceness)
        except ProcessLookupError:
            pass

    # A cancel that came while the process was starting missed it.
    if cancelled.is_set():
        kill_steps([proc])
    return proc.wait()


def kill_steps(started):
    """Kill setup commands that are still running, with their children."""
    for proc in started:
        if proc.poll() is None:
            send(os.killpg, proc.pid, signal.SIGKILL)
            proc.wait()
