"""The API module's exact troveclient calls and its data shaping."""

from unittest import mock

from keystoneauth1 import exceptions as keystone_exceptions
from openstack_dashboard.test import helpers
from troveclient import exceptions as trove_exceptions
from troveclient.v1 import datastores as trove_datastores

from tests.unit import helpers as unit_helpers
from trove_ds_dashboard.api import trove
from trove_ds_dashboard.content.datastores.parameters import rules
from trove_ds_dashboard import exceptions

VERSION_ID = '11111111-1111-1111-1111-111111111111'
OTHER_ID = '22222222-2222-2222-2222-222222222222'
DATASTORE_ID = 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa'


def resource(info):
    """A troveclient resource as list() returns it: lazily loaded."""
    manager = trove_datastores.DatastoreVersions(None)
    return trove_datastores.DatastoreVersion(manager, info, loaded=False)


def mgmt_version(**fields):
    info = {'id': VERSION_ID, 'name': '8.0', 'version': '8.0.36',
            'datastore_id': DATASTORE_ID, 'datastore_name': 'mysql',
            'datastore_manager': 'mysql', 'image': '', 'image_tags': [''],
            'packages': [''], 'active': True, 'default': False,
            'registry_ext': 'reg', 'repl_strategy': 'repl'}
    info.update(fields)
    return resource(info)


class TroveApiTests(helpers.APITestCase):

    def setUp(self):
        super().setUp()
        patcher = mock.patch.object(trove, 'troveclient')
        self.client = patcher.start().return_value
        self.addCleanup(patcher.stop)

    def test_datastore_list_joins_versions(self):
        info = {'id': DATASTORE_ID, 'name': 'mysql',
                'default_version': OTHER_ID,
                'versions': [
                    {'id': VERSION_ID, 'name': '5.7', 'version': '5.7.29',
                     'active': False, 'image': None, 'image_tags': [],
                     'packages': 'a,b'},
                    {'id': OTHER_ID, 'name': '8.0', 'version': '8.0.36',
                     'active': True, 'image': 'img', 'image_tags': ['t'],
                     'packages': None}]}
        self.client.datastores.list.return_value = [resource(info)]

        [datastore] = trove.datastore_list(self.request)

        self.client.datastores.list.assert_called_once_with()
        self.assertEqual('mysql', datastore.name)
        self.assertEqual(OTHER_ID, datastore.default_version.id)
        self.assertFalse(datastore.default_missing)
        self.assertEqual(1, datastore.active_count)
        self.assertEqual(['a', 'b'], datastore.versions[0].packages)
        self.assertEqual([], datastore.versions[1].packages)
        self.assertFalse(datastore.versions[0].default)
        self.assertTrue(datastore.versions[1].default)
        self.assertEqual(DATASTORE_ID, datastore.versions[0].datastore_id)

    def test_datastore_list_default_missing(self):
        info = {'id': DATASTORE_ID, 'name': 'mysql',
                'default_version': OTHER_ID, 'versions': []}
        self.client.datastores.list.return_value = [resource(info)]

        [datastore] = trove.datastore_list(self.request)

        self.assertIsNone(datastore.default_version)
        self.assertTrue(datastore.default_missing)

    def test_datastore_list_without_default_key(self):
        # A lazily loaded resource would GET the datastore again for a
        # missing attribute; the module must not touch it.
        info = {'id': DATASTORE_ID, 'name': 'mysql', 'versions': []}
        self.client.datastores.list.return_value = [resource(info)]

        [datastore] = trove.datastore_list(self.request)

        self.assertIsNone(datastore.default_version_id)
        self.assertFalse(datastore.default_missing)

    def test_datastore_show_makes_one_call(self):
        info = {'id': DATASTORE_ID, 'name': 'mysql',
                'default_version': VERSION_ID,
                'versions': [{'id': VERSION_ID, 'name': '8.0',
                              'version': '8.0.36', 'active': True,
                              'image': 'img', 'image_tags': [],
                              'packages': 'a,b'}]}
        self.client.datastores.get.return_value = resource(info)

        datastore = trove.datastore_show(self.request, DATASTORE_ID)

        self.client.datastores.get.assert_called_once_with(DATASTORE_ID)
        self.client.mgmt_ds_versions.list.assert_not_called()
        self.assertEqual('mysql', datastore.name)
        self.assertEqual(VERSION_ID, datastore.default_version.id)
        self.assertEqual(['a', 'b'], datastore.default_version.packages)
        self.assertIsNone(datastore.default_version.manager)

    def test_datastore_get_mgmt_timeout_falls_back(self):
        self.client.datastores.get.return_value = resource({
            'id': DATASTORE_ID, 'name': 'mysql', 'default_version': OTHER_ID,
            'versions': []})
        self.client.mgmt_ds_versions.list.side_effect = (
            keystone_exceptions.ConnectTimeout('slow'))
        self.client.datastore_versions.list.return_value = [
            resource({'id': VERSION_ID, 'name': '5.7', 'version': '5.7.29',
                      'datastore': DATASTORE_ID, 'active': False,
                      'image': None, 'image_tags': ['trove'],
                      'packages': None}),
            resource({'id': OTHER_ID, 'name': '8.0', 'version': '8.0.36',
                      'datastore': DATASTORE_ID, 'active': True,
                      'image': 'img', 'image_tags': [], 'packages': 'a,b'})]

        datastore = trove.datastore_get(self.request, DATASTORE_ID)

        self.client.datastore_versions.list.assert_called_once_with(
            DATASTORE_ID)
        self.assertTrue(datastore.managers_unknown)
        self.assertEqual([VERSION_ID, OTHER_ID],
                         [version.id for version in datastore.versions])
        self.assertEqual([False, True],
                         [version.active for version in datastore.versions])
        self.assertEqual([False, True],
                         [version.default for version in datastore.versions])
        self.assertEqual([None, None],
                         [version.manager for version in datastore.versions])
        self.assertEqual(['a', 'b'], datastore.versions[1].packages)
        self.assertEqual('mysql', datastore.versions[0].datastore_name)

    def test_datastore_get_refused_does_not_fall_back(self):
        self.client.datastores.get.return_value = resource({
            'id': DATASTORE_ID, 'name': 'mysql', 'versions': []})
        self.client.mgmt_ds_versions.list.side_effect = (
            keystone_exceptions.ConnectFailure('refused'))

        with self.assertRaises(exceptions.TroveUnavailable):
            trove.datastore_get(self.request, DATASTORE_ID)

        self.client.datastore_versions.list.assert_not_called()

    def test_datastore_get_reads_managers(self):
        self.client.datastores.get.return_value = resource({
            'id': DATASTORE_ID, 'name': 'mysql', 'versions': []})
        self.client.mgmt_ds_versions.list.return_value = [mgmt_version()]

        datastore = trove.datastore_get(self.request, DATASTORE_ID)

        self.assertFalse(datastore.managers_unknown)
        self.assertEqual(['mysql'],
                         [version.manager for version in datastore.versions])
        self.client.datastore_versions.list.assert_not_called()

    def test_path_ids_must_be_uuids(self):
        calls = [
            lambda: trove.version_delete(self.request, '../x'),
            lambda: trove.version_get(self.request, VERSION_ID + '\n'),
            lambda: trove.version_unset_default(self.request, 'mysql'),
            lambda: trove.datastore_delete(self.request, '../../x'),
            lambda: trove.datastore_get(self.request, 'mysql'),
            lambda: trove.parameter_list(self.request, '../x'),
            lambda: trove.parameter_delete(self.request, VERSION_ID,
                                           '../../datastore-versions/x'),
            lambda: trove.parameter_delete(self.request, VERSION_ID,
                                           'max_connections\n'),
            lambda: trove.parameter_create(
                self.request, VERSION_ID, rules.Rule('a/b', 'string', False,
                                                     None, None)),
        ]
        for call in calls:
            with self.assertRaises(exceptions.InvalidIdentifier):
                call()

        self.assertEqual([], self.client.mock_calls)

    def test_mgmt_list_cleans_empty_lists(self):
        self.client.mgmt_ds_versions.list.return_value = [mgmt_version()]

        [version] = trove.version_list(self.request)

        self.assertEqual([], version.image_tags)
        self.assertEqual([], version.packages)
        self.assertIsNone(version.image)
        self.assertEqual('mysql', version.manager)

    def test_version_list_filters_by_datastore(self):
        self.client.mgmt_ds_versions.list.return_value = [
            mgmt_version(), mgmt_version(id=OTHER_ID, datastore_id='other')]

        versions = trove.version_list(self.request, datastore_id=DATASTORE_ID)

        self.assertEqual([VERSION_ID], [version.id for version in versions])

    def test_version_create_sends_strings(self):
        self.client.datastore_versions.list.return_value = [
            resource({'id': VERSION_ID, 'name': '8.0',
                      'version': '8.0.36'})]

        version_id = trove.version_create(
            self.request, 'mysql', '8.0', 'mysql', image=None,
            image_tags=('trove', 'mysql'), packages=(), active=True,
            default=False, version='8.0.36')

        self.assertEqual(VERSION_ID, version_id)
        self.client.mgmt_ds_versions.create.assert_called_once_with(
            '8.0', 'mysql', 'mysql', None, packages=[], registry_ext=None,
            repl_strategy=None, active='true', default='false',
            image_tags=['trove', 'mysql'], version='8.0.36')
        self.client.datastore_versions.list.assert_called_once_with('mysql')
        self.client.mgmt_ds_versions.list.assert_not_called()

    def test_version_create_quotes_datastore_name(self):
        self.client.datastore_versions.list.return_value = [
            resource({'id': VERSION_ID, 'name': '8.0',
                      'version': '8.0.36'})]

        version_id = trove.version_create(
            self.request, 'q?x=1#f%', '8.0', 'mysql', image='img',
            version='8.0.36')

        self.assertEqual(VERSION_ID, version_id)
        self.client.datastore_versions.list.assert_called_once_with(
            'q%3Fx%3D1%23f%25')

    def test_version_create_unroutable_name_uses_mgmt_list(self):
        # Trove cannot route a datastore name with "/" or non-ASCII
        # characters, quoted or not, so the name never goes into a path.
        for name in ('a/b', 'emoji \U0001f42c'):
            self.client.reset_mock()
            self.client.mgmt_ds_versions.list.return_value = [
                mgmt_version(id=OTHER_ID),
                mgmt_version(datastore_name=name)]

            version_id = trove.version_create(
                self.request, name, '8.0', 'mysql', image='img',
                version='8.0.36')

            self.assertEqual(VERSION_ID, version_id)
            self.client.datastore_versions.list.assert_not_called()

    def test_version_create_number_defaults_to_name(self):
        self.client.datastore_versions.list.return_value = [
            resource({'id': VERSION_ID, 'name': '8.0', 'version': '8.0'})]

        trove.version_create(self.request, 'mysql', '8.0', 'mysql',
                             image='img', active=False)

        kwargs = self.client.mgmt_ds_versions.create.call_args.kwargs
        self.assertEqual('8.0', kwargs['version'])
        self.assertEqual('false', kwargs['active'])

    def test_version_create_default_is_second_call(self):
        self.client.datastore_versions.list.return_value = [
            resource({'id': VERSION_ID, 'name': '8.0', 'version': '8.0'})]
        self.client.mgmt_ds_versions.get.return_value = mgmt_version()

        trove.version_create(self.request, 'mysql', '8.0', 'mysql',
                             image='img', default=True)

        create_kwargs = self.client.mgmt_ds_versions.create.call_args.kwargs
        self.assertEqual('false', create_kwargs['default'])
        self.client.mgmt_ds_versions.edit.assert_called_once_with(
            VERSION_ID, default='true')

    def test_version_create_not_listed(self):
        self.client.datastore_versions.list.return_value = []

        with self.assertRaises(exceptions.TroveError):
            trove.version_create(self.request, 'mysql', '8.0', 'mysql',
                                 image='img')

    def test_version_update_splits_rename_and_default(self):
        self.client.mgmt_ds_versions.get.return_value = mgmt_version(
            name='8.0-new')
        self.client.datastore_versions.list.return_value = [
            resource({'id': VERSION_ID, 'name': '8.0-new'})]

        trove.version_update(self.request, VERSION_ID, name='8.0-new',
                             default=True, active=True)

        self.assertEqual(
            [mock.call(VERSION_ID, active='true', name='8.0-new'),
             mock.call(VERSION_ID, default='true')],
            self.client.mgmt_ds_versions.edit.call_args_list)

    def test_version_update_unset_default(self):
        trove.version_update(self.request, VERSION_ID, default=False)

        self.client.mgmt_ds_versions.edit.assert_called_once_with(
            VERSION_ID, default='false')

    def test_version_update_maps_manager(self):
        trove.version_update(self.request, VERSION_ID, manager='mariadb',
                             image_tags=('a',))

        self.client.mgmt_ds_versions.edit.assert_called_once_with(
            VERSION_ID, datastore_manager='mariadb', image_tags=['a'])

    def test_version_update_clears_packages(self):
        trove.version_update(self.request, VERSION_ID, packages=[])

        self.client.client.patch.assert_called_once_with(
            '/mgmt/datastore-versions/%s' % VERSION_ID,
            body={'packages': []})
        self.client.mgmt_ds_versions.edit.assert_not_called()

    def test_version_update_sets_packages(self):
        trove.version_update(self.request, VERSION_ID, packages=['a', 'b'])

        self.client.mgmt_ds_versions.edit.assert_called_once_with(
            VERSION_ID, packages=['a', 'b'])
        self.client.client.patch.assert_not_called()

    def test_set_default_unique_name(self):
        self.client.mgmt_ds_versions.get.return_value = mgmt_version()
        self.client.datastore_versions.list.return_value = [
            resource({'id': VERSION_ID, 'name': '8.0'}),
            resource({'id': OTHER_ID, 'name': '5.7'})]

        trove.version_set_default(self.request, VERSION_ID)

        self.client.datastore_versions.list.assert_called_once_with(
            DATASTORE_ID)
        self.client.mgmt_ds_versions.edit.assert_called_once_with(
            VERSION_ID, default='true')

    def test_set_default_shared_name_renames_around(self):
        self.client.mgmt_ds_versions.get.return_value = mgmt_version(
            name='5.7')
        self.client.datastore_versions.list.return_value = [
            resource({'id': VERSION_ID, 'name': '5.7'}),
            resource({'id': OTHER_ID, 'name': '5.7'})]

        trove.version_set_default(self.request, VERSION_ID)

        self.assertEqual(
            [mock.call(VERSION_ID, name=VERSION_ID),
             mock.call(VERSION_ID, default='true'),
             mock.call(VERSION_ID, name='5.7')],
            self.client.mgmt_ds_versions.edit.call_args_list)

    def test_set_default_shared_name_restores_on_failure(self):
        self.client.mgmt_ds_versions.get.return_value = mgmt_version(
            name='5.7')
        self.client.datastore_versions.list.return_value = [
            resource({'id': VERSION_ID, 'name': '5.7'}),
            resource({'id': OTHER_ID, 'name': '5.7'})]
        refusal = trove_exceptions.BadRequest(message='inactive')
        self.client.mgmt_ds_versions.edit.side_effect = [None, refusal, None]

        with self.assertRaises(exceptions.TroveError):
            trove.version_set_default(self.request, VERSION_ID)

        self.assertEqual(mock.call(VERSION_ID, name='5.7'),
                         self.client.mgmt_ds_versions.edit.call_args)

    def test_version_delete(self):
        trove.version_delete(self.request, VERSION_ID)

        self.client.mgmt_ds_versions.delete.assert_called_once_with(
            VERSION_ID)

    def test_datastore_delete(self):
        trove.datastore_delete(self.request, DATASTORE_ID)

        self.client.datastores.delete.assert_called_once_with(DATASTORE_ID)

    def test_missing_version_400_is_not_found(self):
        message = "Datastore version '%s' cannot be found." % VERSION_ID
        self.client.mgmt_ds_versions.delete.side_effect = (
            trove_exceptions.BadRequest(message=message))

        with self.assertRaises(exceptions.VersionNotFound) as raised:
            trove.version_delete(self.request, VERSION_ID)

        self.assertIn(VERSION_ID, str(raised.exception))

    def test_other_400_keeps_trove_message(self):
        message = 'Datastore version is in use by configuration.'
        self.client.mgmt_ds_versions.delete.side_effect = (
            trove_exceptions.BadRequest(message=message))

        with self.assertRaises(exceptions.TroveError) as raised:
            trove.version_delete(self.request, VERSION_ID)

        self.assertNotIsInstance(raised.exception, exceptions.VersionNotFound)
        self.assertEqual(message, str(raised.exception))

    def test_not_admin_401_is_admin_required(self):
        message = 'User does not have admin privileges.'
        self.client.mgmt_ds_versions.list.side_effect = (
            trove_exceptions.Unauthorized(message=message))

        with self.assertRaises(exceptions.AdminRequired):
            trove.version_list(self.request)

    def test_other_401_stays_unauthorized(self):
        self.client.mgmt_ds_versions.list.side_effect = (
            trove_exceptions.Unauthorized(message='The token expired.'))

        with self.assertRaises(trove_exceptions.Unauthorized):
            trove.version_list(self.request)

    def test_server_error_names_status(self):
        self.client.datastores.list.side_effect = (
            trove_exceptions.InternalServerError(message='boom'))

        with self.assertRaises(exceptions.TroveError) as raised:
            trove.datastore_list(self.request)

        self.assertEqual('boom (HTTP 500)', str(raised.exception))

    def test_timeout_is_unavailable(self):
        self.client.datastores.list.side_effect = (
            keystone_exceptions.ConnectTimeout('slow'))

        with self.assertRaises(exceptions.TroveUnavailable) as raised:
            trove.datastore_list(self.request)

        self.assertIn('did not respond within', str(raised.exception))

    def test_connection_refused_is_unavailable(self):
        self.client.datastores.list.side_effect = (
            keystone_exceptions.ConnectFailure('refused'))

        with self.assertRaises(exceptions.TroveUnavailable):
            trove.datastore_list(self.request)


class TroveClientTests(unit_helpers.TroveCatalogMixin, helpers.APITestCase):

    def test_client_uses_catalog_endpoint_and_timeout(self):
        with self.settings(TROVE_DS_API_TIMEOUT=7):
            client = trove.troveclient(self.request)

        self.assertEqual(7, client.client.session.timeout)
        self.assertEqual('database', client.client.service_type)
        self.assertTrue(client.client.endpoint_override.startswith(
            'http://public.trove.example.com:8779/v1.0/'))


class ParametersApplyTests(helpers.APITestCase):

    def setUp(self):
        super().setUp()
        patcher = mock.patch.object(trove, '_parameters')
        self.manager = patcher.start().return_value
        self.addCleanup(patcher.stop)

    def _plan(self, *names):
        return [rules.PlanItem(rules.CREATE, rules.Rule(name, 'string'))
                for name in names]

    def test_apply_continues_after_refusal(self):
        self.manager.create.side_effect = [
            trove_exceptions.NotFound(message='Resource a cannot be found'),
            trove_exceptions.BadRequest(message='bad'), None]

        results = trove.parameters_apply(self.request, VERSION_ID,
                                         self._plan('a', 'b', 'c'))

        errors = [error for _item, error in results]
        self.assertIsInstance(errors[0], trove_exceptions.NotFound)
        self.assertIsInstance(errors[1], exceptions.TroveError)
        self.assertIsNone(errors[2])
        self.assertEqual(3, self.manager.create.call_count)

    def test_apply_stops_calling_when_unreachable(self):
        self.manager.create.side_effect = keystone_exceptions.ConnectFailure(
            'refused')

        results = trove.parameters_apply(self.request, VERSION_ID,
                                         self._plan('a', 'b', 'c'))

        self.assertEqual(1, self.manager.create.call_count)
        self.assertEqual(3, len(results))
        self.assertTrue(all(isinstance(error, exceptions.TroveUnavailable)
                            for _item, error in results))
