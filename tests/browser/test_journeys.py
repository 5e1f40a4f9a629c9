"""Operator journeys through the datastores panel in headless Chromium.

Every step checks both what the page shows and what Trove holds, read
back through troveclient.
"""

import pytest
from selenium.webdriver.support import expected_conditions
from troveclient import exceptions as trove_exceptions

from tests import stackenv

INDEX = '/admin/datastores/'
TABS = 'datastore_details'


def detail_path(datastore_id):
    return '%s%s/' % (INDEX, datastore_id)


def versions_of(trove, datastore):
    """Return Trove's versions of a datastore by name."""
    return {version.name: version
            for version in trove.mgmt_ds_versions.list()
            if version.datastore_name == datastore}


def column(browser, table, object_id, index):
    return browser.cells(table, object_id)[index]


# Cell positions in the versions table: the checkbox comes first.
NAME, NUMBER, MANAGER, IMAGE, PACKAGES, ACTIVE, DEFAULT = range(1, 8)


def create_datastore(browser, env, datastore):
    browser.open(INDEX)
    form = browser.open_form('#datastores__action_create',
                             'create_datastore_form')
    browser.fill(form, 'datastore_name', datastore)
    browser.fill(form, 'name', '8.0')
    browser.fill(form, 'version', '8.0.36')
    browser.choose(form, 'manager', 'mysql')
    browser.choose(form, 'image', env['IMAGE_MYSQL_ID'])
    browser.submit(form)


def add_tagged_version(browser, datastore_id):
    browser.open(INDEX)
    with browser.reload_expected():
        browser.find('#datastores__row__%s a[href="%s"]'
                     % (datastore_id, detail_path(datastore_id))).click()
    form = browser.open_form(
        '#datastores__row_%s__action_create_version' % datastore_id,
        'create_version_form')
    manager = browser.field(form, 'manager').get_attribute('value')
    browser.fill(form, 'name', '8.4')
    browser.choose(form, 'image', '')
    browser.fill(form, 'image_tags', 'trove, mysql')
    browser.submit(form)
    return manager


def test_operator_journey(new_browser, trove, env, datastore):
    browser = new_browser

    # Log in.
    browser.login(env['ADMIN_USER'], env['ADMIN_PASSWORD'])

    assert browser.url(INDEX) in browser.sidebar_links()

    # Create a datastore with its first version.
    create_datastore(browser, env, datastore)

    assert browser.path() == INDEX
    assert ('success', 'Success: Created version 8.0 (8.0.36) of datastore '
            '%s.' % datastore) in browser.messages()
    first = versions_of(trove, datastore)['8.0']
    assert first.version == '8.0.36'
    assert first.image == env['IMAGE_MYSQL_ID']
    assert first.datastore_manager == 'mysql'
    datastore_id = first.datastore_id
    assert browser.cells('datastores', datastore_id)[1] == datastore
    assert '1 active / 1' in browser.cells('datastores', datastore_id)

    # Add a version that Trove finds its image for by tags.
    manager = add_tagged_version(browser, datastore_id)

    assert manager == 'mysql'
    assert browser.path() == detail_path(datastore_id)
    assert ('success', 'Success: Created version 8.4 (8.4) of datastore '
            '%s.' % datastore) in browser.messages()
    second = versions_of(trove, datastore)['8.4']
    assert second.image_tags == ['trove', 'mysql']
    assert not second.image
    browser.show_tab(TABS, 'versions')
    assert column(browser, 'versions', second.id, IMAGE) == \
        'tags: trove, mysql'

    # Edit it: rename it and give it packages.
    form = browser.open_form('#versions__row_%s__action_edit' % second.id,
                             'edit_version_form')

    assert browser.field(form, 'name').get_attribute('value') == '8.4'
    assert browser.field(form, 'image_tags').get_attribute('value') == \
        'trove, mysql'

    browser.fill(form, 'name', '8.4-ga')
    browser.fill(form, 'packages', 'pkg-a, pkg-b')
    browser.submit(form)

    assert ('success', 'Success: Updated version 8.4-ga.') in \
        browser.messages()
    edited = trove.mgmt_ds_versions.get(second.id)
    assert edited.name == '8.4-ga'
    assert edited.packages == ['pkg-a', 'pkg-b']
    assert edited.image_tags == ['trove', 'mysql']
    browser.show_tab(TABS, 'versions')
    assert column(browser, 'versions', second.id, NAME) == '8.4-ga'
    assert column(browser, 'versions', second.id, PACKAGES) == \
        'pkg-a, pkg-b'

    # Make it the default.
    with browser.reload_expected():
        browser.row_action('versions', second.id, 'set_default')

    assert ('success', 'Success: Set as default: %s 8.4-ga (8.4)'
            % datastore) in browser.messages()
    assert trove.datastores.get(datastore_id).default_version == second.id
    browser.show_tab(TABS, 'versions')
    assert column(browser, 'versions', second.id, DEFAULT) == 'Yes'
    assert column(browser, 'versions', first.id, DEFAULT) == 'No'

    # Deactivate the other version, through the confirm dialog.
    browser.row_action('versions', first.id, 'deactivate')
    dialog = browser.confirm_dialog()

    assert '"%s 8.0 (8.0.36)"' % datastore in browser.text_of(dialog)

    browser.confirm(dialog)

    assert ('success', 'Success: Deactivated Version: %s 8.0 (8.0.36)'
            % datastore) in browser.messages()
    assert trove.mgmt_ds_versions.get(first.id).active is False
    browser.show_tab(TABS, 'versions')
    assert column(browser, 'versions', first.id, ACTIVE) == 'No'

    # Delete that version.
    browser.row_action('versions', first.id, 'delete')
    browser.confirm(browser.confirm_dialog())

    assert ('success', 'Success: Deleted Version: %s 8.0 (8.0.36)'
            % datastore) in browser.messages()
    assert set(versions_of(trove, datastore)) == {'8.4-ga'}
    browser.show_tab(TABS, 'versions')
    assert browser.row_ids('versions') == [second.id]

    # Delete the last one with the table's batch action.
    browser.select_rows('versions', [second.id])
    browser.table_action('versions', 'delete')
    browser.confirm(browser.confirm_dialog())

    assert ('success', 'Success: Deleted Version: %s 8.4-ga (8.4)'
            % datastore) in browser.messages()
    assert versions_of(trove, datastore) == {}

    # Delete the datastore, now empty, from the index.
    browser.open(INDEX)
    browser.row_action('datastores', datastore_id, 'delete')
    dialog = browser.confirm_dialog()

    assert '"%s"' % datastore in browser.text_of(dialog)

    browser.confirm(dialog)

    assert ('success', 'Success: Deleted Datastore: %s' % datastore) in \
        browser.messages()
    assert datastore_id not in browser.row_ids('datastores')
    with pytest.raises(trove_exceptions.NotFound):
        trove.datastores.get(datastore_id)


def test_cancel_after_invalid_form(admin_browser, trove, env, datastore):
    browser = admin_browser
    one = stackenv.create_version(trove, env, datastore, '1.0')
    two = stackenv.create_version(trove, env, datastore, '2.0')
    browser.open(detail_path(one.datastore_id))
    browser.show_tab(TABS, 'versions')
    page = browser.find('html')

    # Six tags are one too many: the form comes back with the reason.
    form = browser.open_form('#versions__action_create_version',
                             'create_version_form')
    browser.fill(form, 'name', '3.0')
    browser.choose(form, 'image', '')
    browser.fill(form, 'image_tags', 'a, b, c, d, e, f')
    form = browser.submit_invalid(form, 'create_version_form')

    assert '6 image tags given' in browser.form_errors(form)['image_tags']
    assert browser.field(form, 'name').get_attribute('value') == '3.0'

    browser.cancel(browser.visible_modal())

    # The table's row actions still work on the same page.
    form = browser.open_form('#versions__row_%s__action_edit' % one.id,
                             'edit_version_form')

    assert browser.field(form, 'name').get_attribute('value') == '1.0'

    browser.cancel(browser.visible_modal())
    browser.row_action('versions', two.id, 'deactivate')
    dialog = browser.confirm_dialog()

    assert not expected_conditions.staleness_of(page)(browser.driver)

    browser.confirm(dialog)

    assert trove.mgmt_ds_versions.get(two.id).active is False
    assert trove.mgmt_ds_versions.get(one.id).active is True
    assert set(versions_of(trove, datastore)) == {'1.0', '2.0'}
