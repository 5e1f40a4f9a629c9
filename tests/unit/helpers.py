"""Test bases: Horizon's admin view tests with Trove in the catalog."""

import copy

from openstack_dashboard.test import helpers

from trove_ds_dashboard.api import trove

DATABASE_SERVICE = {
    'type': 'database',
    'name': 'trove',
    'endpoints_links': [],
    'endpoints': [
        {'region': 'RegionOne', 'interface': 'public',
         'url': 'http://public.trove.example.com:8779/v1.0/tenant'},
        {'region': 'RegionOne', 'interface': 'internal',
         'url': 'http://int.trove.example.com:8779/v1.0/tenant'},
        {'region': 'RegionOne', 'interface': 'admin',
         'url': 'http://admin.trove.example.com:8779/v1.0/tenant'},
    ],
}


def with_database_service(catalog):
    catalog = copy.deepcopy(catalog)
    catalog.append(copy.deepcopy(DATABASE_SERVICE))
    return catalog


class TroveCatalogMixin(object):
    """Add a database service to the test user's catalog."""

    def _setup_test_data(self):
        super()._setup_test_data()
        self.service_catalog = with_database_service(self.service_catalog)


class AdminTestCase(TroveCatalogMixin, helpers.BaseAdminViewTests):

    def assertFieldError(self, response, field, text):
        """Assert the form shows ``text`` on ``field`` ('__all__': top)."""
        form = response.context['form']
        errors = ' '.join(str(error) for error in form.errors.get(field, []))
        self.assertIn(text, errors,
                      'form errors: %s' % dict(form.errors.items()))


class MemberTestCase(TroveCatalogMixin, helpers.TestCase):
    pass


def version(**fields):
    """Build a DatastoreVersion with test defaults for unset fields."""
    values = {
        'id': '11111111-1111-1111-1111-111111111111',
        'name': '8.0', 'version': '8.0.36',
        'datastore_id': 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa',
        'datastore_name': 'mysql', 'manager': 'mysql',
        'image': '99999999-9999-9999-9999-999999999999',
        'image_tags': [], 'packages': [], 'active': True, 'default': False,
        'registry_ext': None, 'repl_strategy': None,
    }
    values.update(fields)
    return trove.DatastoreVersion(**values)


def datastore(versions=(), default_version_id=None, **fields):
    values = {'id': 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa', 'name': 'mysql'}
    values.update(fields)
    result = trove.Datastore(default_version_id=default_version_id,
                             versions=list(versions), **values)
    for item in result.versions:
        item.default = item.id == default_version_id
    return result
