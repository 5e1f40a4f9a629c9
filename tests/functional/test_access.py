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


def test_panel_static_files_served(admin):
    # The stack serves Horizon with gunicorn, so Django's static files
    # handler, not a web server, must deliver the CSS and JavaScript.
    response = admin.get(INDEX)
    paths = horizon.page(response).xpath(
        '//link[@rel="stylesheet"]/@href | //script/@src')
    static = [path for path in paths if path.startswith('/static/')]

    assert len(static) >= 3
    for path in static:
        assert admin.get(path).status_code == 200, path
