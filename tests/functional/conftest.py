import pytest

from tests import stackenv
from tests.functional import horizon


@pytest.fixture(scope='session')
def env():
    return stackenv.load()


@pytest.fixture(scope='session')
def trove(env):
    return stackenv.trove(env)


@pytest.fixture(scope='session')
def admin(env):
    return horizon.Horizon(env['HORIZON_URL']).login(
        env['ADMIN_USER'], env['ADMIN_PASSWORD'])


@pytest.fixture(scope='session')
def member(env):
    return horizon.Horizon(env['HORIZON_URL']).login(
        env['MEMBER_USER'], env['MEMBER_PASSWORD'])


@pytest.fixture
def datastore(trove):
    """A unique datastore name; the datastore is deleted after the test."""
    name = stackenv.unique('ds')
    yield name
    stackenv.delete_datastore(trove, name)
