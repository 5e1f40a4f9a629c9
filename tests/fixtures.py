"""Fixtures shared by the suites that run against the local stack.

The conftest.py of each suite imports the ones it uses.
"""

import pytest

from tests.functional import horizon
from tests import stackenv


@pytest.fixture(scope='session')
def env():
    return stackenv.load()


@pytest.fixture(scope='session')
def trove(env):
    return stackenv.trove(env)


def login(env, user):
    """Return a Horizon HTTP session logged in as ADMIN or MEMBER."""
    return horizon.Horizon(env['HORIZON_URL']).login(
        env[user + '_USER'], env[user + '_PASSWORD'])


@pytest.fixture(scope='session')
def admin_http(env):
    return login(env, 'ADMIN')


@pytest.fixture(scope='session')
def member_http(env):
    return login(env, 'MEMBER')


@pytest.fixture
def datastore(trove):
    """A unique datastore name; the datastore is deleted after the test."""
    name = stackenv.unique('ds')
    yield name
    stackenv.delete_datastore(trove, name)
