"""The panel while Trove or Glance is stopped or hangs.

These tests stop and pause services, so they start a stack of their own
(tools/stack start, on free loopback ports) and stop it at the end. The
stack of the rest of the suite is not touched. The new stack's Horizon
loads local_settings_extra.py with a short TROVE_DS_API_TIMEOUT.

"No 500 page" is checked over HTTP, where the status code is visible,
and in the browser, where the message shows.
"""

import os
import socket
import subprocess
import sys

import pytest

from tests.browser import browser as browser_lib
from tests.browser import panel_urls
from tests import stackenv
from tests.functional import horizon

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
STACK = os.path.join(REPO, 'tools', 'stack')
INDEX = '/admin/datastores/'
TABS = 'datastore_details'
# Seconds a Trove call may take in this stack's Horizon. Long enough for
# a Trove call of the local stack, short enough to keep the test quick.
API_TIMEOUT = 4
# Upper bound for one tools/stack command; only ends a hung command.
STACK_COMMAND_SECONDS = 600
# Text of the pages Django and Horizon serve for an unhandled error.
SERVER_ERROR_MARKERS = ('Server Error (500)', 'Traceback',
                        'Something went wrong')


def free_ports(count):
    """Return loopback ports that nothing listens on right now."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(('127.0.0.1', 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def stack(*args):
    result = subprocess.run(
        [sys.executable, STACK] + list(args), capture_output=True,
        text=True, timeout=STACK_COMMAND_SECONDS)
    assert result.returncode == 0, (args, result.stdout, result.stderr)


@pytest.fixture(scope='module')
def fault_env(env, tmp_path_factory):
    """A stack of its own: started here, stopped at the end."""
    state = str(tmp_path_factory.mktemp('fault-stack'))
    os.makedirs(os.path.join(state, 'horizon'))
    with open(os.path.join(state, 'horizon',
                           'local_settings_extra.py'), 'w') as extra:
        extra.write('TROVE_DS_API_TIMEOUT = %d\n' % API_TIMEOUT)
    keystone, glance, trove, horizon_port = free_ports(4)
    try:
        stack('start', '--state', state, '--horizon',
              '--keystone-port', str(keystone), '--glance-port', str(glance),
              '--trove-port', str(trove), '--horizon-port', str(horizon_port))
        yield stackenv.read(os.path.join(state, 'stack.env'))
    finally:
        stack('stop', '--state', state)


def service(fault_env, action, name):
    stack('service', action, name, '--state', fault_env['STATE_DIR'])


@pytest.fixture(scope='module')
def fault_trove(fault_env):
    return stackenv.trove(fault_env)


@pytest.fixture(scope='module')
def catalog(fault_env, fault_trove):
    name = stackenv.unique('fault')
    version = stackenv.create_version(fault_trove, fault_env, name, '1.0')
    stackenv.parameters(fault_trove).create(
        version.id, 'max_connections', 0, 'integer', max_size=100,
        min_size=1)
    return {'datastore': name, 'datastore_id': version.datastore_id,
            'version_id': version.id, 'name': 'max_connections'}


@pytest.fixture(scope='module')
def fault_browser(fault_env):
    browser = browser_lib.start(fault_env['HORIZON_URL'], 'fault')
    try:
        browser.login(fault_env['ADMIN_USER'], fault_env['ADMIN_PASSWORD'])
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope='module')
def fault_http(fault_env):
    return horizon.Horizon(fault_env['HORIZON_URL']).login(
        fault_env['ADMIN_USER'], fault_env['ADMIN_PASSWORD'])


def error_texts(browser):
    return [text for level, text in browser.messages() if level == 'error']


def server_errors(text):
    return [marker for marker in SERVER_ERROR_MARKERS if marker in text]


def visit_all(http, paths):
    """GET every path, following redirects; return what each ended as."""
    outcome = {}
    for name, path in paths.items():
        response = http.get(path, allow_redirects=True)
        outcome[name] = (response.status_code, server_errors(response.text))
    return outcome


def test_trove_stopped_then_started(fault_env, fault_trove, fault_browser,
                                    fault_http, catalog):
    browser = fault_browser
    paths = panel_urls.filled(panel_urls.listed(), catalog)
    detail = paths['detail']
    browser.open(detail)
    browser.show_tab(TABS, 'versions')
    form = browser.open_form('#versions__row_%s__action_edit'
                             % catalog['version_id'], 'edit_version_form')

    service(fault_env, 'stop', 'trove')
    try:
        # A form that was open when Trove stopped: the view cannot load
        # the version, so Horizon sends the browser to the index.
        browser.fill(form, 'packages', 'pkg-late')
        browser.submit(form)

        errors = error_texts(browser)

        assert browser.path() == INDEX
        assert any(text.startswith('Error: Unable to retrieve the version.')
                   for text in errors), errors
        assert any('Trove could not be reached' in text for text in errors)
        assert server_errors(browser.text_of(browser.find('body'))) == []

        # Every URL of the panel, over HTTP.
        outcome = visit_all(fault_http, paths)

        assert outcome == {name: (200, []) for name in paths}

        # The main pages in the browser show why.
        for name in ('index', 'detail', 'versions:detail'):
            browser.open(paths[name])

            assert server_errors(browser.text_of(browser.find('body'))) == []
            assert any(text.startswith('Error: Unable to retrieve')
                       for text in error_texts(browser)), name
    finally:
        service(fault_env, 'start', 'trove')

    # The same Horizon process works again.
    browser.open(detail)

    assert error_texts(browser) == []

    browser.show_tab(TABS, 'versions')
    browser.row_action('versions', catalog['version_id'], 'deactivate')
    browser.confirm(browser.confirm_dialog())

    assert fault_trove.mgmt_ds_versions.get(
        catalog['version_id']).active is False


def test_trove_paused_times_out(fault_env, fault_browser, fault_http,
                                catalog):
    browser = fault_browser
    expected = 'Trove did not respond within %d seconds.' % API_TIMEOUT

    service(fault_env, 'pause', 'trove')
    try:
        response = fault_http.get(INDEX)
        errors = [text for level, text in horizon.messages(response)
                  if level == 'error']

        assert response.status_code == 200
        assert any(expected in text for text in errors), errors

        browser.open(INDEX)

        assert any(expected in text for text in error_texts(browser))
    finally:
        service(fault_env, 'resume', 'trove')

    browser.open(INDEX)

    assert error_texts(browser) == []
    assert catalog['datastore_id'] in browser.row_ids('datastores')


def test_glance_stopped_forms_open(fault_env, fault_browser, fault_http,
                                   catalog):
    browser = fault_browser
    expected = ('Error: Unable to list Glance images, so only image tags '
                'can be given now.')
    browser.open(panel_urls.filled(panel_urls.listed(), catalog)['detail'])
    browser.show_tab(TABS, 'versions')

    service(fault_env, 'stop', 'glance')
    try:
        form = browser.open_form('#versions__action_create_version',
                                 'create_version_form')

        assert browser.choices(form, 'image') == ['']
        assert browser.field(form, 'image_tags').is_displayed()
        assert any(text.startswith(expected)
                   for text in error_texts(browser))

        browser.cancel(browser.visible_modal())
        form = browser.open_form('#versions__row_%s__action_edit'
                                 % catalog['version_id'], 'edit_version_form')

        assert browser.choices(form, 'image') == [
            '', fault_env['IMAGE_MYSQL_ID']]
        assert browser.field(form, 'image_tags').is_displayed()

        browser.cancel(browser.visible_modal())
        response = fault_http.get('%sversions/%s/' % (
            INDEX, catalog['version_id']))

        assert response.status_code == 200
        assert fault_env['IMAGE_MYSQL_ID'] in response.text
    finally:
        service(fault_env, 'start', 'glance')
