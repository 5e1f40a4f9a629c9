"""Create Datastore, Create Version and Edit Version, API mocked."""

from django.urls import reverse
from openstack_dashboard.api import glance
from openstack_dashboard.test import helpers as horizon_helpers

from tests.unit import helpers
from trove_ds_dashboard import api
from trove_ds_dashboard import exceptions

DATASTORE_ID = 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa'
VERSION_ID = '11111111-1111-1111-1111-111111111111'
OTHER_ID = '22222222-2222-2222-2222-222222222222'
CREATE_URL = reverse('horizon:admin:datastores:create')
CREATE_VERSION_URL = reverse('horizon:admin:datastores:create_version',
                             args=[DATASTORE_ID])
EDIT_URL = reverse('horizon:admin:datastores:versions:update',
                   args=[VERSION_ID])
DETAIL_URL = reverse('horizon:admin:datastores:detail', args=[DATASTORE_ID])
INDEX_URL = reverse('horizon:admin:datastores:index')


def create_form(**fields):
    data = {'datastore_name': 'mysql', 'name': '8.0', 'version': '8.0.36',
            'manager': 'mysql', 'image': '', 'image_tags': 'trove, mysql',
            'packages': '', 'active': 'on', 'registry_ext': '',
            'repl_strategy': ''}
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


class CreateDatastoreTests(helpers.AdminTestCase):

    def _mock_images(self):
        self.mock_image_list_detailed.return_value = (
            self.images.list(), False, False)

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',
                                               'version_create'),
                                   glance: ('image_list_detailed',)})
    def test_create_datastore(self):
        self._mock_images()
        self.mock_datastore_list.return_value = []
        self.mock_version_create.return_value = VERSION_ID

        res = self.client.post(CREATE_URL, create_form(
            image_tags=' trove , mysql ', packages='a, b'))

        self.assertNoFormErrors(res)
        self.assertRedirectsNoFollow(res, INDEX_URL)
        self.mock_version_create.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), 'mysql', '8.0', 'mysql',
            image=None, image_tags=['trove', 'mysql'], packages=['a', 'b'],
            active=True, default=False, version='8.0.36',
            registry_ext=None, repl_strategy=None)
        self.assertMessageCount(success=1)

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',
                                               'version_create'),
                                   glance: ('image_list_detailed',)})
    def test_create_existing_datastore_refused(self):
        self._mock_images()
        self.mock_datastore_list.return_value = [helpers.datastore()]

        res = self.client.post(CREATE_URL, create_form())

        self.assertFieldError(res, 'datastore_name', 'exists already')
        self.mock_version_create.assert_not_called()

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',
                                               'version_create'),
                                   glance: ('image_list_detailed',)})
    def test_existing_datastore_other_case_refused(self):
        self._mock_images()
        self.mock_datastore_list.return_value = [helpers.datastore()]

        res = self.client.post(CREATE_URL, create_form(
            datastore_name='MySQL'))

        self.assertFieldError(res, 'datastore_name',
                              'Datastore "mysql" exists already')
        self.mock_version_create.assert_not_called()

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',
                                               'version_create'),
                                   glance: ('image_list_detailed',)})
    def test_uuid_like_version_name_refused(self):
        self._mock_images()
        self.mock_datastore_list.return_value = []

        res = self.client.post(CREATE_URL, create_form(
            name='{%s}' % VERSION_ID.replace('-', '').upper()))

        self.assertFieldError(res, 'name', 'looks like a UUID')
        self.mock_version_create.assert_not_called()

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',
                                               'version_create'),
                                   glance: ('image_list_detailed',)})
    def test_unknown_image_one_error(self):
        self._mock_images()
        self.mock_datastore_list.return_value = []

        res = self.client.post(CREATE_URL, create_form(
            image='00000000-0000-0000-0000-000000000000', image_tags=''))

        errors = res.context['form'].errors['image']
        self.assertEqual(1, len(errors), errors)
        self.assertIn('valid choice', errors[0])
        self.mock_version_create.assert_not_called()

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',
                                               'version_create'),
                                   glance: ('image_list_detailed',)})
    def test_bad_tags_refused(self):
        self._mock_images()
        self.mock_datastore_list.return_value = []
        cases = {
            'a, b, c, d, e, f': '6 image tags given',
            'x' * 21: 'is 21 characters long',
            'trove,trove': 'is given twice',
            '---': 'needs at least one letter',
        }
        for tags, message in cases.items():
            res = self.client.post(CREATE_URL, create_form(image_tags=tags))

            self.assertFieldError(res, 'image_tags', message)
        self.mock_version_create.assert_not_called()

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',
                                               'version_create'),
                                   glance: ('image_list_detailed',)})
    def test_default_inactive_refused(self):
        self._mock_images()
        self.mock_datastore_list.return_value = []

        res = self.client.post(CREATE_URL, create_form(active=None,
                                                       default='on'))

        self.assertFieldError(res, 'default',
                              'A default version must be active')
        self.mock_version_create.assert_not_called()

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',
                                               'version_create'),
                                   glance: ('image_list_detailed',)})
    def test_manager_without_replication_needs_strategy(self):
        self._mock_images()
        self.mock_datastore_list.return_value = []

        res = self.client.post(CREATE_URL, create_form(manager='cassandra'))

        self.assertFieldError(res, 'repl_strategy',
                              'no default replication strategy')
        self.mock_version_create.assert_not_called()

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',
                                               'version_create'),
                                   glance: ('image_list_detailed',)})
    def test_image_or_tags_required(self):
        self._mock_images()
        self.mock_datastore_list.return_value = []

        res = self.client.post(CREATE_URL, create_form(image_tags=''))

        self.assertFieldError(res, 'image',
                              'Choose an image or give image tags')

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',
                                               'version_create'),
                                   glance: ('image_list_detailed',)})
    def test_name_needs_letter_or_digit(self):
        self._mock_images()
        self.mock_datastore_list.return_value = []

        res = self.client.post(CREATE_URL, create_form(name='...'))

        self.assertFieldError(res, 'name', 'Version name "..." needs at least')

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',
                                               'version_create'),
                                   glance: ('image_list_detailed',)})
    def test_trove_duplicate_stays_in_modal(self):
        self._mock_images()
        self.mock_datastore_list.return_value = []
        self.mock_version_create.side_effect = exceptions.TroveError(
            "The datastore version '8.0(8.0.36)' already exists.", 400)

        res = self.client.post(CREATE_URL, create_form())

        self.assertFieldError(res, 'name', 'already exists')
        self.assertMessageCount(success=0)

    @horizon_helpers.create_mocks({api.trove: ('datastore_list',
                                               'version_create'),
                                   glance: ('image_list_detailed',)})
    def test_trove_unknown_tags_on_tags_field(self):
        self._mock_images()
        self.mock_datastore_list.return_value = []
        self.mock_version_create.side_effect = exceptions.TroveError(
            "Failed to retrieve image with tags: ['nope'].", 400)

        res = self.client.post(CREATE_URL, create_form(image_tags='nope'))

        self.assertFieldError(res, 'image_tags',
                              'Failed to retrieve image with tags')

    @horizon_helpers.create_mocks({glance: ('image_list_detailed',)})
    def test_form_opens_when_glance_fails(self):
        self.mock_image_list_detailed.side_effect = self.exceptions.glance

        res = self.client.get(CREATE_URL)

        self.assertEqual(200, res.status_code)
        choices = res.context['form'].fields['image'].choices
        self.assertEqual([''], [value for value, _label in choices])
        self.assertMessageCount(res, error=1)

    @horizon_helpers.create_mocks({glance: ('image_list_detailed',)})
    def test_image_choices_are_active_images(self):
        self._mock_images()

        res = self.client.get(CREATE_URL)

        self.mock_image_list_detailed.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), filters={'status': 'active'})
        values = [value for value, _label in
                  res.context['form'].fields['image'].choices]
        self.assertEqual(len(self.images.list()) + 1, len(values))


class CreateVersionTests(helpers.AdminTestCase):

    @horizon_helpers.create_mocks({api.trove: ('datastore_show',
                                               'version_get',
                                               'version_create'),
                                   glance: ('image_list_detailed',)})
    def test_create_version(self):
        self.mock_image_list_detailed.return_value = (
            self.images.list(), False, False)
        self.mock_datastore_show.return_value = helpers.datastore(
            versions=[helpers.version(manager=None)])
        self.mock_version_get.return_value = helpers.version()
        self.mock_version_create.return_value = VERSION_ID
        image = self.images.first()

        res = self.client.post(CREATE_VERSION_URL, create_form(
            name='8.0-custom', version='8.0.36', image=image.id,
            image_tags='', default='on'))

        self.assertNoFormErrors(res)
        self.assertRedirectsNoFollow(res, DETAIL_URL)
        self.mock_version_create.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), 'mysql', '8.0-custom', 'mysql',
            image=image.id, image_tags=[], packages=[], active=True,
            default=True, version='8.0.36', registry_ext=None,
            repl_strategy=None)

    @horizon_helpers.create_mocks({api.trove: ('datastore_show',
                                               'version_get'),
                                   glance: ('image_list_detailed',)})
    def test_create_version_form_names_datastore(self):
        self.mock_image_list_detailed.return_value = ([], False, False)
        self.mock_datastore_show.return_value = helpers.datastore(
            name='<b>bold</b>')
        self.mock_version_get.return_value = helpers.version()

        res = self.client.get(CREATE_VERSION_URL)

        self.assertEqual('<b>bold</b>',
                         res.context['form'].initial['datastore_name'])
        self.assertNotContains(res, '<b>bold</b>')

    @horizon_helpers.create_mocks({api.trove: ('datastore_show',),
                                   glance: ('image_list_detailed',)})
    def test_create_version_form_has_cancel(self):
        self.mock_image_list_detailed.return_value = ([], False, False)
        self.mock_datastore_show.return_value = helpers.datastore()

        res = self.client.get(CREATE_VERSION_URL)

        self.assertContains(res, 'href="%s"' % DETAIL_URL)
        self.assertContains(res, 'btn btn-default cancel')

    @horizon_helpers.create_mocks({api.trove: ('datastore_show',
                                               'version_get'),
                                   glance: ('image_list_detailed',)})
    def test_create_version_suggests_default_manager(self):
        self.mock_image_list_detailed.return_value = ([], False, False)
        self.mock_datastore_show.return_value = helpers.datastore(
            versions=[helpers.version(id=OTHER_ID, manager=None),
                      helpers.version(manager=None)],
            default_version_id=VERSION_ID)
        self.mock_version_get.return_value = helpers.version(
            manager='mariadb')

        res = self.client.get(CREATE_VERSION_URL)

        self.assertEqual('mariadb', res.context['form'].initial['manager'])
        self.mock_version_get.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID)
        self.mock_datastore_show.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), DATASTORE_ID)

    @horizon_helpers.create_mocks({api.trove: ('datastore_show',
                                               'version_get'),
                                   glance: ('image_list_detailed',)})
    def test_create_version_without_active_version(self):
        self.mock_image_list_detailed.return_value = ([], False, False)
        self.mock_datastore_show.return_value = helpers.datastore(
            name='mariadb')

        res = self.client.get(CREATE_VERSION_URL)

        self.assertEqual(200, res.status_code)
        self.assertEqual('mariadb', res.context['form'].initial['manager'])
        self.mock_version_get.assert_not_called()

    @horizon_helpers.create_mocks({api.trove: ('datastore_show',),
                                   glance: ('image_list_detailed',)})
    def test_create_version_starts_on_mysql(self):
        self.mock_image_list_detailed.return_value = ([], False, False)
        self.mock_datastore_show.return_value = helpers.datastore(
            name='custom')

        res = self.client.get(CREATE_VERSION_URL)

        form = res.context['form']
        self.assertIsNone(form.initial['manager'])
        self.assertEqual('mysql', form.fields['manager'].choices[0][0])

    @horizon_helpers.create_mocks({api.trove: ('datastore_show',
                                               'version_get'),
                                   glance: ('image_list_detailed',)})
    def test_create_version_opens_when_manager_fails(self):
        self.mock_image_list_detailed.return_value = ([], False, False)
        self.mock_datastore_show.return_value = helpers.datastore(
            versions=[helpers.version(manager=None)])
        self.mock_version_get.side_effect = exceptions.TroveError('gone')

        res = self.client.get(CREATE_VERSION_URL)

        self.assertEqual(200, res.status_code)
        self.assertIsNone(res.context['form'].initial['manager'])

    @horizon_helpers.create_mocks({api.trove: ('datastore_show',
                                               'version_get',
                                               'version_create'),
                                   glance: ('image_list_detailed',)})
    def test_create_version_in_datastore_of_url(self):
        # The hidden field comes back as Horizon rendered it: "{%".
        self.mock_image_list_detailed.return_value = ([], False, False)
        self.mock_datastore_show.return_value = helpers.datastore(
            name='{$ 7*7 $} ')
        self.mock_version_create.return_value = VERSION_ID

        res = self.client.post(CREATE_VERSION_URL, create_form(
            datastore_name='{% 7*7 %}'))

        self.assertNoFormErrors(res)
        self.assertEqual('{$ 7*7 $} ',
                         self.mock_version_create.call_args.args[1])


class EditVersionTests(helpers.AdminTestCase):

    def _current(self, **fields):
        values = {'id': VERSION_ID, 'name': '8.0', 'version': '8.0.36',
                  'image': None, 'image_tags': ['trove', 'mysql'],
                  'packages': ['pkg'], 'registry_ext': 'reg.Manager',
                  'repl_strategy': 'repl.Strategy'}
        values.update(fields)
        return helpers.version(**values)

    def _form(self, **fields):
        data = {'name': '8.0', 'version': '8.0.36', 'manager': 'mysql',
                'image': '', 'image_tags': 'trove, mysql', 'packages': 'pkg',
                'active': 'on', 'registry_ext': 'reg.Manager',
                'repl_strategy': 'repl.Strategy'}
        data.update(fields)
        return {key: value for key, value in data.items() if value is not None}

    def _mock(self, current):
        self.mock_version_get.return_value = current
        self.mock_image_list_detailed.return_value = (
            self.images.list(), False, False)

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'version_update'),
                                   glance: ('image_list_detailed',)})
    def test_edit_sends_only_changes(self):
        self._mock(self._current())

        res = self.client.post(EDIT_URL, self._form(name='8.0-renamed',
                                                    default='on'))

        self.assertNoFormErrors(res)
        self.assertRedirectsNoFollow(res, DETAIL_URL)
        self.mock_version_update.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID, name='8.0-renamed',
            default=True)

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'version_update'),
                                   glance: ('image_list_detailed',)})
    def test_edit_keeps_names_as_sent_back(self):
        # Horizon renders "{$" as "{%" and the fields strip blanks, so
        # these values come back changed from an untouched form.
        self._mock(self._current(name='{$ 7*7 $}', packages=[' {$p$} '],
                                 repl_strategy=' repl.Strategy '))

        res = self.client.post(EDIT_URL, self._form(
            name='{% 7*7 %}', packages='{%p%}', repl_strategy='repl.Strategy',
            active=None))

        self.assertNoFormErrors(res)
        self.mock_version_update.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID, active=False)

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'version_update'),
                                   glance: ('image_list_detailed',)})
    def test_edit_keeps_concurrent_change(self):
        # Another admin sets packages after this form opened; this form
        # only renames, so its POST must not send the old packages back.
        self._mock(self._current(packages=[]))
        opened = self.client.get(EDIT_URL).context['form'].initial
        self._mock(self._current(packages=['pkg-a']))

        res = self.client.post(EDIT_URL, self._form(
            name='8.0-renamed', packages='', snapshot=opened['snapshot']))

        self.assertNoFormErrors(res)
        self.mock_version_update.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID, name='8.0-renamed')

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'version_update'),
                                   glance: ('image_list_detailed',)})
    def test_edit_tampered_snapshot_uses_reload(self):
        self._mock(self._current())

        res = self.client.post(EDIT_URL, self._form(name='8.0-renamed',
                                                    snapshot='forged'))

        self.assertNoFormErrors(res)
        self.mock_version_update.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID, name='8.0-renamed')

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'version_update'),
                                   glance: ('image_list_detailed',)})
    def test_edit_nothing_changed(self):
        self._mock(self._current())

        res = self.client.post(EDIT_URL, self._form())

        self.assertNoFormErrors(res)
        self.mock_version_update.assert_not_called()

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'version_update'),
                                   glance: ('image_list_detailed',)})
    def test_edit_rename_to_uuid_refused(self):
        self._mock(self._current())

        res = self.client.post(EDIT_URL, self._form(name=OTHER_ID,
                                                    default='on'))

        self.assertFieldError(res, 'name', 'looks like a UUID')
        self.mock_version_update.assert_not_called()

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'version_update'),
                                   glance: ('image_list_detailed',)})
    def test_edit_keeps_existing_uuid_name(self):
        self._mock(self._current(name=OTHER_ID))

        res = self.client.post(EDIT_URL, self._form(name=OTHER_ID,
                                                    packages='pkg, new'))

        self.assertNoFormErrors(res)
        self.mock_version_update.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID,
            packages=['pkg', 'new'])

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'version_update'),
                                   glance: ('image_list_detailed',)})
    def test_edit_image_to_tags(self):
        image = self.images.first()
        self._mock(self._current(image=image.id, image_tags=[]))

        res = self.client.post(EDIT_URL, self._form(image='',
                                                    image_tags='trove'))

        self.assertNoFormErrors(res)
        self.mock_version_update.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID, image_tags=['trove'])

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'version_update'),
                                   glance: ('image_list_detailed',)})
    def test_edit_tags_to_image(self):
        image = self.images.first()
        self._mock(self._current())

        res = self.client.post(EDIT_URL, self._form(image=image.id,
                                                    image_tags=''))

        self.assertNoFormErrors(res)
        self.mock_version_update.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID, image=image.id,
            image_tags=[])

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'version_update'),
                                   glance: ('image_list_detailed',)})
    def test_edit_version_number_is_not_sent(self):
        self._mock(self._current())

        res = self.client.post(EDIT_URL, self._form(version='9.9.9',
                                                    packages=''))

        self.assertNoFormErrors(res)
        self.mock_version_update.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID, packages=[])

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'version_update'),
                                   glance: ('image_list_detailed',)})
    def test_edit_default_inactive_refused(self):
        self._mock(self._current(default=True))

        res = self.client.post(EDIT_URL, self._form(active=None,
                                                    default='on'))

        self.assertFieldError(res, 'default',
                              'A default version must be active')
        self.mock_version_update.assert_not_called()

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'version_update'),
                                   glance: ('image_list_detailed',)})
    def test_edit_manager_change_flags_old_classes(self):
        mysql_registry = 'trove.guestagent.datastore.mysql.manager.Manager'
        self._mock(self._current(registry_ext=mysql_registry))

        res = self.client.post(EDIT_URL, self._form(
            manager='mariadb', registry_ext=mysql_registry))

        self.assertFieldError(res, 'registry_ext', 'belongs to manager mysql')
        self.mock_version_update.assert_not_called()

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'version_update'),
                                   glance: ('image_list_detailed',)})
    def test_edit_cannot_clear_registry_ext(self):
        self._mock(self._current())

        res = self.client.post(EDIT_URL, self._form(registry_ext=''))

        self.assertFieldError(res, 'registry_ext',
                              'Trove cannot clear this field')

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'version_update'),
                                   glance: ('image_list_detailed',)})
    def test_edit_trove_refusal_stays_in_modal(self):
        self._mock(self._current())
        self.mock_version_update.side_effect = exceptions.TroveError(
            "Failed to retrieve image with tags: ['zzz'].", 400)

        res = self.client.post(EDIT_URL, self._form(image_tags='zzz'))

        self.assertFieldError(res, 'image_tags',
                              'Failed to retrieve image with tags')
        self.assertMessageCount(success=0)

    @horizon_helpers.create_mocks({api.trove: ('version_get',),
                                   glance: ('image_list_detailed',)})
    def test_edit_form_has_cancel(self):
        self._mock(self._current())

        res = self.client.get(EDIT_URL)

        self.assertContains(res, 'href="%s"' % DETAIL_URL)
        self.assertContains(res, 'btn btn-default cancel')

    @horizon_helpers.create_mocks({api.trove: ('version_get',)})
    def test_edit_missing_version_redirects(self):
        self.mock_version_get.side_effect = exceptions.VersionNotFound(
            "Datastore version '%s' cannot be found." % VERSION_ID, 400)

        res = self.client.get(EDIT_URL)

        self.assertRedirectsNoFollow(res, INDEX_URL)
