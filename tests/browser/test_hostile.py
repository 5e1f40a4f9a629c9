"""Hostile datastore and version names, shown in every view and dialog.

The names are created through Trove's API, the way another tool or a
careless operator would leave them. Each page, modal, confirm dialog and
message must show them as text: no JavaScript dialog opens, no element
or event handler appears, and the forms send them back unchanged.

Horizon (27.0.0, horizon/utils/escape.py) patches Django's escaping to
turn "{$" and "$}" into "{%" and "%}", so that AngularJS, which Horizon
configures with "{$ $}" delimiters, never evaluates server data. The
expected text of such a name carries that change.
"""

import pytest

from tests import stackenv

INDEX = '/admin/datastores/'
TABS = 'datastore_details'
# Every script payload calls alert() with this marker, so the DOM scan
# finds injected handlers and scripts without matching Horizon's own.
MARKER = 'xssmark'


def long_name(prefix, length=255):
    """Return a name of exactly ``length`` characters."""
    return prefix + 'L' * (length - len(prefix))


# id: (payload for datastore names, payload for version names)
PAYLOADS = {
    'script': ('<script>alert("xssmark1")</script>',
               '<script>alert("xssmark2")</script>'),
    'markup': ("<img src=x onerror=alert('xssmark3')>",
               '"><svg onload=alert("xssmark4")>'),
    'attribute': ('" autofocus onfocus="alert(\'xssmark5\')" x="',
                  "' onmouseover='alert(\"xssmark6\")' `x`='"),
    'url': ('a/b?c=1&d=2#frag %2F%3C 100%', '8.0/x?y#z %s%d %(name)s'),
    'unicode': (' emoji \U0001f42c na\u00efve', ' ver \U0001f418 \u2713 '),
    'angular': ('{$ constructor.constructor("alert(\'xssmark7\')")() $}',
                '{$ 7*7 $} {{7*7}}'),
    'long': (long_name('ds-'), long_name('v-')),
}


def horizon_text(name):
    """Return the text Horizon renders for a name (see the module doc)."""
    return name.replace('{$', '{%').replace('$}', '%}')


def shown(text):
    """Return text as the page's text content reads: blanks collapsed."""
    return ' '.join(horizon_text(text).split())


def check_safe(browser):
    """Assert that no payload ran or added markup to the page."""
    assert browser.alert_text() is None
    assert browser.injected_elements(MARKER) == []


@pytest.fixture(scope='module')
def hostile(env, trove):
    """Create one datastore with one version per payload, by the API."""
    created = {}
    for key, (datastore_payload, version_payload) in PAYLOADS.items():
        suffix = ' ' + stackenv.unique('h')
        if len(datastore_payload) + len(suffix) > 255:
            name = datastore_payload[:255 - len(suffix)] + suffix
        else:
            name = datastore_payload + suffix
        version = stackenv.create_version(trove, env, name, version_payload)
        created[key] = {'datastore': name, 'version': version_payload,
                        'datastore_id': version.datastore_id,
                        'version_id': version.id}
    yield created
    for entry in created.values():
        delete_by_id(trove, entry['datastore_id'])


def delete_by_id(trove, datastore_id):
    # By id: a name with "/" or "?" would not reach the right URL.
    for version in trove.mgmt_ds_versions.list():
        if version.datastore_id == datastore_id:
            trove.mgmt_ds_versions.delete(version.id)
    trove.datastores.delete(datastore_id)


def version_label(entry):
    """Return the versions table's display name of the version."""
    return '%s %s (%s)' % (entry['datastore'], entry['version'],
                           entry['version'])


@pytest.mark.parametrize('key', sorted(PAYLOADS))
def test_names_render_as_text(admin_browser, hostile, key):
    browser, entry = admin_browser, hostile[key]
    datastore_text = shown(entry['datastore'])
    version_text = shown(entry['version'])

    # The datastore page: title, overview and the versions table.
    browser.open('%s%s/' % (INDEX, entry['datastore_id']))
    check_safe(browser)

    assert browser.text_of(browser.find('.detail-title')) == datastore_text
    assert datastore_text in browser.text_of(browser.find('.detail dd'))

    browser.show_tab(TABS, 'versions')
    cells = browser.cells('versions', entry['version_id'])

    assert cells[1] == version_text
    assert cells[2] == version_text

    # The version page and its parameters tab.
    browser.open('%sversions/%s/' % (INDEX, entry['version_id']))
    check_safe(browser)
    browser.show_tab('version_details', 'parameters')
    check_safe(browser)

    assert version_text in browser.text_of(browser.find('.detail-title'))
    assert datastore_text in browser.text_of(browser.find('.detail'))

    # The copy page names the target and lists every version to copy
    # from, hostile ones included.
    browser.open('%sversions/%s/parameters/copy/'
                 % (INDEX, entry['version_id']))
    check_safe(browser)

    assert datastore_text in browser.text_of(browser.find('#content_body p'))

    # All Versions, filtered on the server by the datastore name's unique
    # suffix.
    browser.open(INDEX + 'versions/')
    # Horizon keeps the last filter text in the session, so the field may
    # hold the previous payload's.
    query = browser.find('input[name="all_versions__filter__q"]')
    query.clear()
    query.send_keys(entry['datastore'].split()[-1])
    with browser.reload_expected():
        browser.find('#all_versions__action_filter').click()
    check_safe(browser)
    cells = browser.cells('all_versions', entry['version_id'])

    assert browser.row_ids('all_versions') == [entry['version_id']]
    assert cells[0] == datastore_text
    assert cells[1] == version_text


@pytest.mark.parametrize('key', sorted(PAYLOADS))
def test_dialogs_render_names(admin_browser, hostile, key):
    browser, entry = admin_browser, hostile[key]
    browser.open('%s%s/' % (INDEX, entry['datastore_id']))
    browser.show_tab(TABS, 'versions')

    form = browser.open_form('#versions__row_%s__action_edit'
                             % entry['version_id'], 'edit_version_form')
    check_safe(browser)

    assert browser.field(form, 'name').get_attribute('value') == \
        horizon_text(entry['version'])

    browser.cancel(browser.visible_modal())
    form = browser.open_form('#versions__action_create_version',
                             'create_version_form')
    check_safe(browser)

    assert shown(entry['datastore']) in browser.text_of(
        browser.find('.modal-body .col-sm-6 + .col-sm-6', form))

    browser.cancel(browser.visible_modal())
    browser.row_action('versions', entry['version_id'], 'delete')
    dialog = browser.confirm_dialog()
    check_safe(browser)

    assert shown('"%s"' % version_label(entry)) in browser.text_of(dialog)

    browser.cancel(dialog)
    browser.row_action('versions', entry['version_id'], 'deactivate')
    browser.confirm(browser.confirm_dialog())
    check_safe(browser)

    assert ('success', shown('Success: Deactivated Version: %s'
                             % version_label(entry))) in browser.messages()


@pytest.mark.parametrize('key', sorted(PAYLOADS))
def test_forms_keep_names(admin_browser, trove, env, hostile, key):
    browser, entry = admin_browser, hostile[key]
    detail = '%s%s/' % (INDEX, entry['datastore_id'])
    browser.open(detail)
    browser.show_tab(TABS, 'versions')

    # An edit of another field sends the name back unchanged.
    form = browser.open_form('#versions__row_%s__action_edit'
                             % entry['version_id'], 'edit_version_form')
    browser.fill(form, 'packages', 'pkg-%s' % key)
    browser.submit(form)
    check_safe(browser)
    saved = trove.mgmt_ds_versions.get(entry['version_id'])

    assert saved.packages == ['pkg-%s' % key]
    assert saved.name == entry['version']
    assert saved.version == entry['version']
    assert saved.datastore_id == entry['datastore_id']
    # The message names the version as the form cleaned it: stripped.
    assert ('success', shown('Success: Updated version %s.'
                             % entry['version'].strip())) in \
        browser.messages()

    # A version created on the datastore's page lands in that datastore.
    browser.show_tab(TABS, 'versions')
    form = browser.open_form('#versions__action_create_version',
                             'create_version_form')
    browser.fill(form, 'name', 'extra')
    browser.choose(form, 'manager', 'mysql')
    browser.choose(form, 'image', env['IMAGE_MYSQL_ID'])
    browser.submit(form)
    check_safe(browser)
    extra = [version for version in trove.mgmt_ds_versions.list()
             if version.name == 'extra' and
             version.datastore_name == entry['datastore']]

    assert browser.path() == detail
    assert ('success', shown('Success: Created version extra (extra) of '
                             'datastore %s.' % entry['datastore'])) in \
        browser.messages()
    assert [version.datastore_id for version in extra] == \
        [entry['datastore_id']]

    # Deleting it after another admin did gives a neutral message.
    browser.show_tab(TABS, 'versions')
    trove.mgmt_ds_versions.delete(extra[0].id)
    browser.row_action('versions', extra[0].id, 'delete')
    browser.confirm(browser.confirm_dialog())
    check_safe(browser)

    # The row is gone from this request's table, so the message names
    # the version by its id.
    assert ('info', 'Info: Version %s was already deleted.'
            % extra[0].id) in browser.messages()


def test_index_and_batch_dialog(admin_browser, hostile):
    browser = admin_browser
    browser.open(INDEX)
    check_safe(browser)
    names = {entry['datastore_id']: browser.cells('datastores',
                                                  entry['datastore_id'])[1]
             for entry in hostile.values()}

    assert names == {entry['datastore_id']: shown(entry['datastore'])
                     for entry in hostile.values()}

    # The batch delete lists every selected name in its confirm dialog.
    browser.select_rows('datastores', list(names))
    browser.table_action('datastores', 'delete')
    dialog = browser.confirm_dialog()
    check_safe(browser)
    text = browser.text_of(dialog)

    for entry in hostile.values():
        assert shown('"%s"' % entry['datastore']) in text

    # Trove refuses: each datastore still has its version. Each refusal
    # names the datastore in a message.
    browser.confirm(dialog)
    check_safe(browser)
    errors = [text for level, text in browser.messages() if level == 'error']

    for entry in hostile.values():
        assert any(shown('Datastore %s still has' % entry['datastore'])
                   in error for error in errors)
