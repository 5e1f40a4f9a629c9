"""Access to the local stack that tools/stack started for a test run.

tools/stack writes DIR/stack.env and exports its path as
TROVE_DS_STACK_ENV to the command it runs.
"""

import os
import shlex
import uuid

import pytest
from keystoneauth1 import identity
from keystoneauth1 import session as keystone_session
from troveclient.v1 import client as trove_client
from troveclient.v1 import management


def load():
    """Return the stack's settings, or skip the test when none runs."""
    path = os.environ.get('TROVE_DS_STACK_ENV')
    if not path:
        pytest.skip('TROVE_DS_STACK_ENV is not set: run this suite through '
                    'tools/stack run (tox -e functional does).')
    return read(path)


def read(path):
    """Return the settings in a stack.env file."""
    values = {}
    with open(path) as env_file:
        for line in env_file:
            key, sep, value = line.strip().partition('=')
            if sep and not key.startswith('#'):
                values[key] = shlex.split(value)[0] if value else ''
    return values


def trove(env, user='ADMIN', timeout=60):
    """Build a troveclient for the stack's admin or member user."""
    auth = identity.Password(
        auth_url=env['OS_AUTH_URL'], username=env[user + '_USER'],
        password=env[user + '_PASSWORD'],
        project_name=env[user + '_PROJECT'],
        user_domain_name='Default', project_domain_name='Default')
    session = keystone_session.Session(auth=auth, timeout=timeout)
    return trove_client.Client(session=session, service_type='database')


def parameters(client):
    return management.MgmtConfigurationParameters(client)


def unique(prefix='t'):
    """Return a name no other test run uses, so tests share one stack."""
    return '%s-%s' % (prefix, uuid.uuid4().hex[:10])


def find_version(client, datastore_name, name, number=None):
    for version in client.mgmt_ds_versions.list():
        if (version.datastore_name == datastore_name and
                version.name == name and
                (number is None or version.version == number)):
            return version
    return None


def create_version(client, env, datastore, name, number=None, active=True,
                   manager='mysql', tags=None):
    """Create a version through troveclient; return its management view."""
    image = None if tags else env['IMAGE_MYSQL_ID']
    client.mgmt_ds_versions.create(
        name, datastore, manager, image, packages=[],
        active='true' if active else 'false', default='false',
        image_tags=list(tags or []), version=number)
    return find_version(client, datastore, name, number or name)


def delete_datastore(client, datastore):
    """Delete a datastore and its versions, ignoring what is gone."""
    for version in client.mgmt_ds_versions.list():
        if version.datastore_name == datastore:
            client.mgmt_ds_versions.delete(version.id)
    try:
        client.datastores.delete(datastore)
    except Exception:
        pass
