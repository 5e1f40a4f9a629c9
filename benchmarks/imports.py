"""Time the import of configuration-parameter rules through Horizon.

The import is measured on fresh versions of a datastore of its own,
which is deleted afterwards, so the catalog the scale benchmark built
stays as it was.
"""

import dataclasses
import importlib.util
import json
import os
import re
import time
import uuid

import lxml.html
from troveclient.v1 import management

from benchmarks import pages

DATASTORE = 'paramimport'
SUMMARY = re.compile(r'Result: (\d+) created, (\d+) updated, (\d+) failed')


@dataclasses.dataclass
class ImportResult:
    source: str
    rules_in_file: int
    created: int
    failed: int
    rules_in_trove: int
    preview_seconds: float
    apply_seconds: float
    total_seconds: float
    trove_requests: int


def trove_mysql_rules():
    """Return the bytes of the MySQL rules file of the installed trove."""
    spec = importlib.util.find_spec('trove')
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError('the trove package is not installed in %s'
                           % os.environ.get('VIRTUAL_ENV', 'this Python'))
    folder = spec.submodule_search_locations[0]
    path = os.path.join(folder, 'templates', 'mysql', 'validation-rules.json')
    with open(path, 'rb') as handle:
        return handle.read()


def generated_rules(count=120):
    """Return a rules file of ``count`` rules Trove's API accepts.

    Two thirds are integer rules with both bounds, the rest strings.
    """
    items = []
    for index in range(count):
        if index % 3 == 2:
            items.append({'name': 'bench_string_%03d' % index,
                          'restart_required': False, 'type': 'string'})
        else:
            items.append({'name': 'bench_integer_%03d' % index,
                          'restart_required': bool(index % 2),
                          'min': 0, 'max': 1000 * (index + 1),
                          'type': 'integer'})
    return json.dumps({'configuration-parameters': items}).encode()


def create_version(client, env):
    """Create a version with no rules; return its id."""
    name = 'import-%s' % uuid.uuid4().hex[:8]
    client.mgmt_ds_versions.create(
        name, DATASTORE, 'mysql', env['IMAGE_MYSQL_ID'], packages=[],
        active='true', default='false', image_tags=[], version=name)
    for version in client.datastore_versions.list(DATASTORE):
        if version.name == name:
            return version.id
    raise RuntimeError('Trove accepted version %s of %s but does not list it'
                       % (name, DATASTORE))


def delete_datastore(client):
    for version in client.datastore_versions.list(DATASTORE):
        client.mgmt_ds_versions.delete(version.id)
    client.datastores.delete(DATASTORE)


def rules_json(response):
    """Return the previewed rules that the apply form sends back."""
    tree = lxml.html.fromstring(response.text)
    found = tree.cssselect('#transfer_apply_form input[name="rules_json"]')
    if not found:
        raise RuntimeError('the import preview has no apply form; the page '
                           'reads: %s' % ' '.join(tree.text_content().split())
                           [:300])
    return found[0].get('value')


def run_import(browser, path, content):
    """Upload ``content``, preview it and apply it; return the timings."""
    started = time.perf_counter()
    pages.fetch(browser, path)
    preview = browser.post(path, {}, files={
        'rules_file': ('validation-rules.json', content, 'application/json')})
    previewed = time.perf_counter()
    if preview.status_code != 200:
        raise RuntimeError('the import preview returned HTTP %s'
                           % preview.status_code)
    applied = browser.post(path, {'rules_json': rules_json(preview)})
    finished = time.perf_counter()
    if applied.status_code != 200:
        raise RuntimeError('applying the import returned HTTP %s'
                           % applied.status_code)
    match = SUMMARY.search(' '.join(applied.text.split()))
    if not match:
        raise RuntimeError('the import result page shows no summary')
    return (previewed - started, finished - previewed,
            finished - started, match)


def measure_import(client, browser, env, trove_log, source, content):
    version_id = create_version(client, env)
    path = '%sversions/%s/parameters/import/' % (pages.INDEX, version_id)
    with trove_log.capture() as lines:
        preview, applied, total, match = run_import(browser, path,
                                                    content)
    listed = management.MgmtConfigurationParameters(
        client).list_all_parameter_by_version(version_id)
    document = json.loads(content)
    return ImportResult(
        source=source,
        rules_in_file=len(document['configuration-parameters']),
        created=int(match.group(1)), failed=int(match.group(3)),
        rules_in_trove=len(listed), preview_seconds=preview,
        apply_seconds=applied, total_seconds=total,
        trove_requests=len(lines))


def measure_imports(client, browser, env, trove_log):
    """Import Trove's MySQL rules and a 120-rule file into new versions."""
    results = []
    try:
        for source, content in (
                ("trove's templates/mysql/validation-rules.json",
                 trove_mysql_rules()),
                ('generated file of 120 integer and string rules',
                 generated_rules())):
            results.append(measure_import(client, browser, env, trove_log,
                                          source, content))
    finally:
        delete_datastore(client)
    return results
