"""List every URL pattern of the datastores panel, as JSON on stdout.

Run as ``python -m tests.browser.panel_urls`` with DJANGO_SETTINGS_MODULE
set (the access tests use tests.unit.settings). Importing the URLconf
needs configured Django settings, so the tests run this in a subprocess
and keep Django out of their own process. Each entry is the URL name and
a path template with ``%(datastore_id)s``-style placeholders, built the
way Django's reverse() builds paths.
"""

import json
import os
import subprocess
import sys

import django
from django.urls import URLPattern
from django.urls import URLResolver
from django.utils import regex_helper


def walk(patterns, prefix='', params=(), namespace=''):
    """Yield (name, path template, parameter names) of every pattern."""
    for entry in patterns:
        # normalize() lists every path a regex can produce; these patterns
        # have no alternatives, so the first is the only one.
        template, own_params = regex_helper.normalize(
            entry.pattern.regex.pattern)[0]
        path, names = prefix + template, list(params) + list(own_params)
        if isinstance(entry, URLResolver):
            inner = namespace + (entry.namespace + ':'
                                 if entry.namespace else '')
            yield from walk(entry.url_patterns, path, names, inner)
        elif isinstance(entry, URLPattern):
            yield namespace + (entry.name or ''), path, names


def panel_urls():
    from trove_ds_dashboard.content.datastores import panel
    from trove_ds_dashboard.content.datastores import urls
    from trove_ds_dashboard.enabled import _2951_admin_datastores_panel \
        as enabled

    root = '/%s/%s/' % (enabled.PANEL_DASHBOARD, panel.Datastores.slug)
    return [{'name': name, 'path': root + template, 'params': params}
            for name, template, params in walk(urls.urlpatterns)]


def listed():
    """Run this module in a subprocess and return its list."""
    repo = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    result = subprocess.run(
        [sys.executable, '-m', 'tests.browser.panel_urls'], cwd=repo,
        env=dict(os.environ, DJANGO_SETTINGS_MODULE='tests.unit.settings'),
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def filled(urls, ids):
    """Return {URL name: path}, each parameter taken from ``ids``."""
    return {entry['name']: entry['path'] % {
        param: ids[param] for param in entry['params']} for entry in urls}


if __name__ == '__main__':
    django.setup()
    json.dump(panel_urls(), sys.stdout, indent=1)
