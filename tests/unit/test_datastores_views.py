"""Views of the datastores panel, with the API module mocked."""

from unittest import mock

from django.urls import reverse
import lxml.html
from openstack_dashboard.api import glance
from openstack_dashboard.test import helpers as horizon_helpers
from troveclient import exceptions as trove_exceptions

from tests.unit import helpers
from trove_ds_dashboard import api
from trove_ds_dashboard.content.datastores.versions import tables as \
    version_tables
from trove_ds_dashboard import exceptions

INDEX_URL = reverse('horizon:admin:datastores:index')
DATASTORE_ID = 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa'
VERSION_ID = '11111111-1111-1111-1111-111111111111'
OTHER_ID = '22222222-2222-2222-2222-222222222222'
DETAIL_URL = reverse('horizon:admin:datastores:detail', args=[DATASTORE_ID])


class IndexTests(helpers.AdminTestCase):

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',)})
    def test_index_lists_datastores(self):
        v1 = helpers.version(id=VERSION_ID, name='5.7', version='5.7.30')
        v2 = helpers.version(id=OTHER_ID, name='8.0', active=False)
        mysql = helpers.datastore(versions=[v1, v2],
                                  default_version_id=VERSION_ID)
        empty = helpers.datastore(id='bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb',
                                  name='empty')
        self.mock_datastore_list.return_value = [mysql, empty]

        res = self.client.get(INDEX_URL)

        self.assertTemplateUsed(res, 'horizon/common/_data_table_view.html')
        self.mock_datastore_list.assert_called_once_with(
            horizon_helpers.IsHttpRequest())
        rows = res.context['datastores_table'].data
        self.assertEqual(['empty', 'mysql'], [row.name for row in rows])
        self.assertContains(res, '5.7 (5.7.30)')
        self.assertContains(res, '1 active / 2')
        self.assertContains(res, '0 active / 0')
        self.assertContains(res, reverse(
            'horizon:admin:datastores:create_version', args=[mysql.id]))

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',)})
    def test_index_default_missing(self):
        mysql = helpers.datastore(default_version_id=OTHER_ID)
        self.mock_datastore_list.return_value = [mysql]

        res = self.client.get(INDEX_URL)

        self.assertContains(res, 'missing (%s)' % OTHER_ID)

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',)})
    def test_index_exception(self):
        self.mock_datastore_list.side_effect = exceptions.TroveError(
            'Trove broke')

        res = self.client.get(INDEX_URL)

        self.assertEqual(200, res.status_code)
        self.assertEqual([], res.context['datastores_table'].data)
        self.assertMessageCount(res, error=1)

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',)})
    def test_index_escapes_names(self):
        name = '<img src=x onerror=alert(1)>'
        self.mock_datastore_list.return_value = [
            helpers.datastore(name=name)]

        res = self.client.get(INDEX_URL)

        self.assertNotContains(res, name)
        self.assertContains(res, '&lt;img src=x onerror=alert(1)&gt;')


class DetailTests(helpers.AdminTestCase):

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',),
                                   glance: ('image_list_detailed',)})
    def test_detail_shows_versions(self):
        image = self.images.first()
        v1 = helpers.version(id=VERSION_ID, name='5.7', image=image.id)
        v2 = helpers.version(id=OTHER_ID, name='8.0', image=None,
                             image_tags=['trove', 'mysql'], active=False)
        self.mock_datastore_get.return_value = helpers.datastore(
            versions=[v1, v2], default_version_id=VERSION_ID)
        self.mock_image_list_detailed.return_value = ([image], False, False)

        res = self.client.get(DETAIL_URL)

        self.assertTemplateUsed(res, 'horizon/common/_detail.html')
        self.mock_datastore_get.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), DATASTORE_ID)
        self.mock_image_list_detailed.assert_called_once_with(
            horizon_helpers.IsHttpRequest())
        self.assertContains(res, image.name)
        self.assertContains(res, 'tags: trove, mysql')
        table = res.context['versions_table']
        self.assertEqual(['5.7', '8.0'], [row.name for row in table.data])

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',)})
    def test_detail_warns_managers_unknown(self):
        datastore = helpers.datastore(versions=[helpers.version(
            id=VERSION_ID, image=None, image_tags=['trove'], manager=None)])
        datastore.managers_unknown = True
        self.mock_datastore_get.return_value = datastore

        res = self.client.get(DETAIL_URL)

        self.assertEqual(200, res.status_code)
        self.assertMessageCount(res, warning=1, error=0)
        [row] = res.context['versions_table'].get_rows()
        self.assertEqual('unknown', str(row.cells['manager'].value))

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',)})
    def test_deactivate_button_is_danger(self):
        # Horizon's script shows a confirm dialog, with the warning in
        # help_text, only for buttons with the btn-danger class.
        self.mock_datastore_get.return_value = helpers.datastore(versions=[
            helpers.version(image=None, image_tags=['trove'])])

        res = self.client.get(DETAIL_URL)

        page = lxml.html.fromstring(res.content)
        [button] = page.cssselect('#versions__row_%s__action_deactivate'
                                  % VERSION_ID)
        self.assertIn('btn-danger', button.get('class').split())
        self.assertIn('stays the default', button.get('help_text'))

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',
                                               'version_get',
                                               'version_delete')})
    def test_delete_unlisted_version_is_neutral(self):
        # The page was loaded before another admin deleted the version,
        # so the table of this request no longer lists it.
        self.mock_datastore_get.return_value = helpers.datastore()
        not_found = exceptions.VersionNotFound(
            "Datastore version '%s' cannot be found." % VERSION_ID, 400)
        self.mock_version_get.side_effect = not_found
        self.mock_version_delete.side_effect = not_found

        res = self.client.post(DETAIL_URL, {
            'action': 'versions__delete__%s' % VERSION_ID}, follow=True)

        self.mock_version_delete.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID)
        messages = [(message.level_tag, str(message))
                    for message in res.context['messages']]
        self.assertEqual([('info', 'Version %s was already deleted.'
                           % VERSION_ID)], messages)
        self.mock_version_get.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID)

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',
                                               'version_get',
                                               'version_set_default')})
    def test_action_on_other_datastore_refused(self):
        self.mock_datastore_get.return_value = helpers.datastore()
        self.mock_version_get.return_value = helpers.version(
            id=OTHER_ID, datastore_id='bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb',
            datastore_name='postgresql', name='13', version='13.18')

        res = self.client.post(DETAIL_URL, {
            'action': 'versions__set_default__%s' % OTHER_ID}, follow=True)

        self.mock_version_set_default.assert_not_called()
        messages = [(message.level_tag, str(message))
                    for message in res.context['messages']]
        self.assertEqual([('error', 'Version postgresql 13 (13.18) belongs '
                           'to another datastore. Change it from the page '
                           'of datastore postgresql.')], messages)

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',
                                               'version_get',
                                               'version_delete')})
    def test_delete_unlisted_same_datastore(self):
        # Another admin created the version after this page was loaded.
        self.mock_datastore_get.return_value = helpers.datastore()
        self.mock_version_get.return_value = helpers.version(id=OTHER_ID)

        self.client.post(DETAIL_URL, {
            'action': 'versions__delete__%s' % OTHER_ID})

        self.mock_version_delete.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), OTHER_ID)

    @horizon_helpers.create_mocks({api.trove: ('version_delete',)})
    def test_delete_uses_own_table(self):
        # Horizon shares action instances between all tables of a class.
        # A table built by a concurrent request must not become the table
        # that this request's delete reads its rows from.
        request = self.factory.post(DETAIL_URL)
        mine = version_tables.VersionsTable(
            request, data=[helpers.version()], datastore_id=DATASTORE_ID)
        version_tables.VersionsTable(self.request, datastore_id=DATASTORE_ID)

        with mock.patch('horizon.tables.actions.messages') as shown:
            mine.base_actions['delete'].handle(mine, request, [VERSION_ID])

        self.mock_version_delete.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID)
        shown.error.assert_not_called()
        shown.success.assert_called_once()

    @horizon_helpers.create_mocks({api.trove: ('datastore_get',)})
    def test_detail_exception_redirects(self):
        self.mock_datastore_get.side_effect = exceptions.TroveError('gone')

        res = self.client.get(DETAIL_URL)

        self.assertRedirectsNoFollow(res, INDEX_URL)

    def test_detail_rejects_non_uuid(self):
        res = self.client.get(INDEX_URL + 'mysql/')

        self.assertEqual(404, res.status_code)


class DeleteDatastoreTests(helpers.AdminTestCase):

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',
                                               'datastore_delete')})
    def test_delete_empty_datastore(self):
        self.mock_datastore_list.return_value = [helpers.datastore()]

        res = self.client.post(INDEX_URL, {
            'action': 'datastores__delete__%s' % DATASTORE_ID})

        self.assertRedirectsNoFollow(res, INDEX_URL)
        self.mock_datastore_delete.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), DATASTORE_ID)

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',
                                               'datastore_delete')})
    def test_delete_unlisted_datastore_is_neutral(self):
        # The page was loaded before another admin deleted the datastore,
        # so the table of this request no longer lists it.
        self.mock_datastore_list.return_value = []
        self.mock_datastore_delete.side_effect = trove_exceptions.NotFound(
            404, "Datastore '%s' cannot be found." % DATASTORE_ID)

        res = self.client.post(INDEX_URL, {
            'action': 'datastores__delete__%s' % DATASTORE_ID}, follow=True)

        self.mock_datastore_delete.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), DATASTORE_ID)
        messages = [(message.level_tag, str(message))
                    for message in res.context['messages']]
        self.assertEqual([('info', 'Datastore %s was already deleted.'
                           % DATASTORE_ID)], messages)

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',
                                               'datastore_delete')})
    def test_delete_with_versions_is_refused(self):
        self.mock_datastore_list.return_value = [
            helpers.datastore(versions=[helpers.version()])]

        res = self.client.post(INDEX_URL, {
            'action': 'datastores__delete__%s' % DATASTORE_ID}, follow=True)

        self.mock_datastore_delete.assert_not_called()
        messages = [str(message) for message in res.context['messages']]
        self.assertEqual(1, len(messages))
        self.assertIn('still has 1 versions', messages[0])


class AccessTests(helpers.MemberTestCase):

    def test_member_cannot_open_index(self):
        res = self.client.get(INDEX_URL)

        self.assertEqual(403, res.status_code)

    def test_panel_gate_refuses_member(self):
        from trove_ds_dashboard.content.datastores import panel
        self.assertFalse(panel.Datastores().can_access(
            {'request': self.request}))


class PanelGateTests(helpers.AdminTestCase):

    def test_panel_gate_allows_admin(self):
        from trove_ds_dashboard.content.datastores import panel
        self.assertTrue(panel.Datastores().can_access(
            {'request': self.request}))

    def test_admin_without_trove_is_refused(self):
        catalog = [service for service in self.service_catalog
                   if service['type'] != 'database']
        self._setup_user(service_catalog=catalog)

        res = self.client.get(INDEX_URL)

        self.assertEqual(403, res.status_code)


class IndexFilterTests(helpers.AdminTestCase):

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',)})
    def test_server_filter_without_default(self):
        # The filter posts when JavaScript is off; a datastore without a
        # default version shows a translated "none" that join() must take.
        self.mock_datastore_list.return_value = [
            helpers.datastore(), helpers.datastore(
                id='bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb', name='other')]

        res = self.client.post(INDEX_URL, {'datastores__filter__q': 'oth'})

        self.assertEqual(200, res.status_code)
        table = res.context['datastores_table']
        self.assertEqual(['other'], [row.name for row in table.filtered_data])
