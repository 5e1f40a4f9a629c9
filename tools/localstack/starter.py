"""Parallel bring-up of a stack's services, with teardown on failure."""

import concurrent.futures
import json
import os
import threading
import time

from localstack import horizon
from localstack import process
from localstack import seed
from localstack import services
from localstack import state
from localstack.errors import StackError

# Python packages whose versions decide whether a database must be synced.
SERVICE_PACKAGES = {'keystone': ('keystone',), 'glance': ('glance',),
                    'trove': ('trove',)}

# Nice value of the setup commands of all services but Keystone.
SETUP_NICENESS = 5


def say(message):
    print(message, flush=True)


class Starter:
    """Brings up services in parallel and tears them down if a step fails.

    Setup commands and servers run in worker threads. Once `cancelled` is
    set no new process starts, so `abort` leaves nothing behind.
    """

    def __init__(self, paths, config, secrets, timeout):
        self.paths = paths
        self.config = config
        self.secrets = secrets
        self.timeout = timeout
        self.cancelled = threading.Event()
        self.lock = threading.Lock()
        self.steps = []
        self.launched = []
        self.began = time.monotonic()

    def elapsed(self):
        return time.monotonic() - self.began

    def bring_up(self, name):
        """Set up one service if it needs it, start it and wait for it.

        The server starts right after db_sync. Keystone's bootstrap then
        runs while the server imports its code, which shortens the longest
        chain of a fresh start by the server's start-up time.
        """
        if name == 'horizon':
            self.compress_horizon()
            proc, server = self.launch(horizon.horizon_server(self.paths,
                                                              self.config))
        else:
            finish = self.sync_database(name)
            proc, server = self.launch(services.SERVERS[name](self.paths,
                                                              self.config))
            finish()

        process.wait_http(server, proc, self.timeout, self.cancelled)
        say('%-8s up at %s (%.1f s)' % (name, server.ready_url,
                                        self.elapsed()))

    def launch(self, server):
        with self.lock:
            if self.cancelled.is_set():
                raise StackError('start was interrupted')
            proc = process.launch(self.paths, server)
            self.launched.append(server.name)
        return proc, server

    def run_steps(self, name, steps, env):
        log = services.output_log(self.paths, name)

        # On a fresh folder Keystone's db_sync and bootstrap are the longest
        # chain, and the others' setup competes with it for the CPU.
        niceness = 0 if name == 'keystone' else SETUP_NICENESS
        for label, argv in steps:
            code = process.run_step(argv, env, log, self.paths.root,
                                    self.cancelled, self.steps, niceness)
            if self.cancelled.is_set():
                raise StackError('start was interrupted')
            if code != 0:
                raise StackError('%s setup failed: %s exited with status %d; '
                                 'see %s' % (name, label, code, log))

    def sync_database(self, name):
        """Run db_sync unless the marker is current; return the next step.

        The returned function runs the rest of the setup (Keystone's
        bootstrap) and then writes the marker. The marker records the venv,
        the package versions and, for Keystone, the passwords that bootstrap
        stored, so any change of those reruns the setup.
        """
        fingerprint = json.dumps({
            'venv': os.path.realpath(self.config.venv),
            'packages': state.package_versions(self.config.venv,
                                               SERVICE_PACKAGES[name]),
            'secrets': (state.secrets_digest(self.secrets)
                        if name == 'keystone' else ''),
        }, sort_keys=True)
        marker = self.paths.init_marker(name)
        database = self.paths.database(name)
        recorded = read_text(marker)
        if os.path.isfile(database) and recorded == fingerprint:
            return lambda: None

        # SQLite runs the migrations' DDL outside transactions, so a db_sync
        # that was interrupted before its first success leaves tables that
        # a rerun fails to create. Such a database has no marker yet.
        if recorded is None and os.path.isfile(database):
            say('%s: removing the database of an unfinished setup' % name)
            for suffix in ('', '-wal', '-shm'):
                remove_if_present(database + suffix)

        steps, env = services.SETUPS[name](self.paths, self.config,
                                           self.secrets)
        self.run_steps(name, steps[:1], env)
        services.enable_wal(database)

        def finish():
            self.run_steps(name, steps[1:], env)
            state.write_text(marker, fingerprint)
        return finish

    def compress_horizon(self):
        """Compress Horizon's CSS and JavaScript unless the output is current.

        Horizon serves only the offline output, because online compression
        costs about 1.5 s of CPU per page.
        """
        env = horizon.horizon_env(self.paths)
        fingerprint = horizon.compress_fingerprint(self.paths, self.config,
                                                   env)
        if horizon.compress_is_current(self.paths, fingerprint):
            return
        argv = horizon.compress_argv(self.paths, self.config)
        self.run_steps('horizon', [('django-admin compress', argv)], env)
        horizon.record_compress(self.paths, fingerprint)

    def abort(self):
        """Kill the setup commands and stop the servers that were launched."""
        with self.lock:
            self.cancelled.set()
        process.kill_steps(self.steps)
        records = process.load_records(self.paths)
        process.stop_groups({name: records[name] for name in self.launched
                             if name in records})
        for name in self.launched:
            process.remove_record(self.paths, name)


def remove_if_present(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def read_text(path):
    try:
        with open(path) as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def bring_up_all(starter):
    """Bring all services up in parallel and seed Keystone and Glance.

    Seeding needs only Keystone and Glance, so it runs while the other
    services are still starting. The first failure of any service ends the
    wait at once. Returns {image name: id}.
    """
    config = starter.config
    pool = concurrent.futures.ThreadPoolExecutor(len(config.services))
    try:
        futures = {service: pool.submit(starter.bring_up, service)
                   for service in config.services}
        pending = set(futures.values())
        needed = {futures[name] for name in ('keystone', 'glance')
                  if name in futures}
        images = None if needed else {}

        while pending or images is None:
            if images is None and not needed & pending:
                images = seed_services(starter)
                continue
            done, pending = concurrent.futures.wait(
                pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                future.result()
    except BaseException:
        starter.abort()
        raise
    finally:
        pool.shutdown(wait=True)
    return images


def seed_services(starter):
    try:
        token = seed.seed_keystone(starter.config, starter.secrets)
        images = seed.seed_glance(starter.config, token)
    except StackError as error:
        raise StackError('seeding failed: %s; see the logs in %s'
                         % (error, starter.paths.log))
    say('seeded users, catalog and images (%.1f s)' % starter.elapsed())
    return images
