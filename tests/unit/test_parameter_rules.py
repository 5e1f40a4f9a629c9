"""Parsing, planning and exporting configuration-parameter rules."""

import json
import pathlib

import trove
from django import test

from trove_ds_dashboard.content.datastores.parameters import rules

TROVE_TEMPLATES = pathlib.Path(trove.__file__).parent / 'templates'
TROVE_MYSQL_RULES = TROVE_TEMPLATES / 'mysql' / 'validation-rules.json'


def rules_file(*items):
    return json.dumps({'configuration-parameters': list(items)}).encode()


def integer(name, minimum=0, maximum=10, restart=False):
    return {'name': name, 'type': 'integer', 'min': minimum, 'max': maximum,
            'restart_required': restart}


class ParseTests(test.SimpleTestCase):

    def assertFileError(self, content, text):
        with self.assertRaises(rules.RulesFileError) as raised:
            rules.parse_rules_file(content)
        self.assertIn(text, str(raised.exception))

    def test_parse_valid_items(self):
        parsed, problems = rules.parse_rules_file(rules_file(
            integer('a', 1, 5, True),
            {'name': 'b', 'type': 'string', 'restart_required': False}))

        self.assertEqual([], problems)
        self.assertEqual(rules.Rule('a', 'integer', True, 1, 5), parsed[0])
        self.assertEqual(rules.Rule('b', 'string', False), parsed[1])
        self.assertEqual([1, 2], [rule.position for rule in parsed])

    def test_file_level_errors(self):
        self.assertFileError(b'', 'The file is empty.')
        self.assertFileError(b'{not json', 'not valid JSON')
        self.assertFileError(b'[1, 2]', 'no "configuration-parameters"')
        self.assertFileError(b'{"configuration-parameters": {}}',
                             'no "configuration-parameters"')
        self.assertFileError(b'\xff\xfe', 'not UTF-8 text')
        self.assertFileError(b'[' * 100000 + b']' * 100000, 'too deeply')
        too_many = rules_file(*[integer('r%d' % number)
                                for number in range(1001)])
        self.assertFileError(too_many, 'one import takes at most 1000')
        self.assertFileError(b' ' * (rules.FILE_MAX_BYTES + 1),
                             'the limit is')

    def test_item_problems_name_the_item(self):
        parsed, problems = rules.parse_rules_file(rules_file(
            {'type': 'integer', 'min': 1, 'max': 2},
            integer('x' * 129),
            integer('bad', 'ten', 20),
            integer('dup'),
            integer('dup'),
            integer('huge', 0, 2 ** 64 - 1),
            'not an object',
            integer('a/b'),
            integer('a.b'),
            integer('---'),
            integer('uni', '١', 5)))

        self.assertEqual(['dup'], [rule.name for rule in parsed])
        by_position = {position: (name, message)
                       for position, name, message in problems}
        self.assertIn('has no name', by_position[1][1])
        self.assertIn('129 characters', by_position[2][1])
        self.assertIn('"ten" is not a whole number', by_position[3][1])
        self.assertIn('appears earlier', by_position[5][1])
        self.assertIn(str(2 ** 64 - 1), by_position[6][1])
        self.assertIn('not an object', by_position[7][1])
        self.assertIn('only letters, digits', by_position[8][1])
        self.assertIn('reads the text after the dot', by_position[9][1])
        self.assertIn('at least one letter or digit', by_position[10][1])
        self.assertIn('is not a whole number', by_position[11][1])

    def test_bounds_of_other_json_types(self):
        parsed, problems = rules.parse_rules_file(rules_file(
            integer('half', 1.5, 10),
            integer('whole_float', 1.0, 10),
            integer('listed', [1], 10),
            integer('nested', {}, 10),
            integer('flag', True, 10),
            {'name': 'ratio', 'type': 'float', 'min': 0.1, 'max': 0.9}))

        self.assertEqual(['ratio'], [rule.name for rule in parsed])
        self.assertIsNone(parsed[0].minimum)
        messages = {name: message for _position, name, message in problems}
        self.assertIn('"1.5" is not a whole number', messages['half'])
        self.assertIn('"1.0" is not a whole number', messages['whole_float'])
        self.assertIn('"[1]" is not a whole number', messages['listed'])
        self.assertIn('"{}" is not a whole number', messages['nested'])
        self.assertIn('"True" is not a whole number', messages['flag'])

    def test_integer_of_5001_digits(self):
        content = (b'{"configuration-parameters": [{"name": "big", '
                   b'"type": "integer", "min": 0, "max": ' + b'9' * 5001 +
                   b'}]}')

        parsed, [(_position, name, message)] = rules.parse_rules_file(
            content)

        self.assertEqual([], parsed)
        self.assertEqual('big', name)
        self.assertIn('outside the 64-bit range', message)

    def test_trove_cassandra_file(self):
        parsed, problems = rules.parse_rules_file(
            (TROVE_TEMPLATES / 'cassandra' / 'validation-rules.json')
            .read_bytes())

        # The file itself lists two names twice.
        self.assertEqual(['counter_cache_keys_to_save', 'initial_token'],
                         sorted(name for _position, name, _message
                                in problems))
        by_name = {rule.name: rule for rule in parsed}
        self.assertEqual('float', by_name['reduce_cache_sizes_at'].type)

    def test_byte_order_mark_accepted(self):
        parsed, problems = rules.parse_rules_file(
            b'\xef\xbb\xbf' + rules_file(integer('a')))

        self.assertEqual([], problems)
        self.assertEqual(['a'], [rule.name for rule in parsed])

    def test_trove_mysql_file(self):
        parsed, problems = rules.parse_rules_file(
            TROVE_MYSQL_RULES.read_bytes())

        self.assertGreater(len(parsed) + len(problems), 100)
        self.assertEqual(6, len(problems))
        self.assertTrue(all('64-bit' in message
                            for _position, _name, message in problems))
        types = {rule.type for rule in parsed}
        self.assertEqual({'integer', 'string', 'boolean', 'float'}, types)


class PlanTests(test.SimpleTestCase):

    def test_plan_actions(self):
        parsed, _problems = rules.parse_rules_file(rules_file(
            integer('new'), integer('same', 0, 10), integer('changed', 1, 9),
            {'name': 'flag', 'type': 'boolean', 'restart_required': False},
            {'name': 'ratio', 'type': 'float', 'min': 0, 'max': 1},
            {'name': 'open', 'type': 'integer', 'min': 1}))
        existing = {'same': rules.Rule('same', 'integer', False, 0, 10),
                    'changed': rules.Rule('changed', 'integer', False, 0, 9)}

        plan = rules.plan_import(parsed, existing)

        actions = {item.rule.name: item.action for item in plan}
        self.assertEqual({'new': rules.CREATE, 'same': rules.UNCHANGED,
                          'changed': rules.UPDATE, 'flag': rules.SKIP,
                          'ratio': rules.SKIP, 'open': rules.SKIP}, actions)
        reasons = {item.rule.name: str(item.reason) for item in plan}
        self.assertIn('minimum 0 → 1', reasons['changed'])
        self.assertIn('not boolean', reasons['flag'])
        self.assertIn('needs both a minimum and a maximum', reasons['open'])

    def test_plan_drops_string_bounds(self):
        parsed, _problems = rules.parse_rules_file(rules_file(
            {'name': 's', 'type': 'string', 'min': 1, 'max': 2}))
        current = {'s': rules.Rule('s', 'string', False)}

        [item] = rules.plan_import(parsed, current)

        self.assertEqual(rules.UNCHANGED, item.action)
        self.assertIsNone(item.rule.minimum)
        self.assertIn('dropped', str(item.reason))

    def test_plan_min_greater_than_max_skipped(self):
        parsed, _problems = rules.parse_rules_file(rules_file(
            integer('upside', 9, 1)))

        [item] = rules.plan_import(parsed, {})

        self.assertEqual(rules.SKIP, item.action)
        self.assertIn('greater than the maximum', str(item.reason))

    def test_problems_become_skipped_items(self):
        parsed, problems = rules.parse_rules_file(rules_file(
            integer('ok'), {'type': 'integer'}))

        plan = rules.plan_import(parsed, {}, problems)

        self.assertEqual([rules.CREATE, rules.SKIP],
                         [item.action for item in plan])
        self.assertEqual([1, 2], [item.position for item in plan])

    def test_export_round_trip_is_unchanged(self):
        current = [rules.Rule('b', 'string', True),
                   rules.Rule('a', 'integer', False, 0, 0)]

        exported = rules.export_rules(current)
        parsed, problems = rules.parse_rules_file(exported.encode())
        plan = rules.plan_import(parsed, {rule.name: rule
                                          for rule in current})

        self.assertEqual([], problems)
        self.assertEqual(['a', 'b'], [rule.name for rule in parsed])
        self.assertEqual({rules.UNCHANGED}, {item.action for item in plan})
        self.assertEqual(0, json.loads(exported)[
            'configuration-parameters'][0]['min'])
