"""Two admins working on the same version at the same moment.

Each admin has a browser session of their own. Both load their page and
open their dialog first. Then a barrier releases both submissions
together, so each request reaches Horizon while the other is in flight.
"""

import threading

from tests import stackenv

INDEX = '/admin/datastores/'
TABS = 'datastore_details'
# Upper bound for a thread to reach the barrier; only ends a hung test.
BARRIER_SECONDS = 60


def together(*steps):
    """Run the steps in threads released at the same moment.

    Returns their results in order; re-raises the first error.
    """
    barrier = threading.Barrier(len(steps), timeout=BARRIER_SECONDS)
    results = [None] * len(steps)
    errors = []

    def run(index, step):
        try:
            barrier.wait()
            results[index] = step()
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index, step))
               for index, step in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def open_versions(browser, datastore_id):
    browser.open('%s%s/' % (INDEX, datastore_id))
    browser.show_tab(TABS, 'versions')


def test_edits_of_other_fields_both_kept(admin_browser, second_admin_browser,
                                         trove, env, datastore):
    version = stackenv.create_version(trove, env, datastore, '1.0')
    forms = []
    for browser in (admin_browser, second_admin_browser):
        open_versions(browser, version.datastore_id)
        forms.append(browser.open_form(
            '#versions__row_%s__action_edit' % version.id,
            'edit_version_form'))
    admin_browser.fill(forms[0], 'packages', 'pkg-a, pkg-b')
    second_admin_browser.fill(forms[1], 'name', '1.0-renamed')
    second_admin_browser.check(forms[1], 'active', False)

    together(lambda: admin_browser.submit(forms[0]),
             lambda: second_admin_browser.submit(forms[1]))

    saved = trove.mgmt_ds_versions.get(version.id)
    assert saved.packages == ['pkg-a', 'pkg-b']
    assert saved.name == '1.0-renamed'
    assert saved.active is False
    assert ('success', 'Success: Updated version 1.0.') in \
        admin_browser.messages()
    assert ('success', 'Success: Updated version 1.0-renamed.') in \
        second_admin_browser.messages()


def test_same_delete_once_then_neutral(admin_browser, second_admin_browser,
                                       trove, env, datastore):
    version = stackenv.create_version(trove, env, datastore, '1.0')
    dialogs = []
    for browser in (admin_browser, second_admin_browser):
        open_versions(browser, version.datastore_id)
        browser.row_action('versions', version.id, 'delete')
        dialogs.append(browser.confirm_dialog())

    together(lambda: admin_browser.confirm(dialogs[0]),
             lambda: second_admin_browser.confirm(dialogs[1]))

    shown = admin_browser.messages() + second_admin_browser.messages()
    levels = sorted(level for level, _text in shown)
    assert levels == ['info', 'success']
    assert ('success', 'Success: Deleted Version: %s 1.0 (1.0)'
            % datastore) in shown
    infos = [text for level, text in shown if level == 'info']
    assert infos[0].endswith('was already deleted.')
    assert stackenv.find_version(trove, datastore, '1.0') is None
