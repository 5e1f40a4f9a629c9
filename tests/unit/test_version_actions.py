"""Row and batch actions of the versions table, API mocked."""

from django.urls import reverse
from openstack_dashboard.api import glance
from openstack_dashboard.test import helpers as horizon_helpers

from tests.unit import helpers
from trove_ds_dashboard import api
from trove_ds_dashboard import exceptions

DATASTORE_ID = 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa'
VERSION_ID = '11111111-1111-1111-1111-111111111111'
OTHER_ID = '22222222-2222-2222-2222-222222222222'
DETAIL_URL = reverse('horizon:admin:datastores:detail', args=[DATASTORE_ID])
INDEX_URL = reverse('horizon:admin:datastores:index')


class VersionActionTests(helpers.AdminTestCase):

    def _datastore(self, **fields):
        version = helpers.version(id=VERSION_ID, image=None,
                                  image_tags=['trove'], **fields)
        other = helpers.version(id=OTHER_ID, name='5.7', image=None,
                                image_tags=['trove'])
        default = VERSION_ID if fields.get('default') else None
        return helpers.datastore(versions=[version, other],
                                 default_version_id=default)

    def _post(self, action, version_id=VERSION_ID):
        return self.client.post(DETAIL_URL, {
            'action': 'versions__%s__%s' % (action, version_id)})

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',
                                               'version_set_default')})
    def test_set_default(self):
        self.mock_datastore_get.return_value = self._datastore()

        res = self._post('set_default')

        self.assertRedirectsNoFollow(res, DETAIL_URL)
        self.mock_version_set_default.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID)

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',
                                               'version_set_default')})
    def test_set_default_twice_is_not_refused(self):
        # A second click posts from a page where the row was not default.
        self.mock_datastore_get.return_value = self._datastore(default=True)

        res = self._post('set_default')

        self.assertRedirectsNoFollow(res, DETAIL_URL)
        self.mock_version_set_default.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID)
        self.assertMessageCount(error=0, success=1)

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',
                                               'version_unset_default')})
    def test_unset_default(self):
        self.mock_datastore_get.return_value = self._datastore(default=True)

        res = self._post('unset_default')

        self.assertRedirectsNoFollow(res, DETAIL_URL)
        self.mock_version_unset_default.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID)

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',
                                               'version_update')})
    def test_activate(self):
        self.mock_datastore_get.return_value = self._datastore(active=False)

        self._post('activate')

        self.mock_version_update.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID, active=True)

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',
                                               'version_update')})
    def test_activate_failure_shows_reason(self):
        self.mock_datastore_get.return_value = self._datastore(active=False)
        self.mock_version_update.side_effect = exceptions.TroveError(
            'Image not found.', 400)

        res = self._post('activate')

        self.assertMessageCount(error=1, success=0)
        texts = [str(message) for message in res.wsgi_request._messages]
        self.assertEqual(['Unable to change version mysql 8.0 (8.0.36): '
                          'Image not found.'], texts)

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',
                                               'version_update')})
    def test_deactivate_default_warns(self):
        self.mock_datastore_get.return_value = self._datastore(default=True)

        self._post('deactivate')

        self.mock_version_update.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID, active=False)
        self.assertMessageCount(warning=1, success=1)

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',
                                               'version_update')})
    def test_deactivate_batch(self):
        self.mock_datastore_get.return_value = self._datastore()

        self.client.post(DETAIL_URL, {'action': 'versions__deactivate',
                                      'object_ids': [VERSION_ID, OTHER_ID]})

        self.assertEqual(2, self.mock_version_update.call_count)
        self.assertMessageCount(success=1, warning=0)

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',
                                               'version_delete')})
    def test_delete_missing_is_info(self):
        self.mock_datastore_get.return_value = self._datastore()
        self.mock_version_delete.side_effect = exceptions.VersionNotFound(
            "Datastore version '%s' cannot be found." % VERSION_ID, 400)

        self._post('delete')

        self.assertMessageCount(info=1, error=0, success=0)

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',
                                               'version_delete')})
    def test_delete_in_use_shows_reason(self):
        self.mock_datastore_get.return_value = self._datastore()
        self.mock_version_delete.side_effect = exceptions.TroveError(
            'Datastore version is in use by configuration.', 400)

        res = self._post('delete')

        self.assertRedirectsNoFollow(res, DETAIL_URL)
        self.assertMessageCount(error=1, success=0)

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',),
                                   glance: ('image_list_detailed',)})
    def test_row_actions_follow_state(self):
        self.mock_datastore_get.return_value = self._datastore(default=True)

        res = self.client.get(DETAIL_URL)

        table = res.context['versions_table']
        [default_row] = [row for row in table.get_rows()
                         if row.datum.id == VERSION_ID]
        names = [action.name for action in
                 table.get_row_actions(default_row.datum)]
        self.assertIn('unset_default', names)
        self.assertNotIn('set_default', names)
        self.assertNotIn('activate', names)
        self.mock_image_list_detailed.assert_not_called()


class VersionDetailTests(helpers.AdminTestCase):

    @horizon_helpers.create_mocks({api.trove: ('version_get',),
                                   glance: ('image_get',)})
    def test_detail_looks_the_image_up_once(self):
        image = self.images.first()
        self.mock_version_get.return_value = helpers.version(id=VERSION_ID,
                                                             image=image.id)
        self.mock_image_get.return_value = image

        res = self.client.get(reverse(
            'horizon:admin:datastores:versions:detail', args=[VERSION_ID]))

        self.assertContains(res, '%s <code>%s</code>' % (image.name,
                                                         image.id))
        self.mock_version_get.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID)
        self.mock_image_get.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), image.id)


class AdminRequiredTests(helpers.AdminTestCase):

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',)})
    def test_trove_401_keeps_user_logged_in(self):
        self.mock_datastore_list.side_effect = exceptions.AdminRequired(
            'User does not have admin privileges.', 401)

        res = self.client.get(INDEX_URL)

        # An UNAUTHORIZED error would log the user out with a redirect.
        self.assertEqual(200, res.status_code)
        self.assertTemplateUsed(res, 'horizon/common/_data_table_view.html')
        self.assertMessageCount(res, error=1)
