"""The Configuration Parameters tab and its forms, API mocked."""

import json

from django import forms as django_forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django import test as django_test
from django.urls import reverse
from lxml import html as lxml_html
from openstack_dashboard.test import helpers as horizon_helpers

from tests.unit import helpers
from trove_ds_dashboard import api
from trove_ds_dashboard.content.datastores.parameters import forms
from trove_ds_dashboard.content.datastores.parameters import rules
from trove_ds_dashboard import exceptions

VERSION_ID = '11111111-1111-1111-1111-111111111111'
SOURCE_ID = '22222222-2222-2222-2222-222222222222'
OTHER_SOURCE_ID = '33333333-3333-3333-3333-333333333333'
DETAIL_URL = reverse('horizon:admin:datastores:versions:detail',
                     args=[VERSION_ID])
TAB_URL = DETAIL_URL + '?tab=version_details__parameters'


def url(name, *args):
    return reverse('horizon:admin:datastores:versions:parameters:' + name,
                   args=(VERSION_ID,) + args)


def rule(name='max_connections', rule_type='integer', minimum=1,
         maximum=100, restart=False):
    return rules.Rule(name, rule_type, restart, minimum, maximum)


def upload(content):
    return SimpleUploadedFile('validation-rules.json', content,
                              content_type='application/json')


class ParametersTabTests(helpers.AdminTestCase):

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_list')})
    def test_tab_lists_rules(self):
        self.mock_version_get.return_value = helpers.version(image=None)
        self.mock_parameter_list.return_value = [
            rule(minimum=0, maximum=0), rule('sql_mode', 'string', None,
                                             None)]

        res = self.client.get(TAB_URL)

        self.mock_parameter_list.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID)
        table = res.context['parameters_table']
        self.assertEqual(['max_connections', 'sql_mode'],
                         [row.name for row in table.data])
        cells = [row.cells for row in table.get_rows()]
        self.assertEqual(0, cells[0]['minimum'].data)
        self.assertEqual(0, cells[0]['maximum'].data)
        self.assertEqual('unset', cells[1]['minimum'].data)
        self.assertEqual('unset', cells[1]['maximum'].data)

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_list',
                                               'parameter_delete')})
    def test_delete_already_gone_is_neutral(self):
        self.mock_version_get.return_value = helpers.version(image=None)
        self.mock_parameter_list.return_value = [rule()]
        self.mock_parameter_delete.side_effect = exceptions.TroveError(
            'Parameter max_connections does not exist in the database.')

        res = self.client.post(DETAIL_URL, {
            'action': 'parameters__delete__max_connections'})

        self.assertEqual(302, res.status_code)
        self.assertMessageCount(info=1, error=0, success=0)

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_list',
                                               'parameter_delete')})
    def test_delete_failure_shows_reason(self):
        self.mock_version_get.return_value = helpers.version(image=None)
        self.mock_parameter_list.return_value = [rule()]
        self.mock_parameter_delete.side_effect = exceptions.TroveError(
            'Trove is read-only today.')

        res = self.client.post(DETAIL_URL, {
            'action': 'parameters__delete__max_connections'})

        self.assertEqual(302, res.status_code)
        self.assertMessageCount(error=1, success=0)
        texts = [str(message) for message in res.wsgi_request._messages]
        self.assertIn('Unable to delete parameter max_connections: Trove '
                      'is read-only today.', texts)

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_list',
                                               'parameter_delete')})
    def test_delete_unlisted_rule_is_neutral(self):
        # The page was loaded before another admin deleted the rule, so
        # the table of this request no longer lists it.
        self.mock_version_get.return_value = helpers.version(image=None)
        self.mock_parameter_list.return_value = []
        self.mock_parameter_delete.side_effect = exceptions.TroveError(
            'Parameter max_connections does not exist in the database.')

        res = self.client.post(DETAIL_URL, {
            'action': 'parameters__delete__max_connections'})

        self.assertEqual(302, res.status_code)
        self.mock_parameter_delete.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID, 'max_connections')
        self.assertMessageCount(info=1, error=0, success=0)


class AddParameterTests(helpers.AdminTestCase):

    def _post(self, **fields):
        data = {'name': 'max_connections', 'type': 'integer',
                'minimum': '1', 'maximum': '100'}
        data.update(fields)
        return self.client.post(url('add'), data)

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_create')})
    def test_add_integer(self):
        self.mock_version_get.return_value = helpers.version()

        res = self._post(restart_required='on')

        self.assertNoFormErrors(res)
        self.assertRedirectsNoFollow(res, TAB_URL)
        self.mock_parameter_create.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID,
            rules.Rule('max_connections', 'integer', True, 1, 100))

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_create')})
    def test_add_string_drops_bounds(self):
        self.mock_version_get.return_value = helpers.version()

        res = self._post(name='sql_mode', type='string', minimum='',
                         maximum='')

        self.assertNoFormErrors(res)
        self.mock_parameter_create.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID,
            rules.Rule('sql_mode', 'string', False, None, None))

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_create')})
    def test_add_bad_bounds_refused(self):
        self.mock_version_get.return_value = helpers.version()
        cases = [
            ({'minimum': 'ten'}, 'minimum', '"ten" is not a whole number'),
            ({'maximum': '1.5'}, 'maximum', '"1.5" is not a whole number'),
            ({'maximum': '1_000'}, 'maximum', 'is not a whole number'),
            ({'maximum': '9' * 100}, 'maximum', '9999...'),
            ({'maximum': str(2 ** 63)}, 'maximum', 'outside the 64-bit'),
            ({'minimum': '9', 'maximum': '1'}, '__all__',
             'greater than the maximum'),
            ({'maximum': ''}, '__all__', 'needs both a minimum'),
            ({'name': 'a/b'}, 'name', 'only letters, digits'),
            ({'name': 'a.b'}, 'name', 'reads the text after the dot'),
            ({'name': '---'}, 'name', 'at least one letter or digit'),
            ({'type': 'string'}, '__all__', 'A string rule has no minimum'),
        ]
        for fields, field, text in cases:
            res = self._post(**fields)

            self.assertFieldError(res, field, text)
        self.mock_parameter_create.assert_not_called()

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_create')})
    def test_add_trove_refusal_in_modal(self):
        self.mock_version_get.return_value = helpers.version()
        self.mock_parameter_create.side_effect = exceptions.TroveError(
            'Configuration parameter max_connections already exists.')

        res = self._post()

        self.assertFieldError(res, '__all__', 'already exists')
        self.assertMessageCount(success=0)


class EditParameterTests(helpers.AdminTestCase):

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_list',
                                               'parameter_update')})
    def test_edit_keeps_name(self):
        self.mock_version_get.return_value = helpers.version()
        self.mock_parameter_list.return_value = [rule()]

        res = self.client.post(url('update', 'max_connections'), {
            'name': 'renamed', 'type': 'integer', 'minimum': '5',
            'maximum': '500'})

        self.assertNoFormErrors(res)
        self.mock_parameter_update.assert_called_once_with(
            horizon_helpers.IsHttpRequest(), VERSION_ID,
            rules.Rule('max_connections', 'integer', False, 5, 500))

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_list',
                                               'parameter_update')})
    def test_edit_nothing_changed(self):
        self.mock_version_get.return_value = helpers.version()
        self.mock_parameter_list.return_value = [rule()]

        res = self.client.post(url('update', 'max_connections'), {
            'name': 'max_connections', 'type': 'integer', 'minimum': '1',
            'maximum': '100'})

        self.assertNoFormErrors(res)
        self.mock_parameter_update.assert_not_called()
        self.assertMessageCount(info=1, success=0)

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_list')})
    def test_edit_form_has_cancel(self):
        self.mock_version_get.return_value = helpers.version()
        self.mock_parameter_list.return_value = [rule()]

        res = self.client.get(url('update', 'max_connections'))

        self.assertContains(res, 'href="%s"' % TAB_URL)
        self.assertContains(res, 'btn btn-default cancel')

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_list')})
    def test_edit_unknown_rule_redirects(self):
        self.mock_version_get.return_value = helpers.version()
        self.mock_parameter_list.return_value = []

        res = self.client.get(url('update', 'nope'))

        self.assertRedirectsNoFollow(res, TAB_URL)


class ExportTests(helpers.AdminTestCase):

    @horizon_helpers.create_mocks({api.trove: ('parameter_list',)})
    def test_export_downloads_file(self):
        self.mock_parameter_list.return_value = [rule(minimum=0)]

        res = self.client.get(url('export'))

        self.assertEqual('attachment; filename="validation-rules.json"',
                         res['Content-Disposition'])
        items = json.loads(res.content)['configuration-parameters']
        self.assertEqual([{'name': 'max_connections',
                           'restart_required': False, 'min': 0, 'max': 100,
                           'type': 'integer'}], items)


class ImportTests(helpers.AdminTestCase):

    def _mocks(self, current=()):
        self.mock_version_get.return_value = helpers.version()
        self.mock_parameter_list.return_value = list(current)

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_list',
                                               'parameters_apply')})
    def test_bad_files_write_nothing(self):
        self._mocks()
        cases = {b'': 'empty', b'nope': 'not valid JSON',
                 b'{"x": []}': 'no "configuration-parameters"'}
        for content, text in cases.items():
            res = self.client.post(url('import'),
                                   {'rules_file': upload(content)})

            self.assertEqual(200, res.status_code)
            errors = res.context['source_form'].errors['rules_file']
            self.assertIn(text, ' '.join(errors))
        self.mock_parameters_apply.assert_not_called()

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_list',
                                               'parameters_apply')})
    def test_large_file_refused_before_reading(self):
        self._mocks()

        res = self.client.post(url('import'), {
            'rules_file': upload(b' ' * (10 * 1024 * 1024))})

        self.assertIn('the limit is', str(res.context['source_form'].errors))
        self.mock_parameters_apply.assert_not_called()

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_list',
                                               'parameters_apply')})
    def test_preview_lists_plan(self):
        self._mocks(current=[rule('same', minimum=0, maximum=10)])
        content = json.dumps({'configuration-parameters': [
            {'name': 'same', 'type': 'integer', 'min': 0, 'max': 10,
             'restart_required': False},
            {'name': 'new', 'type': 'string', 'restart_required': True},
            {'name': 'flag', 'type': 'boolean', 'restart_required': False},
            {'type': 'integer'}]}).encode()

        res = self.client.post(url('import'), {'rules_file': upload(content)})

        self.assertEqual(200, res.status_code)
        plan = res.context['plan_table'].data
        self.assertEqual([rules.UNCHANGED, rules.CREATE, rules.SKIP,
                          rules.SKIP], [item.action for item in plan])
        self.assertEqual({'create': 1, 'update': 0, 'unchanged': 1,
                          'skip': 2}, res.context['summary'])
        self.assertContains(res, 'not boolean')
        self.assertContains(res, 'has no name')
        self.mock_parameters_apply.assert_not_called()

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_list',
                                               'parameter_create')})
    def test_apply_reports_each_item(self):
        self._mocks()
        self.mock_parameter_create.side_effect = [
            None, exceptions.TroveError('boom'), None]
        content = json.dumps({'configuration-parameters': [
            {'name': name, 'type': 'string', 'restart_required': False}
            for name in ('a', 'b', 'c')]})

        res = self.client.post(url('import'), {'rules_json': content})

        self.assertEqual(3, self.mock_parameter_create.call_count)
        report = res.context['result_table'].data
        self.assertEqual(['create', 'failed', 'create'],
                         [item.action for item in report])
        self.assertIn('boom', str(report[1].reason))
        self.assertEqual(1, res.context['summary']['failed'])
        self.assertEqual(2, res.context['summary']['created'])

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_list',
                                               'parameter_create')})
    def test_apply_keeps_preview_positions(self):
        self._mocks()
        content = json.dumps({'configuration-parameters': [
            {'type': 'integer'},
            {'name': 'flag', 'type': 'integer', 'min': 1.5, 'max': 2},
            {'name': 'kept', 'type': 'string', 'restart_required': False},
        ]}).encode()
        preview = self.client.post(url('import'),
                                   {'rules_file': upload(content)})
        sent_back = preview.context['apply_form'].initial['rules_json']

        res = self.client.post(url('import'), {'rules_json': sent_back})

        report = res.context['result_table'].data
        self.assertEqual([(1, rules.SKIP), (2, rules.SKIP),
                          (3, rules.CREATE)],
                         [(item.position, item.action) for item in report])
        self.assertIn('has no name', str(report[0].reason))
        self.assertIn('"1.5" is not a whole number', str(report[1].reason))
        self.assertEqual(1, self.mock_parameter_create.call_count)
        self.assertContains(preview, 'Nothing is written until you apply')
        self.assertNotContains(res, 'Nothing is written until you apply')

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'parameter_list',
                                               'parameter_create')})
    def test_apply_huge_integer_skipped(self):
        self._mocks()
        content = ('{"configuration-parameters": [{"name": "big", "type": '
                   '"integer", "min": 1, "max": %s, "position": %s}], '
                   '"skipped": [[%s, "x", "y"]]}'
                   % ('9' * 5001, '9' * 5001, '9' * 5001))

        res = self.client.post(url('import'), {'rules_json': content})

        self.assertEqual(200, res.status_code)
        [item] = res.context['result_table'].data
        self.assertEqual(rules.SKIP, item.action)
        self.assertIn('outside the 64-bit range', str(item.reason))
        self.mock_parameter_create.assert_not_called()


class CopyTests(helpers.AdminTestCase):

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'datastore_list',
                                               'parameter_list')})
    def test_copy_preview_from_other_version(self):
        self.mock_version_get.return_value = helpers.version()
        self.mock_datastore_list.return_value = [helpers.datastore(versions=[
            helpers.version(), helpers.version(id=SOURCE_ID, name='5.7')])]
        self.mock_parameter_list.side_effect = [[rule()], []]

        res = self.client.post(url('copy'), {'source': SOURCE_ID})

        choices = res.context['source_form'].fields['source'].choices
        self.assertEqual([SOURCE_ID], [value for value, _label in choices])
        self.assertEqual(
            [horizon_helpers.IsHttpRequest(), SOURCE_ID],
            list(self.mock_parameter_list.call_args_list[0].args))
        plan = res.context['plan_table'].data
        self.assertEqual([rules.CREATE], [item.action for item in plan])

    @horizon_helpers.create_mocks({api.trove: ('version_get',
                                               'datastore_list')})
    def test_copy_choices_from_datastore_list(self):
        self.mock_version_get.return_value = helpers.version()
        self.mock_datastore_list.return_value = [
            helpers.datastore(name='mysql', versions=[
                helpers.version(), helpers.version(id=SOURCE_ID, name='5.7',
                                                   version='5.7.29')]),
            helpers.datastore(id='bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb',
                              name='mariadb', versions=[helpers.version(
                                  id=OTHER_SOURCE_ID, name='10.11',
                                  version='10.11.6')])]

        res = self.client.get(url('copy'))

        choices = res.context['source_form'].fields['source'].choices
        self.assertEqual([(OTHER_SOURCE_ID, 'mariadb 10.11 (10.11.6)'),
                          (SOURCE_ID, 'mysql 5.7 (5.7.29)')], choices)
        self.mock_datastore_list.assert_called_once_with(
            horizon_helpers.IsHttpRequest())


class PlainSelectTests(django_test.SimpleTestCase):

    CHOICES = [
        ('a1', 'mysql 8.0 (8.0.36)'),
        ('a2', '<img src=x onerror=alert(1)> "q" & \'s\''),
        ('mariadb', [('b1', 'mariadb 10.11 (10.11.6)'), ('b2', 'm & m')]),
    ]

    def parse(self, widget, value):
        markup = widget.render('source', value, attrs={'id': 'id_source'})
        select = lxml_html.fragment_fromstring(markup)
        options = [(option.getparent().get('label'), option.get('value'),
                    option.text_content(), 'selected' in option.attrib)
                   for option in select.iter('option')]
        return dict(select.attrib), options

    def test_same_as_django_select(self):
        for value in ('a2', 'b2', None):
            expected = self.parse(
                django_forms.Select(choices=self.CHOICES), value)
            rendered = self.parse(forms.PlainSelect(choices=self.CHOICES),
                                  value)
            self.assertEqual(expected, rendered)

    def test_labels_escaped_once(self):
        markup = forms.PlainSelect(choices=self.CHOICES).render('source',
                                                                'a1')

        self.assertIn('&lt;img src=x onerror=alert(1)&gt; &quot;q&quot; '
                      '&amp; &#x27;s&#x27;</option>', markup)
        self.assertNotIn('&amp;amp;', markup)
