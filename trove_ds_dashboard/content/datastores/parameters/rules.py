"""Configuration-parameter rules: parse, compare, plan and export.

A rule defines how Trove validates one configuration-group value for a
datastore version. Trove ships them per datastore as
``validation-rules.json``::

    {"configuration-parameters": [
        {"name": "max_connections", "restart_required": false,
         "min": 1, "max": 100000, "type": "integer"}, ...]}

Trove 26's REST API takes only the types ``integer`` and ``string``
(trove/common/apischema.py ``configuration_data_types``), needs both
bounds for an integer, and stores bounds that fit a signed 64-bit integer
on SQLite. This module is pure Python so the panel, the demo seeding and
the benchmark share it.
"""

import dataclasses
import json
import re

from django.utils.translation import gettext_lazy as _

REST_TYPES = ('integer', 'string')
KNOWN_TYPES = REST_TYPES + ('boolean', 'float', 'list')
NAME_MAX_LENGTH = 128
# Names go into the URL of Trove's update and delete calls, so only
# characters that need no escaping there are accepted. Trove 26 reads the
# text after a "." in that URL as a format, so a dotted name (MongoDB's
# rules have them) can be created but never updated or deleted.
NAME_PATTERN = re.compile(r'^[A-Za-z0-9_\-]+$')
# Trove's own schema: at least one letter or digit.
NAME_ALNUM = re.compile(r'[A-Za-z0-9]')
BOUND_PATTERN = re.compile(r'^[+-]?[0-9]+$')
INT64_MIN = -2 ** 63
INT64_MAX = 2 ** 63 - 1
FILE_MAX_BYTES = 1024 * 1024
# Trove 26 ships at most 231 rules per datastore (vertica). The limit
# keeps a preview's Apply request within Django's 2.5 MB request limit,
# and the Apply short: one Trove call per rule, 120 rules took 1.5 s in
# benchmarks/imports.py on the local stack.
RULES_MAX_COUNT = 1000
# Longer values are cut in messages.
SHOWN_MAX_LENGTH = 40
EXPORT_FILENAME = 'validation-rules.json'

CREATE = 'create'
UPDATE = 'update'
UNCHANGED = 'unchanged'
SKIP = 'skip'
FAILED = 'failed'


class RulesFileError(ValueError):
    """The file as a whole cannot be read as a rules file."""


@dataclasses.dataclass
class Rule:
    """One rule; ``minimum`` and ``maximum`` are None when unset.

    ``position`` is the rule's place in the file it was read from, counting
    from 1, and 0 for a rule read from Trove.
    """

    name: str
    type: str
    restart_required: bool = False
    minimum: int = None
    maximum: int = None
    position: int = dataclasses.field(default=0, compare=False)

    def to_json(self):
        item = {'name': self.name, 'restart_required': self.restart_required}
        if self.minimum is not None:
            item['min'] = self.minimum
        if self.maximum is not None:
            item['max'] = self.maximum
        item['type'] = self.type
        return item

    def same_as(self, other):
        return (self.type, self.restart_required, self.minimum,
                self.maximum) == (other.type, other.restart_required,
                                  other.minimum, other.maximum)


@dataclasses.dataclass
class PlanItem:
    """The action an import takes for one rule, and its reason."""

    action: str
    rule: Rule
    reason: str = ''
    position: int = 0

    @property
    def id(self):
        # Horizon tables address rows by id.
        return '%d-%s' % (self.position, self.rule.name)


def check_name(name):
    """Return an error message for an unusable name, or None."""
    if not name:
        return _('The name is missing.')
    if len(name) > NAME_MAX_LENGTH:
        return _('The name is %(length)d characters long; Trove accepts at '
                 'most %(max)d.') % {'length': len(name),
                                     'max': NAME_MAX_LENGTH}
    if '.' in name:
        return _('Trove cannot update or delete a rule whose name contains '
                 '".", because it reads the text after the dot in the URL '
                 'as a format.')
    if not NAME_PATTERN.match(name):
        return _('The name may contain only letters, digits, "_" and "-".')
    if not NAME_ALNUM.search(name):
        return _('The name needs at least one letter or digit.')
    return None


def shorten(value):
    """Return ``value`` as text, cut to SHOWN_MAX_LENGTH characters."""
    text = str(value)
    if len(text) > SHOWN_MAX_LENGTH:
        return text[:SHOWN_MAX_LENGTH] + '...'
    return text


def parse_bound(value, label):
    """Return ``value`` as an int, or raise ValueError naming it.

    Only ASCII digits with an optional sign count: int() would also take
    "1_000" and digits of other scripts, which Trove's schema rejects.
    """
    if value is None or value == '':
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    elif isinstance(value, str) and BOUND_PATTERN.fullmatch(value.strip()):
        text = value.strip()
    else:
        raise ValueError(_('%(label)s "%(value)s" is not a whole number.')
                         % {'label': label, 'value': shorten(value)})
    # int() refuses text of more than 4,300 digits (Python's limit), and
    # a 64-bit number has at most 19.
    digits = text.lstrip('+-')
    number = int(text) if len(digits) <= 19 else None
    if number is None or not INT64_MIN <= number <= INT64_MAX:
        raise ValueError(_('%(label)s %(value)s is outside the 64-bit range '
                           'Trove can store (%(low)d to %(high)d).')
                         % {'label': label, 'value': shorten(value),
                            'low': INT64_MIN, 'high': INT64_MAX})
    return number


def check_bounds(rule):
    """Return an error message if Trove would reject the rule's bounds."""
    if rule.type != 'integer':
        return None
    if rule.minimum is None or rule.maximum is None:
        return _('An integer rule needs both a minimum and a maximum.')
    if rule.minimum > rule.maximum:
        return _('The minimum %(min)d is greater than the maximum %(max)d.') \
            % {'min': rule.minimum, 'max': rule.maximum}
    return None


def _rule_from_item(item):
    """Build a Rule from one file item; raise ValueError with the reason."""
    if not isinstance(item, dict):
        raise ValueError(_('The item is not an object.'))
    name = item.get('name')
    if not isinstance(name, str):
        raise ValueError(_('The item has no name.'))
    problem = check_name(name.strip())
    if problem:
        raise ValueError(problem)
    rule_type = item.get('type')
    if not isinstance(rule_type, str) or not rule_type:
        raise ValueError(_('The item has no type.'))
    restart = item.get('restart_required', False)
    if not isinstance(restart, bool) and restart not in (0, 1):
        raise ValueError(_('restart_required %s is not true or false.')
                         % shorten(repr(restart)))
    rule_type = rule_type.strip().lower()

    # Trove's API saves only integer and string rules, so the bounds of
    # other types are not read: a float rule with float bounds, as in
    # Trove's own cassandra file, is then skipped for its type.
    if rule_type not in REST_TYPES:
        return Rule(name=name.strip(), type=rule_type,
                    restart_required=bool(restart))
    return Rule(name=name.strip(), type=rule_type,
                restart_required=bool(restart),
                minimum=parse_bound(item.get('min'), _('Minimum')),
                maximum=parse_bound(item.get('max'), _('Maximum')))


def _json_int(text):
    # Python refuses to convert integers of more than 4,300 digits, which
    # would make the whole file unreadable; parse_bound rejects the text.
    return int(text) if len(text) <= 20 else text


def _load_json(text):
    return json.loads(text, parse_int=_json_int)


def parse_rules_file(content):
    """Parse a validation-rules.json file.

    Returns ``(rules, problems)``: the rules that can be read, and a list
    of ``(position, name, message)`` for the items that cannot, positions
    counting from 1. Raises RulesFileError when the file as a whole is
    unusable.
    """
    return parse_rules_document(read_rules_file(content))


def read_rules_file(content):
    """Return the JSON document of a rules file, or raise RulesFileError."""
    if not content:
        raise RulesFileError(_('The file is empty.'))
    if len(content) > FILE_MAX_BYTES:
        raise RulesFileError(_('The file has %(size)d bytes; the limit is '
                               '%(max)d.') % {'size': len(content),
                                              'max': FILE_MAX_BYTES})
    try:
        # utf-8-sig also accepts a file saved with a byte order mark.
        text = content.decode('utf-8-sig') if isinstance(content, bytes) \
            else content
    except UnicodeDecodeError:
        raise RulesFileError(_('The file is not UTF-8 text.'))
    try:
        return _load_json(text)
    except ValueError as error:
        raise RulesFileError(_('The file is not valid JSON: %s') % error)
    except RecursionError:
        raise RulesFileError(_('The file nests JSON too deeply to be a '
                               'rules file.'))


def parse_rules_document(document):
    """Parse the document read_rules_file returns, as parse_rules_file."""
    items = document.get('configuration-parameters') \
        if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise RulesFileError(_('The file has no "configuration-parameters" '
                               'list at its top level.'))
    if len(items) > RULES_MAX_COUNT:
        raise RulesFileError(_('The file has %(count)d rules; one import '
                               'takes at most %(max)d.')
                             % {'count': len(items), 'max': RULES_MAX_COUNT})
    return _parse_items(items)


def _parse_items(items):
    rules, problems, seen = [], [], set()
    for position, item in enumerate(items, start=1):
        name = item.get('name') if isinstance(item, dict) else None
        try:
            rule = _rule_from_item(item)
        except ValueError as error:
            problems.append((position, name, str(error)))
            continue
        rule.position = position
        if rule.name in seen:
            problems.append((position, rule.name,
                             str(_('The name appears earlier in the file.'))))
            continue
        seen.add(rule.name)
        rules.append(rule)
    return rules, problems


def plan_import(rules, existing, problems=()):
    """Compare file rules with a version's rules; return PlanItems.

    ``existing`` maps names to the version's current rules. Nothing is
    deleted: rules missing from the file stay as they are. ``problems``
    from parse_rules_file become skipped items with their reasons.
    """
    plan = [_plan_rule(rule.position, rule, existing.get(rule.name))
            for rule in rules]
    for position, name, message in problems:
        placeholder = Rule(name=name if isinstance(name, str) else '',
                           type='')
        plan.append(PlanItem(SKIP, placeholder, message, position))
    return sorted(plan, key=lambda item: item.position)


def _plan_rule(position, rule, current):
    if rule.type not in REST_TYPES:
        reason = _("Trove's API accepts only the types integer and string, "
                   "not %s.") % shorten(rule.type)
        return PlanItem(SKIP, rule, reason, position)
    problem = check_bounds(rule)
    if problem:
        return PlanItem(SKIP, rule, problem, position)
    note = ''
    if rule.type == 'string' and (rule.minimum, rule.maximum) != (None, None):
        # Trove stores no bounds for a string rule.
        rule = dataclasses.replace(rule, minimum=None, maximum=None)
        note = ' ' + str(_('Its minimum and maximum are dropped: Trove keeps '
                           'none for a string rule.'))
    if current is None:
        return PlanItem(CREATE, rule, str(_('New rule.')) + note, position)
    if current.same_as(rule):
        return PlanItem(UNCHANGED, rule,
                        str(_('The version has this rule.')) + note, position)
    return PlanItem(UPDATE, rule, describe_change(current, rule) + note,
                    position)


def describe_change(old, new):
    changes = []
    for label, before, after in ((_('type'), old.type, new.type),
                                 (_('restart required'),
                                  old.restart_required,
                                  new.restart_required),
                                 (_('minimum'), old.minimum, new.minimum),
                                 (_('maximum'), old.maximum, new.maximum)):
        if before != after:
            changes.append('%s %s → %s' % (label, _display(before),
                                           _display(after)))
    return ', '.join(changes)


def _display(value):
    return _('unset') if value is None else str(value)


def export_rules(rules):
    """Return rules as the text of a validation-rules.json file."""
    items = [rule.to_json() for rule in sorted(rules, key=lambda r: r.name)]
    return json.dumps({'configuration-parameters': items}, indent=4) + '\n'
