"""Users, projects, catalog entries and images of the stack, through the APIs.

Every step first looks for what it would create, so seeding a reused state
folder changes nothing that is already right.
"""

import json
import urllib.error
import urllib.parse
import urllib.request

from localstack import process
from localstack import services
from localstack.errors import StackError

DOMAIN = 'default'
INTERFACES = ('public', 'internal', 'admin')

# name -> (tags, whether the image ends up deactivated)
IMAGES = {
    'trove-guest-mysql': (['trove', 'mysql'], False),
    'trove-guest-postgresql': (['trove', 'postgresql'], False),
    'trove-guest-deactivated': (['trove'], True),
}


class ApiClient:
    """A small JSON client for one OpenStack service, using urllib only."""

    def __init__(self, service, base_url, token=None):
        self.service = service
        self.base_url = base_url
        self.token = token

    def call(self, method, path, body=None, data=None, expected=(200,)):
        """Send a request; return (response headers, decoded JSON or None)."""
        headers = {'Accept': 'application/json'}
        if self.token:
            headers['X-Auth-Token'] = self.token
        if body is not None:
            data = json.dumps(body).encode()
            headers['Content-Type'] = 'application/json'
        elif data is not None:
            headers['Content-Type'] = 'application/octet-stream'

        request = urllib.request.Request(self.base_url + path, data=data,
                                         headers=headers, method=method)
        try:
            with process.DIRECT.open(request, timeout=60) as response:
                status, payload = response.status, response.read()
                reply_headers = response.headers
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
            reply_headers = error.headers
        except (urllib.error.URLError, OSError) as error:
            raise StackError('%s: %s %s failed: %s'
                             % (self.service, method, path, error))

        if status not in expected:
            detail = payload.decode(errors='replace').strip()[:300]
            raise StackError('%s: %s %s returned HTTP %d: %s'
                             % (self.service, method, path, status, detail))
        return reply_headers, json.loads(payload) if payload else None


def query(path, **params):
    return path + '?' + urllib.parse.urlencode(params)


def authenticate(keystone, user, password, project):
    """Return (token, token body) for a user scoped to a project."""
    body = {'auth': {
        'identity': {
            'methods': ['password'],
            'password': {'user': {'name': user, 'password': password,
                                  'domain': {'id': DOMAIN}}},
        },
        'scope': {'project': {'name': project, 'domain': {'id': DOMAIN}}},
    }}
    headers, reply = keystone.call('POST', '/v3/auth/tokens', body,
                                   expected=(201,))
    return headers['X-Subject-Token'], reply['token']


def password_works(keystone, user, password):
    body = {'auth': {'identity': {
        'methods': ['password'],
        'password': {'user': {'name': user, 'password': password,
                              'domain': {'id': DOMAIN}}},
    }}}
    anonymous = ApiClient('keystone', keystone.base_url)
    try:
        anonymous.call('POST', '/v3/auth/tokens', body, expected=(201,))
    except StackError:
        return False
    return True


def ensure_named(keystone, collection, name, fields, **filters):
    """Return the id of a named project, role or user; create it if absent."""
    singular = collection[:-1]
    _, found = keystone.call('GET', query('/v3/' + collection, name=name,
                                          **filters))
    if found[collection]:
        return found[collection][0]['id']
    body = {singular: dict(fields, name=name)}
    _, created = keystone.call('POST', '/v3/' + collection, body,
                               expected=(201,))
    return created[singular]['id']


def ensure_user(keystone, name, password, project_id):
    fields = {'domain_id': DOMAIN, 'password': password, 'enabled': True,
              'default_project_id': project_id}
    user_id = ensure_named(keystone, 'users', name, fields, domain_id=DOMAIN)

    # A user kept from an earlier run may hold another password when the
    # secrets file was recreated; resetting it revokes that user's tokens.
    if not password_works(keystone, name, password):
        keystone.call('PATCH', '/v3/users/' + user_id,
                      {'user': {'password': password}})
    return user_id


def grant(keystone, project_id, user_id, role_ids):
    for role_id in role_ids:
        keystone.call('PUT', '/v3/projects/%s/users/%s/roles/%s'
                      % (project_id, user_id, role_id), expected=(204,))


def ensure_endpoints(keystone, service_type, name, url):
    """Register a service with one endpoint per interface at url."""
    _, found = keystone.call('GET', query('/v3/services', type=service_type))
    if found['services']:
        service_id = found['services'][0]['id']
    else:
        body = {'service': {'type': service_type, 'name': name,
                            'enabled': True}}
        _, created = keystone.call('POST', '/v3/services', body,
                                   expected=(201,))
        service_id = created['service']['id']

    _, found = keystone.call('GET', query('/v3/endpoints',
                                          service_id=service_id))
    existing = {endpoint['interface']: endpoint
                for endpoint in found['endpoints']
                if endpoint.get('region_id') == services.REGION}
    for interface in INTERFACES:
        endpoint = existing.get(interface)
        if endpoint is None:
            body = {'endpoint': {'service_id': service_id, 'url': url,
                                 'interface': interface,
                                 'region_id': services.REGION}}
            keystone.call('POST', '/v3/endpoints', body, expected=(201,))
        elif endpoint['url'] != url:
            # The ports can change between starts of one state folder.
            keystone.call('PATCH', '/v3/endpoints/' + endpoint['id'],
                          {'endpoint': {'url': url}})


def catalog_url(token_body, service_type):
    for entry in token_body.get('catalog', []):
        if entry['type'] != service_type:
            continue
        for endpoint in entry['endpoints']:
            if endpoint['interface'] == 'public':
                return endpoint['url']
    return None


def seed_keystone(config, secrets):
    """Create the projects, users and catalog; return an admin token."""
    keystone = ApiClient('keystone', config.url('keystone'))
    keystone.token, _ = authenticate(keystone, 'admin',
                                     secrets['admin_password'], 'admin')

    project = {'domain_id': DOMAIN, 'enabled': True}
    service_project = ensure_named(keystone, 'projects', 'service', project,
                                   domain_id=DOMAIN)
    demo_project = ensure_named(keystone, 'projects', 'demo', project,
                                domain_id=DOMAIN)
    roles = {name: ensure_named(keystone, 'roles', name, {})
             for name in ('admin', 'member', 'reader', 'service')}

    for user in ('glance', 'trove'):
        user_id = ensure_user(keystone, user, secrets[user + '_password'],
                              service_project)
        grant(keystone, service_project, user_id,
              [roles['admin'], roles['service']])
    demo = ensure_user(keystone, 'demo', secrets['demo_password'],
                       demo_project)
    grant(keystone, demo_project, demo, [roles['member'], roles['reader']])

    catalog = {
        # service type: (service name, endpoint URL)
        'identity': ('keystone', config.url('keystone') + '/v3'),
        'image': ('glance', config.url('glance')),
        'database': ('trove', config.url('trove') + '/v1.0/$(tenant_id)s'),
    }
    for service_type, (name, url) in catalog.items():
        ensure_endpoints(keystone, service_type, name, url)

    # A token carries the catalog of the moment it was issued, so the token
    # from before the endpoints existed would not find Glance or Trove.
    token, body = authenticate(keystone, 'admin', secrets['admin_password'],
                               'admin')
    for service_type in ('image', 'database'):
        if catalog_url(body, service_type) is None:
            raise StackError('keystone: the catalog of a new token has no '
                             'public %s endpoint' % service_type)
    return token


def find_images(glance, name):
    _, found = glance.call('GET', query('/v2/images', name=name))
    return found['images']


def create_image(glance, name, tags, deactivate):
    """Create a small raw image, upload its bytes and return its id.

    Glance marks an image active only once it has data, and Trove accepts
    only active images. Glance also inspects the bytes, so the format must
    be raw: fake bytes under another disk format get HTTP 415.
    """
    body = {'name': name, 'disk_format': 'raw', 'container_format': 'bare',
            'visibility': 'public', 'tags': tags}
    _, image = glance.call('POST', '/v2/images', body, expected=(201,))
    content = ('trove-ds-dashboard test image %s\n' % name).encode()
    glance.call('PUT', '/v2/images/%s/file' % image['id'], data=content,
                expected=(204,))
    if deactivate:
        glance.call('POST', '/v2/images/%s/actions/deactivate' % image['id'],
                    expected=(204,))
    return image['id']


def ensure_image(glance, name, tags, deactivate):
    """Return the id of the named image in the wanted state.

    Images of that name in any other state, such as a 'queued' leftover of
    an interrupted upload, are deleted.
    """
    wanted = 'deactivated' if deactivate else 'active'
    keep = None
    for image in find_images(glance, name):
        if keep is None and image['status'] == wanted:
            keep = image['id']
        else:
            glance.call('DELETE', '/v2/images/' + image['id'], expected=(204,))
    return keep or create_image(glance, name, tags, deactivate)


def seed_glance(config, token):
    """Upload the stack's images; return {image name: id}."""
    glance = ApiClient('glance', config.url('glance'), token)
    return {name: ensure_image(glance, name, tags, deactivate)
            for name, (tags, deactivate) in IMAGES.items()}
