"""Configuration parameters against the real Trove and Horizon."""

import json
import pathlib

import lxml.html
import pytest
import trove as trove_package

from tests import stackenv
from tests.functional import horizon

TROVE_TEMPLATES = pathlib.Path(trove_package.__file__).parent / 'templates'
TROVE_MYSQL_RULES = TROVE_TEMPLATES / 'mysql' / 'validation-rules.json'


def base(version_id):
    return '/admin/datastores/versions/%s/' % version_id


def rules_of(trove, version_id):
    listed = stackenv.parameters(trove).list_all_parameter_by_version(
        version_id)
    return {item.name: item.to_dict() for item in listed}


@pytest.fixture
def version(trove, env, datastore):
    # Inactive on purpose: operators stage rules before go-live.
    return stackenv.create_version(trove, env, datastore, '8.0',
                                   active=False)


def upload(admin, version_id, content):
    path = base(version_id) + 'parameters/import/'
    admin.get(path)
    return admin.http.post(
        admin.url(path),
        data={'csrfmiddlewaretoken': admin.http.cookies['csrftoken']},
        files={'rules_file': ('validation-rules.json', content)},
        headers={'Referer': admin.url(path)}, allow_redirects=False,
        timeout=60)


def summary(response):
    node = horizon.page(response).cssselect('.transfer-summary')
    return ' '.join(node[0].text_content().split()) if node else None


def apply_preview(admin, version_id, preview, path='import'):
    value = horizon.page(preview).cssselect(
        'input[name=rules_json]')[0].get('value')
    return admin.post(base(version_id) + 'parameters/%s/' % path,
                      {'rules_json': value})


def test_add_edit_delete(admin, trove, version):
    add = admin.post(base(version.id) + 'parameters/add/', {
        'name': 'max_connections', 'type': 'integer', 'minimum': '0',
        'maximum': '500', 'restart_required': 'on'})

    assert add.status_code == 302, horizon.form_errors(add)
    stored = rules_of(trove, version.id)['max_connections']
    assert stored['type'] == 'integer'
    assert stored['max_size'] == 500
    assert stored['restart_required'] is True

    tab = admin.get(base(version.id) + '?tab=version_details__parameters')
    row = horizon.table_rows(tab, 'parameters')['max_connections']
    assert row[3] == '0'

    edit = admin.post(base(version.id) + 'parameters/max_connections/'
                      'update/', {'name': 'max_connections',
                                  'type': 'integer', 'minimum': '10',
                                  'maximum': '20'})

    assert edit.status_code == 302, horizon.form_errors(edit)
    stored = rules_of(trove, version.id)['max_connections']
    assert stored['min_size'] == 10
    assert stored['restart_required'] is False

    delete = admin.action(base(version.id), 'parameters', 'delete',
                          'max_connections')

    assert delete.status_code == 302
    assert rules_of(trove, version.id) == {}


def test_add_refuses_bad_bounds(admin, trove, version):
    response = admin.post(base(version.id) + 'parameters/add/', {
        'name': 'x', 'type': 'integer', 'minimum': '5', 'maximum': 'lots'})

    assert response.status_code == 200
    assert any('"lots" is not a whole number' in error
               for error in horizon.form_errors(response))
    assert rules_of(trove, version.id) == {}


def test_import_trove_mysql_file(admin, trove, version):
    content = TROVE_MYSQL_RULES.read_bytes()
    expected = json.loads(content)['configuration-parameters']

    preview = upload(admin, version.id, content)

    assert preview.status_code == 200
    assert rules_of(trove, version.id) == {}
    plan = horizon.table_rows(preview, 'plan')
    assert len(plan) == len(expected)
    skipped = [cells for cells in plan.values() if 'Skip' in cells]
    assert any('not boolean' in ' '.join(cells) for cells in skipped)
    assert any('18446744073709551615' in ' '.join(cells)
               for cells in skipped)

    result = apply_preview(admin, version.id, preview)

    assert result.status_code == 200
    stored = rules_of(trove, version.id)
    creatable = [item for item in expected
                 if item['type'] in ('integer', 'string') and
                 item.get('max', 0) < 2 ** 63 and
                 (item['type'] == 'string' or
                  ('min' in item and 'max' in item))]
    assert set(stored) == {item['name'] for item in creatable}
    assert 'failed' not in [cells[2].lower()
                            for cells in horizon.table_rows(
                                result, 'result').values()]
    assert ' 0 failed' in summary(result)

    again = apply_preview(admin, version.id,
                          upload(admin, version.id, content))

    assert 'Result: 0 created, 0 updated, 0 failed' in summary(again)
    assert rules_of(trove, version.id) == stored


def test_import_trove_cassandra_file(admin, trove, version):
    # Its float rules have float bounds, and two names appear twice.
    content = (TROVE_TEMPLATES / 'cassandra' /
               'validation-rules.json').read_bytes()
    expected = json.loads(content)['configuration-parameters']

    preview = upload(admin, version.id, content)

    assert preview.status_code == 200
    result = apply_preview(admin, version.id, preview)
    assert result.status_code == 200
    rows = horizon.table_rows(result, 'result')
    assert len(rows) == len(expected)
    stored = rules_of(trove, version.id)
    # Trove's API needs both bounds of an integer rule.
    assert set(stored) == {item['name'] for item in expected
                           if item['type'] == 'string' or
                           (item['type'] == 'integer' and
                            'min' in item and 'max' in item)}
    assert ' 0 failed' in summary(result)


def test_import_bad_files(admin, trove, version):
    cases = {b'': 'file is empty.', b'{oops': 'not valid JSON',
             b'{"configuration-parameters": 3}':
                 'no "configuration-parameters"',
             b' ' * (10 * 1024 * 1024): 'the limit is'}
    for content, message in cases.items():
        response = upload(admin, version.id, content)

        assert response.status_code == 200
        errors = horizon.form_errors(response)
        assert any(message in error for error in errors), (message, errors)
    assert rules_of(trove, version.id) == {}


def test_import_item_problems_named(admin, trove, version):
    content = json.dumps({'configuration-parameters': [
        {'type': 'integer', 'min': 1, 'max': 2},
        {'name': 'n' * 129, 'type': 'string'},
        {'name': 'bounds', 'type': 'integer', 'min': 'a', 'max': 'b'},
        {'name': 'twice', 'type': 'string'},
        {'name': 'twice', 'type': 'string'}]}).encode()

    preview = upload(admin, version.id, content)

    text = ' '.join(lxml.html.fromstring(preview.text).text_content()
                    .split())
    assert 'The item has no name.' in text
    assert '129 characters long' in text
    assert '"a" is not a whole number' in text
    assert 'The name appears earlier in the file.' in text
    assert rules_of(trove, version.id) == {}


def test_export_round_trip(admin, trove, version):
    manager = stackenv.parameters(trove)
    manager.create(version.id, 'zero_min', 1, 'integer', max_size=9,
                   min_size=0)
    manager.create(version.id, 'sql_mode', 0, 'string')

    exported = admin.get(base(version.id) + 'parameters/export/')

    assert exported.status_code == 200
    items = json.loads(exported.content)['configuration-parameters']
    assert {'name': 'zero_min', 'restart_required': True, 'min': 0,
            'max': 9, 'type': 'integer'} in items

    preview = upload(admin, version.id, exported.content)

    assert '0 to create, 0 to update, 2 unchanged' in summary(preview)


def test_copy_from_other_version(admin, trove, env, datastore, version):
    source = stackenv.create_version(trove, env, datastore, '8.0',
                                     number='8.0.99')
    manager = stackenv.parameters(trove)
    manager.create(source.id, 'max_connections', 0, 'integer',
                   max_size=100, min_size=1)
    manager.create(source.id, 'sql_mode', 0, 'string')
    path = base(version.id) + 'parameters/copy/'

    preview = admin.post(path, {'source': source.id})

    assert '2 to create' in summary(preview)
    result = apply_preview(admin, version.id, preview, path='copy')

    assert 'Result: 2 created' in summary(result)
    assert set(rules_of(trove, version.id)) == {'max_connections',
                                                'sql_mode'}
