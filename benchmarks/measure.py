"""Timing, request counting and memory reading for the benchmark."""

import contextlib
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import time


@dataclasses.dataclass
class Timing:
    """Wall-clock seconds of repeated runs, after one warm-up run."""

    runs: list

    @property
    def median(self):
        return statistics.median(self.runs)

    @property
    def minimum(self):
        return min(self.runs)


def time_once(function):
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def time_runs(function, runs):
    """Call ``function`` once to warm up, then ``runs`` times, timed."""
    function()
    return Timing([time_once(function) for _ in range(runs)])


def load_average():
    """Return the 1-minute load average of the machine."""
    return os.getloadavg()[0]


class RequestLog:
    """Read the lines a service appended to its request log.

    tools/stack writes one line per request to log/trove.log and
    log/glance.log: ``REQUEST <method> <path?query> <status> <seconds>``.
    """

    def __init__(self, path):
        self.path = path

    def _size(self):
        return os.path.getsize(self.path)

    @contextlib.contextmanager
    def capture(self):
        """Collect the requests logged inside the ``with`` block."""
        lines = []
        start = self._size()
        try:
            yield lines
        finally:
            # gunicorn writes its access line after it sent the response,
            # so the last line may appear a moment after the client has
            # received the response.
            time.sleep(0.2)
            with open(self.path, 'rb') as handle:
                handle.seek(start)
                text = handle.read().decode('utf-8', 'replace')
            lines.extend(line.split(' ', 1)[1] for line in text.splitlines()
                         if line.startswith('REQUEST '))


def request_summary(lines, project_id=''):
    """Shorten logged requests to "METHOD path" without the project id."""
    summary = []
    for line in lines:
        method, path = line.split()[:2]
        if project_id:
            path = path.replace('/' + project_id, '', 1)
        summary.append('%s %s' % (method, path.split('?')[0]))
    return summary


def horizon_pid(state_dir):
    """Return the pid of the gunicorn worker that serves Horizon.

    tools/stack records gunicorn's master, which only supervises. Django
    and its memory are in the one worker process.
    """
    path = os.path.join(state_dir, 'run', 'horizon.json')
    with open(path) as handle:
        master = json.load(handle)['pid']
    with open('/proc/%d/task/%d/children' % (master, master)) as handle:
        workers = [int(pid) for pid in handle.read().split()]
    if len(workers) != 1:
        raise RuntimeError('expected one Horizon worker under gunicorn '
                           'master %d, found %d' % (master, len(workers)))
    return workers[0]


def memory_mib(pid):
    """Return (current RSS, peak RSS) of a process in MiB, from /proc."""
    values = {}
    with open('/proc/%d/status' % pid) as handle:
        for line in handle:
            key, _, rest = line.partition(':')
            if key in ('VmRSS', 'VmHWM'):
                values[key] = int(rest.split()[0]) / 1024.0
    return values['VmRSS'], values['VmHWM']


def openstack_executable():
    """Return the openstack CLI of the running virtualenv."""
    folder = os.path.dirname(sys.executable)
    path = shutil.which('openstack', path=folder) or shutil.which('openstack')
    if not path:
        raise RuntimeError('the openstack command was not found next to %s '
                           'or on PATH: install python-openstackclient'
                           % sys.executable)
    return path


def cli_environment(env):
    """Return the environment the openstack CLI authenticates with."""
    child = dict(os.environ)
    child.update({key: value for key, value in env.items()
                  if key.startswith('OS_')})
    child['PYTHONWARNINGS'] = 'ignore'
    return child


def cli_loop(env, datastores):
    """Time ``openstack datastore version list`` over every datastore.

    Returns (seconds, number of version lines printed). A failing
    command raises CalledProcessError with its output.
    """
    executable = openstack_executable()
    child_env = cli_environment(env)
    lines = 0
    started = time.perf_counter()
    for _datastore_id, name in datastores:
        result = subprocess.run(
            [executable, 'datastore', 'version', 'list', name,
             '-f', 'value'],
            env=child_env, capture_output=True, text=True, check=True)
        lines += len(result.stdout.splitlines())
    return time.perf_counter() - started, lines
