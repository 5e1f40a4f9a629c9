"""The All Versions page: server-side filter, sort and pages, API mocked."""

from django.test import utils as test_utils
from django.urls import reverse
from openstack_dashboard.test import helpers as horizon_helpers

from tests.unit import helpers
from trove_ds_dashboard import api
from trove_ds_dashboard.content.datastores import paging
from trove_ds_dashboard import exceptions

URL = reverse('horizon:admin:datastores:all_versions')
INDEX_URL = reverse('horizon:admin:datastores:index')
FILTER = 'all_versions__filter__q'


def version_id(number):
    return '%08d-0000-0000-0000-000000000000' % number


def catalog():
    """Return two datastores. mysql's numbers need a natural sort."""
    mysql = helpers.datastore(name='mysql', versions=[
        helpers.version(id=version_id(number), name='8.0',
                        version='8.0.%d' % number, manager=None)
        for number in (10, 9, 2)])
    mariadb = helpers.datastore(
        id='bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb', name='mariadb',
        versions=[helpers.version(id=version_id(99), name='10.11',
                                  version='10.11.6', manager=None,
                                  datastore_name='mariadb',
                                  packages=['galera-4'])])
    return [mysql, mariadb]


def shown(res):
    return [row.version for row in res.context['all_versions_table'].data]


class PagingTests(helpers.AdminTestCase):

    def test_numbers_sort_by_value(self):
        numbers = ['8.0.10', '8.0.9', '8.0.2', '10.11']

        ordered = sorted(numbers, key=paging.natural_key)

        self.assertEqual(['8.0.2', '8.0.9', '8.0.10', '10.11'], ordered)

    def test_stale_marker_restarts(self):
        rows = [helpers.version(id=version_id(number))
                for number in range(5)]

        page, has_prev, has_more = paging.cut_page(rows, 2, marker='gone')

        self.assertEqual([version_id(0), version_id(1)],
                         [row.id for row in page])
        self.assertFalse(has_prev)
        self.assertTrue(has_more)


@test_utils.override_settings(API_RESULT_PAGE_SIZE=2)
class AllVersionsTests(helpers.AdminTestCase):

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',)})
    def test_first_page_sorted_over_all(self):
        self.mock_datastore_list.return_value = catalog()

        res = self.client.get(URL)

        self.assertEqual(['10.11.6', '8.0.2'], shown(res))
        self.assertTrue(res.context['all_versions_table'].has_more_data())
        self.mock_datastore_list.assert_called_once_with(
            horizon_helpers.IsHttpRequest())

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',)})
    def test_next_and_previous_page(self):
        self.mock_datastore_list.return_value = catalog()

        second = self.client.get(URL, {'marker': version_id(2)})
        # Horizon keeps the paging flags on the table class, so they are
        # read before the next request.
        table = second.context['all_versions_table']
        second_has_more = table.has_more_data()
        second_has_prev = table.has_prev_data()
        first = self.client.get(URL, {'prev_marker': version_id(9)})

        self.assertEqual(['8.0.9', '8.0.10'], shown(second))
        self.assertFalse(second_has_more)
        self.assertTrue(second_has_prev)
        self.assertEqual(['10.11.6', '8.0.2'], shown(first))

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',)})
    def test_sort_descending_over_all(self):
        self.mock_datastore_list.return_value = catalog()

        res = self.client.get(URL, {'sort': '-version'})
        again = self.client.get(URL)

        # 8.0.10 sits on the last page in the default order.
        self.assertEqual(['10.11.6', '8.0.10'], shown(res))
        self.assertEqual(['10.11.6', '8.0.10'], shown(again))
        self.assertContains(res, 'href="?sort=version"')

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',)})
    def test_unknown_sort_ignored(self):
        self.mock_datastore_list.return_value = catalog()

        res = self.client.get(URL, {'sort': 'manager'})

        self.assertEqual(['10.11.6', '8.0.2'], shown(res))

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',)})
    def test_filter_matches_later_pages(self):
        self.mock_datastore_list.return_value = catalog()

        posted = self.client.post(URL, {FILTER: '8.0.1',
                                        FILTER + '_field': 'text'})
        res = self.client.get(URL)

        self.assertEqual(302, posted.status_code)
        self.assertEqual(['8.0.10'], shown(res))

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',)})
    def test_filter_is_literal(self):
        self.mock_datastore_list.return_value = catalog()

        self.client.post(URL, {FILTER: 'GALERA', FILTER + '_field': 'text'})
        matched = shown(self.client.get(URL))
        self.client.post(URL, {FILTER: '8.0.*', FILTER + '_field': 'text'})
        unmatched = shown(self.client.get(URL))

        self.assertEqual(['10.11.6'], matched)
        self.assertEqual([], unmatched)

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',)})
    def test_trove_error_shows_message(self):
        self.mock_datastore_list.side_effect = exceptions.TroveError('down')

        res = self.client.get(URL)

        self.assertEqual(200, res.status_code)
        self.assertEqual([], shown(res))
        self.assertMessageCount(res, error=1)

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',)})
    def test_index_links_all_versions(self):
        self.mock_datastore_list.return_value = []

        res = self.client.get(INDEX_URL)

        self.assertContains(res, 'href="%s"' % URL)
