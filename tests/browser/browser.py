"""Headless Chromium driving Horizon the way an operator does.

One ``Browser`` wraps one Selenium session with its own profile. Its
methods drive Horizon's page furniture: the login form, the toast
messages, AJAX modal forms, themable selects and checkboxes, table row
actions and the confirm dialog of batch actions. Every wait is bounded
by ``WAIT_SECONDS``. A wait that runs out raises ``TimeoutException`` and
fails the test, which then saves a screenshot (see conftest.py).
"""

import contextlib
import os
import shutil
import tempfile
import urllib.parse

from selenium import webdriver
from selenium.common import exceptions as selenium_exceptions
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = '/usr/bin/chromium'
CHROMEDRIVER = '/usr/bin/chromedriver'
CHROMIUM_ARGS = ('--headless=new', '--no-sandbox', '--disable-gpu',
                 '--disable-background-networking',
                 '--disable-component-update', '--disable-quic',
                 '--no-first-run', '--disable-sync',
                 '--window-size=1400,1000')

# Upper bound of every wait for the page, a modal or a reload. Pages of the
# local stack load in well under a second; this only ends a hung test.
WAIT_SECONDS = 60

# Browsers that are open now, so a failing test can save all of them.
OPEN = []

# Finds what a hostile name would have added to the DOM if it had been
# parsed as markup: event-handler attributes, <script> elements with inline
# code that is not Horizon's, <svg> and <img src=x>.
INJECTED_SCRIPT = '''
var found = [];
document.querySelectorAll('*').forEach(function (element) {
  for (var i = 0; i < element.attributes.length; i++) {
    var attribute = element.attributes[i];
    if (attribute.name.indexOf('on') === 0 &&
        attribute.value.indexOf(arguments[0]) !== -1) {
      found.push(element.tagName + ' ' + attribute.name + '=' +
                 attribute.value);
    }
  }
  if (element.tagName === 'SCRIPT' &&
      element.textContent.indexOf(arguments[0]) !== -1) {
    found.push('SCRIPT ' + element.textContent.slice(0, 80));
  }
});
document.querySelectorAll('img[src="x"], svg[onload]').forEach(
  function (element) { found.push(element.outerHTML.slice(0, 80)); });
return found;
'''

READY_SCRIPT = ('return document.readyState === "complete" && '
                '(!window.jQuery || window.jQuery.active === 0);')


class Browser(object):
    """One logged-in (or not yet logged-in) Chromium session."""

    def __init__(self, base_url, label):
        self.base_url = base_url.rstrip('/')
        self.label = label
        self.profile = tempfile.mkdtemp(prefix='trove-ds-chromium-')
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in CHROMIUM_ARGS:
            options.add_argument(argument)
        options.add_argument('--user-data-dir=%s' % self.profile)
        # Leave an unexpected alert open, so the next command fails with
        # UnexpectedAlertPresentException and switch_to.alert still finds
        # it, instead of WebDriver dismissing it silently.
        options.unhandled_prompt_behavior = 'ignore'
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER),
                                       options=options)
        self.driver.set_page_load_timeout(WAIT_SECONDS)
        OPEN.append(self)

    def quit(self):
        if self in OPEN:
            OPEN.remove(self)
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)

    # Pages.

    def url(self, path):
        return urllib.parse.urljoin(self.base_url + '/', path.lstrip('/'))

    def path(self):
        """Return the path and query of the current page."""
        parts = urllib.parse.urlsplit(self.driver.current_url)
        return parts.path + ('?' + parts.query if parts.query else '')

    def wait(self, condition, message=''):
        # Horizon replaces modals and rows while a condition polls them.
        wait = WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=(
            selenium_exceptions.StaleElementReferenceException,))
        return wait.until(tolerate_detached(condition), message)

    def wait_ready(self):
        self.wait(lambda driver: driver.execute_script(READY_SCRIPT),
                  'the page did not finish loading')

    def open(self, path):
        self.driver.get(self.url(path))
        self.wait_ready()

    @contextlib.contextmanager
    def reload_expected(self):
        """Wait, after the block, until the browser has loaded a new page."""
        old_page = self.driver.find_element(By.TAG_NAME, 'html')
        yield
        self.wait(replaced(old_page), 'the page was not replaced')
        self.wait_ready()

    def find(self, css, within=None):
        return (within or self.driver).find_element(By.CSS_SELECTOR, css)

    def find_all(self, css, within=None):
        return (within or self.driver).find_elements(By.CSS_SELECTOR, css)

    def text_of(self, element):
        """Return an element's text content, hidden parts included."""
        return ' '.join(element.get_attribute('textContent').split())

    def login(self, username, password):
        self.open('/auth/login/')
        self.find('#id_username').send_keys(username)
        self.find('#id_password').send_keys(password)
        with self.reload_expected():
            self.find('form button[type=submit]').click()

    def messages(self):
        """Return Horizon's toast messages on the page as (level, text).

        Horizon fades success and info messages out after a few seconds,
        but leaves them in the DOM, so they are read as text content.
        """
        found = []
        for alert in self.find_all('#main_content .messages .alert'):
            classes = alert.get_attribute('class').split()
            level = next((name[len('alert-'):] for name in classes
                          if name.startswith('alert-') and
                          name != 'alert-dismissable'), '')
            text = ' '.join(alert.get_attribute('textContent').split())
            found.append(('error' if level == 'danger' else level, text))
        return found

    def sidebar_links(self):
        return [link.get_attribute('href')
                for link in self.find_all('#sidebar a[href]')]

    def alert_text(self):
        """Return the text of an open JavaScript dialog, or None."""
        try:
            return self.driver.switch_to.alert.text
        except selenium_exceptions.NoAlertPresentException:
            return None

    def injected_elements(self, marker):
        """List DOM nodes that markup containing ``marker`` would add."""
        return self.driver.execute_script(INJECTED_SCRIPT, marker)

    # Tabs and tables.

    def show_tab(self, group, slug):
        """Select a tab of a Horizon tab group by clicking it."""
        pane_id = '%s__%s' % (group, slug)
        pane = self.find('#' + pane_id)
        if not pane.is_displayed():
            self.find('a[data-target="#%s"]' % pane_id).click()
            self.wait(lambda driver: pane.is_displayed(),
                      'tab %s did not open' % pane_id)

    def row(self, table, object_id):
        return self.find('table#%s tr[data-object-id="%s"]'
                         % (table, object_id))

    def row_ids(self, table):
        return [row.get_attribute('data-object-id') for row in
                self.find_all('table#%s tbody tr[data-object-id]' % table)]

    def cells(self, table, object_id):
        """Return the texts of a row's cells, hidden or not."""
        return [' '.join(cell.get_attribute('textContent').split())
                for cell in self.find_all('td', self.row(table, object_id))]

    def row_action(self, table, object_id, action):
        """Click a row action; open the row's action menu first if needed."""
        button = self.find('#%s__row_%s__action_%s'
                           % (table, object_id, action))
        if not button.is_displayed():
            self.find('.dropdown-toggle', self.row(table, object_id)).click()
            self.wait(lambda driver: button.is_displayed(),
                      'action %s did not show' % action)
        button.click()

    def select_rows(self, table, object_ids):
        for object_id in object_ids:
            row = self.row(table, object_id)
            checkbox = self.find('input.table-row-multi-select', row)
            if not checkbox.is_selected():
                self.find('.themable-checkbox label', row).click()

    def table_action(self, table, action):
        self.find('#%s__action_%s' % (table, action)).click()

    # Dialogs.

    def visible_modal(self):
        """Wait for the one open modal dialog that is not a spinner."""
        def modal(driver):
            dialogs = [element for element in self.find_all(
                '#modal_wrapper .modal, .modal')
                if element.is_displayed() and
                'loading' not in element.get_attribute('class').split()]
            spinners = [element for element in self.find_all(
                '.modal.loading') if element.is_displayed()]
            return dialogs[-1] if dialogs and not spinners else False
        return self.wait(modal, 'no dialog opened')

    def confirm_dialog(self):
        """Return the batch-action confirm dialog once it is open."""
        dialog = self.visible_modal()
        self.find('.modal-footer .btn.cancel', dialog)
        return dialog

    def confirm(self, dialog):
        """Press the dialog's confirm button and wait for the new page."""
        with self.reload_expected():
            self.find('.modal-footer .btn:not(.cancel)', dialog).click()

    def cancel(self, dialog):
        """Close a dialog with Cancel and wait until the page is usable."""
        self.find('.modal-footer .cancel', dialog).click()
        self.wait(expected_conditions.invisibility_of_element(dialog),
                  'the dialog did not close')
        self.wait(lambda driver: not [
            element for element in self.find_all('.modal-backdrop')
            if element.is_displayed()], 'the dialog backdrop stayed')

    # Modal forms.

    def open_form(self, trigger_css, form_id):
        """Click an AJAX modal link and return the form once it shows."""
        self.find(trigger_css).click()
        return self.wait_form(form_id)

    def wait_form(self, form_id):
        dialog = self.visible_modal()
        form = self.find('form#%s' % form_id, dialog)
        self.wait_ready()
        return form

    def field(self, form, name):
        return self.find('[name="%s"]' % name, form)

    def fill(self, form, name, value):
        field = self.field(form, name)
        field.clear()
        field.send_keys(value)

    def choose(self, form, name, value):
        """Pick ``value`` in a select, as a user clicks.

        A Horizon themable select hides the <select> behind a dropdown
        button; a plain <select> is used directly.
        """
        select = self.field(form, name)
        widgets = select.find_elements(
            By.XPATH, './ancestor::div[contains(@class, "themable-select")]')
        if not widgets:
            Select(select).select_by_value(value)
            return
        widget = widgets[-1]
        self.find('button.dropdown-toggle', widget).click()
        option = self.find('a[data-select-value="%s"]' % value, widget)
        self.wait(lambda driver: option.is_displayed(),
                  'choice %s of %s did not show' % (value, name))
        option.click()
        self.wait(lambda driver: Select(select).first_selected_option
                  .get_attribute('value') == value,
                  '%s did not change to %s' % (name, value))

    def choices(self, form, name):
        select = Select(self.field(form, name))
        return [option.get_attribute('value') for option in select.options]

    def check(self, form, name, checked):
        """Set a themable checkbox by clicking its box, as a user does."""
        checkbox = self.field(form, name)
        if checkbox.is_selected() != checked:
            box = checkbox.find_element(By.XPATH, './following-sibling::label')
            box.click()
        self.wait(lambda driver: checkbox.is_selected() == checked,
                  '%s did not change' % name)

    def submit(self, form):
        """Submit a modal form that should succeed and load a new page.

        Raises AssertionError with the form's errors when the form comes
        back instead.
        """
        old_page = self.find('html')
        self.find('.modal-footer [type=submit]', form).click()

        def outcome(driver):
            if replaced(old_page)(driver):
                return 'page'
            if replaced(form)(driver):
                returned = [element for element in self.find_all(
                    '.modal form') if element.is_displayed()]
                if returned:
                    return returned[-1]
            return False

        result = self.wait(outcome, 'the form got no answer')
        if result != 'page':
            raise AssertionError('the form came back with errors: %s'
                                 % self.form_errors(result))
        self.wait_ready()

    def submit_invalid(self, form, form_id):
        """Submit a modal form that should come back with errors."""
        self.find('.modal-footer [type=submit]', form).click()
        self.wait(replaced(form), 'the form was not sent')
        return self.wait_form(form_id)

    def form_errors(self, form):
        """Return {field name or '__all__': error text} of a shown form."""
        errors = {}
        for group in self.find_all('.form-group.has-error', form):
            field = self.find_all('[name]', group)
            name = field[0].get_attribute('name') if field else '?'
            help_block = self.find_all('.help-block', group)
            errors[name] = ' '.join(' '.join(
                block.get_attribute('textContent').split())
                for block in help_block)
        for alert in self.find_all('.alert-danger', form):
            errors['__all__'] = ' '.join(
                alert.get_attribute('textContent').split())
        return errors

    # Failure records.

    def save(self, stem):
        """Write a screenshot and the page source; return the paths."""
        saved = []
        alert = self.alert_text()
        if alert is not None:
            with open(stem + '-alert.txt', 'w') as handle:
                handle.write(alert + '\n')
            saved.append(stem + '-alert.txt')
            self.driver.switch_to.alert.dismiss()
        if self.driver.save_screenshot(stem + '.png'):
            saved.append(stem + '.png')
        with open(stem + '.html', 'w') as handle:
            handle.write('<!-- %s -->\n' % self.driver.current_url)
            handle.write(self.driver.page_source)
        saved.append(stem + '.html')
        return saved


# Chromium 156 sometimes reports an element of a page it is leaving with
# this error instead of a stale element reference.
DETACHED = 'does not belong to the document'


def is_detached(error):
    return DETACHED in str(error)


def tolerate_detached(condition):
    """Treat a detached node as "not yet" while a condition is polled."""
    def check(driver):
        try:
            return condition(driver)
        except selenium_exceptions.StaleElementReferenceException:
            raise
        except selenium_exceptions.WebDriverException as error:
            if is_detached(error):
                return False
            raise
    return check


def replaced(old_element):
    """Return a wait condition: the element's document has been replaced."""
    def check(driver):
        try:
            old_element.is_enabled()
        except selenium_exceptions.StaleElementReferenceException:
            return True
        except selenium_exceptions.WebDriverException as error:
            if is_detached(error):
                return True
            raise
        return False
    return check


def start(base_url, label):
    """Start a Chromium session, or fail naming the packages to install."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER)
               if not os.access(path, os.X_OK)]
    if missing:
        raise RuntimeError(
            '%s missing: install Debian\'s chromium and chromium-driver '
            '(tools/test does this when run as root).' % ', '.join(missing))
    return Browser(base_url, label)


def save_all(stem):
    """Save every open browser for a failed test; return the paths."""
    saved = []
    for browser in list(OPEN):
        try:
            saved.extend(browser.save('%s-%s' % (stem, browser.label)))
        except selenium_exceptions.WebDriverException as error:
            saved.append('%s: not saved (%s)' % (browser.label,
                                                 error.msg or error))
    return saved
