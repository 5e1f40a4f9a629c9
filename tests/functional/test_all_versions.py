"""The All Versions page against the real Trove and Horizon."""

import pytest

from tests import stackenv
from tests.functional import horizon

URL = '/admin/datastores/versions/'
FILTER = 'all_versions__filter__q'


def filter_by(admin, text):
    response = admin.post(URL, {FILTER: text, FILTER + '_field': 'text'})
    assert response.status_code == 302, response.status_code


@pytest.fixture
def filtered(admin, datastore):
    """Filter All Versions to the test's datastore; clear it afterwards."""
    filter_by(admin, datastore)
    yield
    filter_by(admin, '')
    admin.get(URL + '?sort=datastore')


def test_lists_versions_of_datastore(admin, trove, env, datastore, filtered):
    old = stackenv.create_version(trove, env, datastore, '5.7', '5.7.9')
    new = stackenv.create_version(trove, env, datastore, '5.7', '5.7.10',
                                  active=False)

    rows = horizon.table_rows(admin.get(URL + '?sort=version'),
                              'all_versions')

    assert list(rows) == [old.id, new.id]
    assert rows[new.id][:3] == [datastore, '5.7', '5.7.10']
    assert 'No' in rows[new.id]


def test_sorts_descending_on_server(admin, trove, env, datastore, filtered):
    old = stackenv.create_version(trove, env, datastore, '5.7', '5.7.9')
    new = stackenv.create_version(trove, env, datastore, '5.7', '5.7.10')

    rows = horizon.table_rows(admin.get(URL + '?sort=-version'),
                              'all_versions')

    assert list(rows) == [new.id, old.id]
