"""Who can open the panel, against the real Keystone and Horizon."""

from tests import stackenv
from tests.functional import horizon

INDEX = '/admin/datastores/'


def test_admin_opens_index(admin, trove, env, datastore):
    version = stackenv.create_version(trove, env, datastore, '8.0')

    response = admin.get(INDEX)

    assert response.status_code == 200
    assert datastore in response.text
    assert version.datastore_id in response.text


def test_admin_menu_has_database_group(admin):
    response = admin.get('/admin/')

    assert response.status_code == 200
    assert 'Database' in response.text
    assert INDEX in response.text


def test_member_refused_at_index(member):
    response = member.get(INDEX)

    assert response.status_code == 403


def test_member_menu_has_no_database_group(member):
    response = member.get('/project/')

    assert response.status_code == 200
    assert INDEX not in response.text


def test_anonymous_sent_to_login(env):
    response = horizon.Horizon(env['HORIZON_URL']).get(INDEX)

    assert response.status_code == 302
    assert '/auth/login/' in response.headers['Location']
