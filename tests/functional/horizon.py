"""A small HTTP client for Horizon: log in, read pages, post forms.

It talks to the real Horizon that tools/stack started, the way a browser
without JavaScript does: non-AJAX form posts with the CSRF token.
"""

import urllib.parse

import lxml.html
import requests

AJAX = {'X-Requested-With': 'XMLHttpRequest'}


class Horizon(object):

    def __init__(self, base_url):
        self.base_url = base_url.rstrip('/')
        self.http = requests.Session()

    def url(self, path):
        return urllib.parse.urljoin(self.base_url + '/', path.lstrip('/'))

    def get(self, path, **kwargs):
        kwargs.setdefault('allow_redirects', False)
        return self.http.get(self.url(path), timeout=60, **kwargs)

    def post(self, path, data, csrf=True, **kwargs):
        """POST a form; the CSRF token comes from the session's cookie."""
        data = dict(data)
        # Messages left from earlier requests would show on this request's
        # pages and be mistaken for its own.
        self.http.cookies.pop('messages', None)
        headers = dict(kwargs.pop('headers', {}))
        headers['Referer'] = self.url(path)
        if csrf:
            data['csrfmiddlewaretoken'] = self.http.cookies.get('csrftoken')
        kwargs.setdefault('allow_redirects', False)
        return self.http.post(self.url(path), data=data, headers=headers,
                              timeout=60, **kwargs)

    def login(self, username, password):
        self.get('/auth/login/')
        response = self.post('/auth/login/', {
            'region': 'default', 'username': username,
            'password': password})
        status = response.status_code
        assert status == 302, 'login as %s: HTTP %s' % (username, status)
        return self

    def follow(self, response):
        """Load the page a redirect points at (where messages appear)."""
        assert response.status_code in (301, 302), response.status_code
        return self.get(response.headers['Location'])

    def action(self, path, table, action, object_id):
        """Run a table row action as its button does."""
        name = '%s__%s__%s' % (table, action, object_id)
        return self.post(path, {'action': name})


def page(response):
    return lxml.html.fromstring(response.text)


def messages(response):
    """Return the Horizon toast messages on a page as (level, text)."""
    found = []
    for alert in page(response).cssselect('.messages .alert'):
        classes = alert.get('class', '').split()
        level = next((name.replace('alert-', '') for name in classes
                      if name.startswith('alert-')), '')
        text = ' '.join(alert.text_content().split())
        # Horizon renders error messages with Bootstrap's alert-danger.
        level = 'error' if level == 'danger' else level
        found.append((level, text.lstrip('×').strip()))
    return found


def form_errors(response):
    """Return the error texts of a rendered form: field and non-field."""
    tree = page(response)
    texts = [element.text_content().strip() for element in
             tree.cssselect('.has-error .help-block, .alert-danger p, '
                            '.error .help-block')]
    return [' '.join(text.split()) for text in texts if text]


def table_rows(response, table):
    """Return {row id: [cell texts]} of a Horizon table on a page."""
    rows = {}
    for row in page(response).cssselect('table#%s tbody tr' % table):
        if 'empty' in row.get('class', ''):
            continue
        cells = [' '.join(cell.text_content().split())
                 for cell in row.cssselect('td')]
        rows[row.get('data-object-id')] = cells
    return rows
