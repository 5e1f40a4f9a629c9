"""Checks of a running local stack (tools/stack) through the real Trove API.

Set TROVE_DS_STACK_ENV to the stack.env of a running stack, or let
`tools/stack run` set it:

    tools/stack run --state /tmp/stack -- python -m pytest tests/stack

Every run uses datastore names of its own, so runs do not disturb each other
or the data that other suites create.
"""

import os
import re
import uuid

import pytest
from keystoneauth1 import loading
from keystoneauth1 import session as ks_session
from troveclient import exceptions as trove_exceptions
from troveclient.v1 import client as trove_client

from tests import stackenv

STACK_ENV = os.environ.get('TROVE_DS_STACK_ENV')
if not STACK_ENV:
    pytest.skip('TROVE_DS_STACK_ENV is not set; start a stack with '
                'tools/stack and set it to the stack.env of its state folder',
                allow_module_level=True)

REQUIRED_KEYS = (
    'OS_AUTH_URL', 'OS_USER_DOMAIN_NAME', 'OS_PROJECT_DOMAIN_NAME',
    'OS_REGION_NAME', 'GLANCE_URL', 'TROVE_URL', 'ADMIN_USER',
    'ADMIN_PASSWORD', 'ADMIN_PROJECT', 'MEMBER_USER', 'MEMBER_PASSWORD',
    'MEMBER_PROJECT', 'STATE_DIR', 'TROVE_LOG', 'IMAGE_MYSQL_ID',
    'IMAGE_POSTGRESQL_ID', 'IMAGE_DEACTIVATED_ID',
)


@pytest.fixture(scope='module')
def stack():
    return stackenv.read(STACK_ENV)


def make_session(stack, role):
    prefix = 'ADMIN' if role == 'admin' else 'MEMBER'
    auth = loading.get_plugin_loader('password').load_from_options(
        auth_url=stack['OS_AUTH_URL'],
        username=stack[prefix + '_USER'],
        password=stack[prefix + '_PASSWORD'],
        project_name=stack[prefix + '_PROJECT'],
        user_domain_name=stack['OS_USER_DOMAIN_NAME'],
        project_domain_name=stack['OS_PROJECT_DOMAIN_NAME'])
    return ks_session.Session(auth=auth)


@pytest.fixture(scope='module')
def admin_session(stack):
    return make_session(stack, 'admin')


@pytest.fixture(scope='module')
def admin_client(stack, admin_session):
    return trove_client.Client(session=admin_session,
                               region_name=stack['OS_REGION_NAME'])


def log_size(path):
    return os.path.getsize(path)


def log_lines_since(path, offset):
    with open(path) as handle:
        handle.seek(offset)
        return handle.read().splitlines()


def find_version(client, datastore_name, version_name):
    for version in client.mgmt_ds_versions.list():
        if (version.datastore_name == datastore_name and
                version.name == version_name):
            return version
    return None


def has_request(lines, method, path, status):
    """Tell whether the Trove log has a REQUEST line for this call."""
    pattern = re.compile(r'^REQUEST %s %s %d \d+\.\d+$'
                         % (method, re.escape(path), status))
    return any(pattern.match(line) for line in lines)


@pytest.mark.parametrize('key', REQUIRED_KEYS)
def test_stack_env_has_key(stack, key):
    assert stack.get(key), '%s is missing or empty in %s' % (key, STACK_ENV)


@pytest.mark.parametrize('key', ('OS_AUTH_URL', 'GLANCE_URL', 'TROVE_URL'))
def test_stack_urls_are_loopback(stack, key):
    assert re.match(r'^http://(127\.\d+\.\d+\.\d+|\[::1\]):\d+(/|$)',
                    stack[key]), stack[key]


@pytest.mark.parametrize('key, status', [
    ('IMAGE_MYSQL_ID', 'active'),
    ('IMAGE_POSTGRESQL_ID', 'active'),
    ('IMAGE_DEACTIVATED_ID', 'deactivated'),
])
def test_image_status(stack, admin_session, key, status):
    reply = admin_session.get('%s/v2/images/%s' % (stack['GLANCE_URL'],
                                                   stack[key]))

    assert reply.json()['status'] == status


def test_member_gets_401_on_mgmt_list(stack):
    member = trove_client.Client(session=make_session(stack, 'member'),
                                 region_name=stack['OS_REGION_NAME'])

    with pytest.raises(trove_exceptions.Unauthorized):
        member.mgmt_ds_versions.list()


def test_version_round_trip(stack, admin_session, admin_client):
    suffix = uuid.uuid4().hex[:10]
    datastore_name = 'stacktest_' + suffix
    version_name = '8.0_' + suffix
    renamed = '8.4_' + suffix
    project = admin_session.get_project_id()
    base = '/v1.0/%s' % project
    offset = log_size(stack['TROVE_LOG'])
    version = None

    try:
        # Create: Trove returns 202 without a body, so find it by listing.
        created = admin_client.mgmt_ds_versions.create(
            version_name, datastore_name, 'mysql', stack['IMAGE_MYSQL_ID'],
            packages=['pkg1'], active='true', default='false')
        assert created is None
        version = find_version(admin_client, datastore_name, version_name)
        assert version is not None
        assert version.active is True
        assert version.image == stack['IMAGE_MYSQL_ID']

        # Edit: deactivate, then rename in a second call.
        admin_client.mgmt_ds_versions.edit(version.id, active='false')
        edited = admin_client.mgmt_ds_versions.get(version.id)
        assert edited.active is False
        admin_client.mgmt_ds_versions.edit(version.id, name=renamed)
        assert admin_client.mgmt_ds_versions.get(version.id).name == renamed

        # Delete the version, then its datastore.
        admin_client.mgmt_ds_versions.delete(version.id)
        assert find_version(admin_client, datastore_name, renamed) is None
        version = None
        admin_client.datastores.delete(datastore_name)
        with pytest.raises(trove_exceptions.NotFound):
            admin_client.datastores.get(datastore_name)
    except BaseException:
        cleanup(admin_client, version, datastore_name)
        raise

    lines = log_lines_since(stack['TROVE_LOG'], offset)
    versions_path = base + '/mgmt/datastore-versions'
    assert has_request(lines, 'POST', versions_path, 202)
    assert has_request(lines, 'GET', versions_path, 200)
    assert has_request(lines, 'PATCH', versions_path + '/' + edited.id, 202)
    assert has_request(lines, 'GET', versions_path + '/' + edited.id, 200)
    assert has_request(lines, 'DELETE', versions_path + '/' + edited.id, 202)
    assert has_request(lines, 'DELETE',
                       base + '/datastores/' + datastore_name, 202)


def cleanup(client, version, datastore_name):
    """Remove what a failed round trip left behind.

    The failure may have come before or after either object was created or
    deleted, so a refusal here is expected and does not hide the failure,
    which the caller raises again.
    """
    leftovers = [] if version is None else [
        (client.mgmt_ds_versions.delete, version.id)]
    leftovers.append((client.datastores.delete, datastore_name))
    for delete, key in leftovers:
        try:
            delete(key)
        except trove_exceptions.ClientException:
            continue
