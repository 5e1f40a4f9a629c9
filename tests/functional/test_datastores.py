"""The datastores panel against the real Keystone, Glance, Trove and Horizon.

Each test works on datastores with unique names and checks both what
Horizon shows and what Trove holds, read back through troveclient.
"""

import pytest
from troveclient import exceptions as trove_exceptions

from tests import stackenv
from tests.functional import horizon

INDEX = '/admin/datastores/'
CREATE = '/admin/datastores/create/'
XSS = '<img src=x onerror=alert(1)>'


def detail_url(datastore_id):
    return '%s%s/' % (INDEX, datastore_id)


def version_url(version_id):
    return '%sversions/%s/' % (INDEX, version_id)


def edit_url(version_id):
    return version_url(version_id) + 'update/'


def version_form(env, **fields):
    data = {'name': '8.0', 'version': '', 'manager': 'mysql',
            'image': env['IMAGE_MYSQL_ID'], 'image_tags': '', 'packages': '',
            'active': 'on', 'registry_ext': '', 'repl_strategy': ''}
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def edit_form(version, **fields):
    """The edit form as it opens for ``version``, with ``fields`` changed."""
    data = {'name': version.name, 'version': version.version,
            'manager': version.datastore_manager, 'image': version.image or '',
            'image_tags': ', '.join(tag for tag in version.image_tags if tag),
            'packages': ', '.join(item for item in version.packages if item),
            'registry_ext': version.registry_ext or '',
            'repl_strategy': version.repl_strategy or ''}
    if version.active:
        data['active'] = 'on'
    if version.default:
        data['default'] = 'on'
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def versions_of(trove, datastore):
    return {version.id: version for version in trove.mgmt_ds_versions.list()
            if version.datastore_name == datastore}


def default_of(trove, datastore):
    return trove.datastores.get(datastore).to_dict().get('default_version')


def create_via_form(admin, env, datastore, **fields):
    return admin.post(CREATE, dict(version_form(env, **fields),
                                   datastore_name=datastore))


def test_create_datastore_with_first_version(admin, trove, env, datastore):
    response = create_via_form(admin, env, datastore, name='8.0-custom',
                               version='8.0.36', packages='pkg-a, pkg-b')

    assert response.status_code == 302, horizon.form_errors(response)
    [version] = versions_of(trove, datastore).values()
    assert version.name == '8.0-custom'
    assert version.version == '8.0.36'
    assert version.packages == ['pkg-a', 'pkg-b']
    page = admin.follow(response)
    assert ('success', 'Success: Created version 8.0-custom (8.0.36) of '
            'datastore %s.' % datastore) in horizon.messages(page)

    detail = admin.get(detail_url(version.datastore_id))
    row = horizon.table_rows(detail, 'versions')[version.id]
    assert '8.0-custom' in row
    assert '8.0.36' in row


def test_create_with_tags_trims_them(admin, trove, env, datastore):
    response = create_via_form(admin, env, datastore, image='',
                               image_tags=' trove , mysql ')

    assert response.status_code == 302, horizon.form_errors(response)
    [version] = versions_of(trove, datastore).values()
    assert version.image_tags == ['trove', 'mysql']
    assert not version.image


@pytest.mark.parametrize('tags, message', [
    ('a, b, c, d, e, f', '6 image tags given; Trove accepts at most 5.'),
    ('x' * 21, 'is 21 characters long; the maximum is 20.'),
    ('trove,trove', 'Image tag "trove" is given twice'),
    ('---', 'Image tag "---" needs at least one letter'),
])
def test_bad_tags_refused_in_form(admin, trove, env, datastore, tags,
                                  message):
    response = create_via_form(admin, env, datastore, image='',
                               image_tags=tags)

    assert response.status_code == 200
    assert any(message in error for error in horizon.form_errors(response))
    assert versions_of(trove, datastore) == {}


def test_unknown_tags_show_trove_reason(admin, trove, env, datastore):
    response = create_via_form(admin, env, datastore, image='',
                               image_tags='no-such-tag')

    assert response.status_code == 200
    errors = horizon.form_errors(response)
    assert any("Failed to retrieve image with tags" in error
               for error in errors), errors
    assert horizon.messages(response) == []


def test_duplicate_version_stays_in_modal(admin, trove, env, datastore):
    first = create_via_form(admin, env, datastore, name='8.0',
                            version='8.0.36')
    assert first.status_code == 302
    create_url = '%s%s/versions/create/' % (
        INDEX, default_datastore_id(trove, datastore))

    again = admin.post(create_url, dict(
        version_form(env, name='8.0', version='8.0.36'),
        datastore_name=datastore))

    assert again.status_code == 200
    errors = horizon.form_errors(again)
    assert any("already exists" in error for error in errors), errors
    assert not any(level == 'success'
                   for level, _text in horizon.messages(again))
    assert len(versions_of(trove, datastore)) == 1


def default_datastore_id(trove, datastore):
    return trove.datastores.get(datastore).id


def test_create_datastore_twice_refused(admin, trove, env, datastore):
    create_via_form(admin, env, datastore)

    again = create_via_form(admin, env, datastore, name='9.0')

    assert again.status_code == 200
    errors = horizon.form_errors(again)
    assert any('exists already' in error for error in errors), errors
    assert len(versions_of(trove, datastore)) == 1


def test_default_and_inactive_refused(admin, trove, env, datastore):
    response = create_via_form(admin, env, datastore, active=None,
                               default='on')

    assert response.status_code == 200
    assert any('A default version must be active' in error
               for error in horizon.form_errors(response))
    assert versions_of(trove, datastore) == {}


def test_manager_without_replication_refused(admin, trove, env, datastore):
    response = create_via_form(admin, env, datastore, manager='cassandra')

    assert response.status_code == 200
    assert any('no default replication strategy' in error
               for error in horizon.form_errors(response))
    with pytest.raises(trove_exceptions.NotFound):
        trove.datastores.get(datastore)


def test_set_default_then_unset(admin, trove, env, datastore):
    v1 = stackenv.create_version(trove, env, datastore, '1.0')
    v2 = stackenv.create_version(trove, env, datastore, '2.0')
    trove.mgmt_ds_versions.edit(v1.id, default='true')
    page = detail_url(v1.datastore_id)

    response = admin.action(page, 'versions', 'set_default', v2.id)

    assert response.status_code == 302
    versions = versions_of(trove, datastore)
    assert [v.id for v in versions.values() if v.default] == [v2.id]
    assert default_of(trove, datastore) == v2.id

    response = admin.action(page, 'versions', 'unset_default', v2.id)

    assert response.status_code == 302
    assert default_of(trove, datastore) is None
    index = horizon.table_rows(admin.get(INDEX), 'datastores')
    assert 'none' in index[v1.datastore_id]


def test_only_inactive_version_is_listed(admin, trove, env, datastore):
    version = stackenv.create_version(trove, env, datastore, '1.0',
                                      active=False)

    index = horizon.table_rows(admin.get(INDEX), 'datastores')
    detail = horizon.table_rows(admin.get(detail_url(version.datastore_id)),
                                'versions')

    assert '0 active / 1' in index[version.datastore_id]
    active_cell = detail[version.id][6]
    assert active_cell == 'No'


def test_shared_names_change_only_intended_row(admin, trove, env):
    mysql, mariadb = stackenv.unique('my'), stackenv.unique('maria')
    try:
        old = stackenv.create_version(trove, env, mysql, '5.7', '5.7.29')
        new = stackenv.create_version(trove, env, mysql, '5.7', '5.7.30')
        other = stackenv.create_version(trove, env, mariadb, '5.7',
                                        manager='mariadb')
        page = detail_url(old.datastore_id)

        response = admin.action(page, 'versions', 'set_default', new.id)

        assert response.status_code == 302
        assert default_of(trove, mysql) == new.id
        assert default_of(trove, mariadb) is None
        names = {v.id: (v.name, v.version)
                 for v in versions_of(trove, mysql).values()}
        assert names == {old.id: ('5.7', '5.7.29'),
                         new.id: ('5.7', '5.7.30')}

        response = admin.post(edit_url(old.id), edit_form(
            old, packages='only-old'))

        assert response.status_code == 302, horizon.form_errors(response)
        assert trove.mgmt_ds_versions.get(old.id).packages == ['only-old']
        assert trove.mgmt_ds_versions.get(new.id).packages == ['']
        assert trove.mgmt_ds_versions.get(other.id).packages == ['']

        response = admin.action(page, 'versions', 'delete', old.id)

        assert response.status_code == 302
        assert set(versions_of(trove, mysql)) == {new.id}
        assert set(versions_of(trove, mariadb)) == {other.id}
    finally:
        stackenv.delete_datastore(trove, mysql)
        stackenv.delete_datastore(trove, mariadb)


def test_rename_and_default_in_one_edit(admin, trove, env, datastore):
    version = stackenv.create_version(trove, env, datastore, '1.0')

    response = admin.post(edit_url(version.id), edit_form(
        version, name='1.0-renamed', default='on'))

    assert response.status_code == 302, horizon.form_errors(response)
    saved = trove.mgmt_ds_versions.get(version.id)
    assert saved.name == '1.0-renamed'
    assert saved.default is True


def test_switch_image_to_tags_and_back(admin, trove, env, datastore):
    version = stackenv.create_version(trove, env, datastore, '1.0')

    response = admin.post(edit_url(version.id), edit_form(
        version, image='', image_tags='trove, mysql'))

    assert response.status_code == 302, horizon.form_errors(response)
    saved = trove.mgmt_ds_versions.get(version.id)
    assert not saved.image
    assert saved.image_tags == ['trove', 'mysql']

    response = admin.post(edit_url(version.id), edit_form(
        saved, image=env['IMAGE_MYSQL_ID'], image_tags=''))

    assert response.status_code == 302, horizon.form_errors(response)
    saved = trove.mgmt_ds_versions.get(version.id)
    assert saved.image == env['IMAGE_MYSQL_ID']
    assert saved.image_tags == ['']


def test_edit_clears_packages(admin, trove, env, datastore):
    version = stackenv.create_version(trove, env, datastore, '1.0')
    trove.mgmt_ds_versions.edit(version.id, packages=['a', 'b'])
    version = trove.mgmt_ds_versions.get(version.id)

    response = admin.post(edit_url(version.id), edit_form(version,
                                                          packages=''))

    assert response.status_code == 302, horizon.form_errors(response)
    assert trove.mgmt_ds_versions.get(version.id).packages == ['']


def test_edit_manager_offers_new_classes(admin, trove, env, datastore):
    version = stackenv.create_version(trove, env, datastore, '1.0')

    refused = admin.post(edit_url(version.id), edit_form(
        version, manager='mariadb'))

    assert refused.status_code == 200
    assert any('belongs to manager mysql' in error
               for error in horizon.form_errors(refused))
    registry = 'trove.guestagent.datastore.mariadb.manager.Manager'
    strategy = ('trove.guestagent.strategies.replication.mariadb_gtid.'
                'MariaDBGTIDReplication')

    response = admin.post(edit_url(version.id), edit_form(
        version, manager='mariadb', registry_ext=registry,
        repl_strategy=strategy))

    assert response.status_code == 302, horizon.form_errors(response)
    saved = trove.mgmt_ds_versions.get(version.id)
    assert saved.datastore_manager == 'mariadb'
    assert saved.registry_ext == registry
    assert saved.repl_strategy == strategy


def test_activate_and_deactivate(admin, trove, env, datastore):
    version = stackenv.create_version(trove, env, datastore, '1.0')
    page = detail_url(version.datastore_id)

    admin.action(page, 'versions', 'deactivate', version.id)
    assert trove.mgmt_ds_versions.get(version.id).active is False

    admin.action(page, 'versions', 'activate', version.id)
    assert trove.mgmt_ds_versions.get(version.id).active is True


def test_deactivating_default_warns(admin, trove, env, datastore):
    version = stackenv.create_version(trove, env, datastore, '1.0')
    trove.mgmt_ds_versions.edit(version.id, default='true')

    response = admin.action(detail_url(version.datastore_id), 'versions',
                            'deactivate', version.id)

    levels = [level for level, _text in
              horizon.messages(admin.follow(response))]
    assert 'warning' in levels
    assert trove.mgmt_ds_versions.get(version.id).active is False


def test_delete_twice_is_neutral(admin, trove, env, datastore):
    version = stackenv.create_version(trove, env, datastore, '1.0')
    keep = stackenv.create_version(trove, env, datastore, '2.0')
    page = detail_url(version.datastore_id)
    admin.action(page, 'versions', 'delete', version.id)

    # A second admin's stale page still lists the version. Its POST gets
    # 400 "cannot be found" from Trove.
    trove_versions = versions_of(trove, datastore)
    assert set(trove_versions) == {keep.id}
    response = admin.post(page, {'action': 'versions__delete__%s'
                                           % version.id})

    assert response.status_code == 302
    shown = horizon.messages(admin.follow(response))
    assert all(level != 'error' for level, _text in shown), shown
    assert ('info', 'Info: Version %s was already deleted.'
            % version.id) in shown


def test_delete_version_in_use_by_configuration(admin, trove, env,
                                                datastore):
    version = stackenv.create_version(trove, env, datastore, '1.0')
    group = trove.configurations.create(
        stackenv.unique('cfg'), '{}', datastore=datastore,
        datastore_version=version.id)
    try:
        response = admin.action(detail_url(version.datastore_id),
                                'versions', 'delete', version.id)

        shown = horizon.messages(admin.follow(response))
        reasons = [(level, text) for level, text in shown
                   if 'in use by configuration' in text]
        assert reasons, shown
        assert reasons[0][0] == 'error'
        assert trove.mgmt_ds_versions.get(version.id).id == version.id
    finally:
        trove.configurations.delete(group.id)


def test_delete_datastore_with_versions_refused(admin, trove, env,
                                                datastore):
    version = stackenv.create_version(trove, env, datastore, '1.0')

    response = admin.action(INDEX, 'datastores', 'delete',
                            version.datastore_id)

    shown = horizon.messages(admin.follow(response))
    assert any('still has 1 versions' in text for _level, text in shown)
    assert trove.datastores.get(datastore).id == version.datastore_id


def test_delete_empty_datastore(admin, trove, env, datastore):
    version = stackenv.create_version(trove, env, datastore, '1.0')
    trove.mgmt_ds_versions.delete(version.id)

    response = admin.action(INDEX, 'datastores', 'delete',
                            version.datastore_id)

    assert response.status_code == 302
    with pytest.raises(trove_exceptions.NotFound):
        trove.datastores.get(datastore)


def test_hostile_name_renders_as_text(admin, trove, env):
    datastore = XSS + stackenv.unique('x')
    try:
        version = stackenv.create_version(trove, env, datastore, XSS + '1')
        pages = [INDEX, detail_url(version.datastore_id),
                 version_url(version.id), edit_url(version.id)]
        for path in pages:
            response = admin.get(path)

            assert response.status_code == 200, path
            assert XSS not in response.text, path
            assert '&lt;img src=x onerror=alert(1)&gt;' in response.text, \
                path

        response = admin.action(detail_url(version.datastore_id),
                                'versions', 'deactivate', version.id)
        page = admin.follow(response)

        assert XSS not in page.text
    finally:
        stackenv.delete_datastore(trove, datastore)


def test_member_refused_everywhere(member, trove, env, datastore):
    version = stackenv.create_version(trove, env, datastore, '1.0')
    paths = [INDEX, CREATE, detail_url(version.datastore_id),
             '%s%s/versions/create/' % (INDEX, version.datastore_id),
             version_url(version.id), edit_url(version.id)]
    for path in paths:
        assert member.get(path).status_code == 403, path
        response = member.post(path, {'action': 'versions__delete__%s'
                                                % version.id})
        assert response.status_code == 403, path

    assert trove.mgmt_ds_versions.get(version.id).id == version.id
