"""The panel's pages and the raw troveclient calls each of them needs.

``raw_calls`` returns the troveclient calls that are timed directly.
``PAGES`` names, for each page, the raw call set that fetches what the
page shows (its floor), so the report compares the page with the
fastest the API allows.
"""

import dataclasses
import time

from troveclient.v1 import management

from benchmarks import measure
from tests.functional import horizon

INDEX = '/admin/datastores/'
ALL_VERSIONS = INDEX + 'versions/'


@dataclasses.dataclass
class Target:
    """The datastore, version and datastore list one size is measured on."""

    datastore_id: str
    datastore_name: str
    datastore_versions: int
    version_id: str
    datastores: list


def raw_calls(client, target):
    """Return {name: function} for every raw call set that is timed."""
    parameters = management.MgmtConfigurationParameters(client)
    ds = target.datastore_id
    version = target.version_id
    return {
        'datastores.list()': lambda: client.datastores.list(),
        'datastores.get(ds)': lambda: client.datastores.get(ds),
        'datastores.get(ds) + mgmt_ds_versions.list()': lambda: (
            client.datastores.get(ds), client.mgmt_ds_versions.list()),
        'datastore_versions.list(ds)': lambda: (
            client.datastore_versions.list(ds)),
        'datastores.get(ds) + datastore_versions.list(ds)': lambda: (
            client.datastores.get(ds), client.datastore_versions.list(ds)),
        'mgmt_ds_versions.get(v)': lambda: client.mgmt_ds_versions.get(
            version),
        'mgmt_ds_versions.get(v) + parameter list': lambda: (
            client.mgmt_ds_versions.get(version),
            parameters.list_all_parameter_by_version(version)),
        'datastores.get(ds) + mgmt_ds_versions.get(v)': lambda: (
            client.datastores.get(ds),
            client.mgmt_ds_versions.get(version)),
        'mgmt_ds_versions.get(v) + datastores.list()': lambda: (
            client.mgmt_ds_versions.get(version), client.datastores.list()),
    }


@dataclasses.dataclass
class Page:
    """A page of the panel and the raw calls that fetch what it shows."""

    key: str
    title: str
    floor: str
    # Horizon table whose rows are counted, and the number expected.
    table: str = None

    def path(self, target):
        return PATHS[self.key](target)

    def count_rows(self, response, target):
        """Return (rows shown, rows expected) of the page's table.

        The index counts only the benchmark's datastores, because the
        stack may hold others.
        """
        if not self.table:
            return None, None
        rows = horizon.table_rows(response, self.table)
        if self.key == 'index':
            ids = {datastore_id for datastore_id, _name in target.datastores}
            return len(ids.intersection(rows)), len(ids)
        return len(rows), target.datastore_versions


PATHS = {
    'baseline': lambda target: '/project/',
    'index': lambda target: INDEX,
    'datastore': lambda target: '%s%s/' % (INDEX, target.datastore_id),
    'version': lambda target: '%sversions/%s/' % (INDEX, target.version_id),
    'version_parameters': lambda target: (
        '%sversions/%s/?tab=version_details__parameters' % (
            INDEX, target.version_id)),
    'create_version': lambda target: '%s%s/versions/create/' % (
        INDEX, target.datastore_id),
    'edit_version': lambda target: '%sversions/%s/update/' % (
        INDEX, target.version_id),
    'copy_parameters': lambda target: '%sversions/%s/parameters/copy/' % (
        INDEX, target.version_id),
    'all_versions': lambda target: ALL_VERSIONS,
}

PAGES = (
    # The stack makes API Access the Project dashboard's landing page; it
    # reads the service catalog from the session and calls no service.
    Page('baseline', 'Horizon API Access (no service call)', None),
    Page('index', 'Index', 'datastores.list()', table='datastores'),
    Page('datastore', 'Datastore detail',
         'datastores.get(ds) + mgmt_ds_versions.list()', table='versions'),
    Page('version', 'Version detail', 'mgmt_ds_versions.get(v)'),
    Page('version_parameters', 'Version detail, parameters tab',
         'mgmt_ds_versions.get(v) + parameter list'),
    Page('create_version', 'Create Version form',
         'datastores.get(ds) + mgmt_ds_versions.get(v)'),
    Page('edit_version', 'Edit Version form', 'mgmt_ds_versions.get(v)'),
    Page('copy_parameters', 'Copy Parameters form',
         'mgmt_ds_versions.get(v) + datastores.list()'),
    Page('all_versions', 'All Versions, first page', 'datastores.list()'),
)


@dataclasses.dataclass
class PageResult:
    key: str
    timing: measure.Timing
    floor_timing: measure.Timing
    trove_requests: list
    glance_requests: int
    keystone_requests: int
    rows: int = None
    expected_rows: int = None
    error: str = None


class PageError(RuntimeError):
    """Horizon did not return the page with HTTP 200."""


def fetch(client, path):
    """GET a page; raise PageError unless Horizon returns it with 200.

    Horizon redirects when a view fails, and shows why on the page it
    redirects to, so the error names that message.
    """
    response = client.get(path)
    if response.status_code == 200:
        return response
    reason = ''
    if response.status_code in (301, 302):
        shown = horizon.messages(client.follow(response))
        reason = '; '.join(text for _level, text in shown)
    raise PageError('GET %s returned HTTP %s%s' % (
        path, response.status_code, ': ' + reason if reason else ''))


def measure_page(client, page, target, runs, logs, project_id, floor):
    """Time a page and its floor, and count the requests of one load.

    The page and its floor calls run in turns, so both see the same load
    on the machine. ``floor`` is None for a page without one.
    """
    path = page.path(target)
    error = None
    try:
        fetch(client, path)
    except PageError as failure:
        error = str(failure)
    with logs['trove'].capture() as trove_lines, \
            logs['glance'].capture() as glance_lines, \
            logs['keystone'].capture() as keystone_lines:
        try:
            response = fetch(client, path)
        except PageError as failure:
            error = str(failure)
    requests = {
        'trove_requests': measure.request_summary(trove_lines, project_id),
        'glance_requests': len(glance_lines),
        'keystone_requests': len(keystone_lines),
    }
    if error:
        # A failing page is not timed: its time is the failure's.
        return PageResult(key=page.key, timing=None, floor_timing=None,
                          error=error, **requests)
    rows, expected_rows = page.count_rows(response, target)
    if floor:
        floor()
    page_runs, floor_runs = [], []
    for _ in range(runs):
        if floor:
            floor_runs.append(measure.time_once(floor))
        page_runs.append(measure.time_once(lambda: fetch(client, path)))
    return PageResult(
        key=page.key, timing=measure.Timing(page_runs),
        floor_timing=measure.Timing(floor_runs) if floor else None,
        rows=rows, expected_rows=expected_rows, **requests)


def read_all_versions(client):
    """Time reading every page of All Versions by its Next links.

    Returns (seconds, rows read, pages read).
    """
    started = time.perf_counter()
    path, rows, count = ALL_VERSIONS, 0, 0
    while path:
        response = fetch(client, path)
        count += 1
        rows += len(horizon.table_rows(response, 'all_versions'))
        links = [link.get('href') for link in horizon.page(response).cssselect(
            '#all_versions tfoot a') if link.get('href', '').startswith(
                '?marker=')]
        path = ALL_VERSIONS + links[0] if links else None
    return time.perf_counter() - started, rows, count


def walk_panel(client, target):
    """Time loading the index and then every datastore's detail page.

    That is what an operator loads in the panel to see every version of
    every datastore, the counterpart of the CLI loop.
    """
    paths = [INDEX] + ['%s%s/' % (INDEX, datastore_id)
                       for datastore_id, _name in target.datastores]
    started = time.perf_counter()
    for path in paths:
        fetch(client, path)
    return time.perf_counter() - started
