"""Who can reach the panel: every URL of it, the member, and CSRF.

The URLs come from the panel's URLconf, walked in a subprocess (see
panel_urls.py), with real ids filled in, so a view added later is covered
without editing this file. Refusals are checked over plain HTTP, where
the status code is visible; Trove's request log shows whether a request
reached Trove's management API at all.
"""

import time

import pytest

from tests.browser import panel_urls
from tests import stackenv

INDEX = '/admin/datastores/'
PARAMETER = 'max_connections'
PROBE_VERSION = 'access-probe'
# Upper bound of the wait for Trove's request log; only ends a hung test.
LOG_WAIT_SECONDS = 30

# URL names that must be among the enumerated ones, so that a broken walk
# of the URLconf cannot pass by finding nothing.
KNOWN_URLS = {'index', 'create', 'detail', 'create_version',
              'versions:detail', 'versions:update'}


@pytest.fixture(scope='module')
def catalog(env, trove):
    """Real ids for every URL parameter: a datastore, version and rule."""
    name = stackenv.unique('access')
    version = stackenv.create_version(trove, env, name, '1.0')
    stackenv.parameters(trove).create(version.id, PARAMETER, 0, 'integer',
                                      max_size=100, min_size=1)
    yield {'datastore': name, 'datastore_id': version.datastore_id,
           'version_id': version.id, 'name': PARAMETER}
    stackenv.delete_datastore(trove, name)


def payloads(env, catalog):
    """POST bodies that would change Trove if a view accepted them."""
    form = {'datastore_name': catalog['datastore'], 'name': PROBE_VERSION,
            'version': '', 'manager': 'mysql',
            'image': env['IMAGE_MYSQL_ID'], 'image_tags': '',
            'packages': '', 'active': 'on', 'default': 'on',
            'registry_ext': '', 'repl_strategy': '', 'type': 'integer',
            'minimum': '1', 'maximum': '5', 'source': catalog['version_id']}
    return [
        {'action': 'datastores__delete__%s' % catalog['datastore_id']},
        {'action': 'versions__delete__%s' % catalog['version_id']},
        {'action': 'parameters__delete__%s' % PARAMETER},
        form,
    ]


def mgmt_calls(env, trove):
    """Count the requests to Trove's management API in its request log.

    gunicorn writes a request's line after it has sent the response, so
    the line of the latest call may still be missing. Trove's single
    worker handles requests one at a time, so once the line of a marked
    request shows, every earlier request has its line.
    """
    marker = stackenv.unique('log-marker')
    trove.datastores.list(marker=marker)
    deadline = time.monotonic() + LOG_WAIT_SECONDS
    while True:
        with open(env['TROVE_LOG']) as log:
            lines = log.readlines()
        if any(marker in line for line in lines):
            return sum(1 for line in lines if '/mgmt/' in line)
        assert time.monotonic() < deadline, 'no log line for ' + marker
        time.sleep(0.1)


def catalog_state(trove, catalog):
    """What the requests must leave alone, read from Trove."""
    version = trove.mgmt_ds_versions.get(catalog['version_id'])
    rules = stackenv.parameters(trove).list_all_parameter_by_version(
        catalog['version_id'])
    names = sorted(v.name for v in trove.mgmt_ds_versions.list()
                   if v.datastore_id == catalog['datastore_id'])
    return {'active': version.active, 'default': version.default,
            'versions': names, 'rules': [rule.name for rule in rules]}


@pytest.fixture(scope='module')
def urls(env):
    return panel_urls.listed()


def test_enumeration_finds_panel(urls, catalog):
    names = {entry['name'] for entry in urls}
    params = {param for entry in urls for param in entry['params']}

    assert KNOWN_URLS <= names
    assert params <= set(catalog)


def test_admin_opens_every_url(admin_http, trove, env, urls, catalog):
    before = mgmt_calls(env, trove)

    statuses = {name: admin_http.get(path).status_code
                for name, path in panel_urls.filled(urls, catalog).items()}

    assert statuses == {name: 200 for name in statuses}
    # The control for the member test: these pages do call the API.
    assert mgmt_calls(env, trove) > before


def test_member_refused_everywhere(member_http, trove, env, urls,
                                   catalog):
    paths = panel_urls.filled(urls, catalog)
    state = catalog_state(trove, catalog)
    before = mgmt_calls(env, trove)

    gets = {name: member_http.get(path).status_code
            for name, path in paths.items()}
    posts = {(name, index): member_http.post(path, body).status_code
             for name, path in paths.items()
             for index, body in enumerate(payloads(env, catalog))}

    assert gets == {name: 403 for name in paths}
    assert posts == {key: 403 for key in posts}
    assert mgmt_calls(env, trove) == before
    assert catalog_state(trove, catalog) == state


@pytest.mark.parametrize('token', [None, 'not-the-session-token'])
def test_post_without_csrf_refused(admin_http, trove, env, urls,
                                   catalog, token):
    # Horizon's CSRF_FAILURE_VIEW responds to a failed check with a
    # redirect to the login page that names the reason, where Django
    # alone would respond 403. Either way the view does not run.
    paths = panel_urls.filled(urls, catalog)
    state = catalog_state(trove, catalog)
    before = mgmt_calls(env, trove)

    refusals = {}
    for name, path in paths.items():
        for index, body in enumerate(payloads(env, catalog)):
            if token:
                body = dict(body, csrfmiddlewaretoken=token)
            response = admin_http.post(path, body, csrf=False)
            location = response.headers.get('Location', '')
            refusals[name, index] = (response.status_code, location.split(
                '=')[0])

    assert refusals == {key: (302, '/auth/login/?csrf_failure')
                        for key in refusals}
    assert mgmt_calls(env, trove) == before
    assert catalog_state(trove, catalog) == state
    assert admin_http.get(INDEX).status_code == 200


def test_member_sees_no_database_group(admin_browser, member_browser):
    member = member_browser
    member.open('/project/')
    links = member.sidebar_links()
    group_names = [member.text_of(group) for group in member.find_all(
        '#sidebar .openstack-panel-group > a')]

    # Control: the admin's menu has the group and the panel.
    assert admin_browser.url(INDEX) in admin_browser.sidebar_links()
    assert any('/project/' in link for link in links)
    assert member.url(INDEX) not in links
    assert member.find_all('#sidebar-accordion-admin-database') == []
    assert 'Database' not in group_names

    member.open(INDEX)

    assert member.find_all('table#datastores') == []
