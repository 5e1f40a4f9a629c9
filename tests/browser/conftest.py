"""Fixtures of the browser suite, and the record of a failed test.

The suite runs against the stack named by TROVE_DS_STACK_ENV (tools/stack
run sets it) and skips without it. When a test fails, every open browser
saves a screenshot and its page source under test-reports/browser/, and
the test report lists the files.
"""

import os
import re

import pytest

from tests.browser import browser as browser_lib

REPORT_FOLDER = os.path.join('test-reports', 'browser')


def report_stem(config, nodeid):
    folder = os.path.join(str(config.rootpath), REPORT_FOLDER)
    os.makedirs(folder, exist_ok=True)
    return os.path.join(folder, re.sub(r'[^A-Za-z0-9_.-]+', '_', nodeid))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.when in ('setup', 'call'):
        saved = browser_lib.save_all(report_stem(item.config, item.nodeid))
        if saved:
            report.sections.append(('browser record', '\n'.join(saved)))


def logged_in(env, user, label):
    browser = browser_lib.start(env['HORIZON_URL'], label)
    try:
        browser.login(env[user + '_USER'], env[user + '_PASSWORD'])
    except Exception:
        browser.quit()
        raise
    return browser


@pytest.fixture
def new_browser(env):
    """A Chromium session of its own that has not logged in yet."""
    browser = browser_lib.start(env['HORIZON_URL'], 'new')
    yield browser
    browser.quit()


@pytest.fixture(scope='session')
def admin_browser(env):
    browser = logged_in(env, 'ADMIN', 'admin')
    yield browser
    browser.quit()


@pytest.fixture(scope='session')
def second_admin_browser(env):
    browser = logged_in(env, 'ADMIN', 'admin2')
    yield browser
    browser.quit()


@pytest.fixture
def member_browser(env):
    browser = logged_in(env, 'MEMBER', 'member')
    yield browser
    browser.quit()
