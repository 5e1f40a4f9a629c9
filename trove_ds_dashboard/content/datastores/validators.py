"""Input checks that mirror Trove's own request schema.

The rules come from the ``mgmt_datastore_version`` schema of trove 26.0.0
(trove/common/apischema.py). A name is 1-255 characters with at least one
ASCII letter or digit. A version has at most 5 unique image tags of 1-20
such characters, and unique packages of 1-255 characters each. Checking
them here keeps the operator's input in the form, where Trove would
respond with a schema error or, for some values, a 500.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oslo_utils import uuidutils

# Trove's pattern for every name-like string; jsonschema applies it with
# re.search, so the same call is used here.
NAME_PATTERN = re.compile(r'^.*[0-9a-zA-Z]+.*$')
NAME_MAX_LENGTH = 255
TAG_MAX_LENGTH = 20
TAGS_MAX_COUNT = 5
# Trove joins the packages with commas into a column of 511 characters.
PACKAGES_MAX_JOINED = 511

# Guest managers that Trove 26 supports, with the registry_ext and
# repl_strategy it fills in when a version leaves them empty (from
# trove/common/constants.py REGISTRY_EXT_DEFAULTS and the
# replication_namespace and replication_strategy options in
# trove/common/cfg.py). None means Trove has no default.
MANAGER_DEFAULTS = {
    'mysql': (
        'trove.guestagent.datastore.mysql.manager.Manager',
        'trove.guestagent.strategies.replication.mysql_gtid.'
        'MysqlGTIDReplication'),
    'mariadb': (
        'trove.guestagent.datastore.mariadb.manager.Manager',
        'trove.guestagent.strategies.replication.mariadb_gtid.'
        'MariaDBGTIDReplication'),
    'postgresql': (
        'trove.guestagent.datastore.postgres.manager.PostgresManager',
        'trove.guestagent.strategies.replication.postgresql.'
        'PostgresqlReplicationStreaming'),
    'percona': (
        None,
        'trove.guestagent.strategies.replication.mysql_gtid.'
        'MysqlGTIDReplication'),
    'pxc': (
        None,
        'trove.guestagent.strategies.replication.mysql_gtid.'
        'MysqlGTIDReplication'),
    'redis': (
        None,
        'trove.guestagent.strategies.replication.experimental.redis_sync.'
        'RedisSyncReplication'),
    # Trove has no replication namespace for these and returns 500 when a
    # version of theirs is created without an explicit repl_strategy.
    'cassandra': (None, None),
    'couchbase': (None, None),
    'couchdb': (None, None),
    'db2': (None, None),
    'mongodb': (None, None),
    'vertica': (None, None),
}


def check_name(value, label):
    """Raise ValidationError unless Trove accepts ``value`` as a name."""
    if len(value) > NAME_MAX_LENGTH:
        raise ValidationError(
            _('%(label)s is %(length)d characters long; the maximum is '
              '%(max)d.') % {'label': label, 'length': len(value),
                             'max': NAME_MAX_LENGTH})
    if not NAME_PATTERN.search(value):
        raise ValidationError(
            _('%(label)s "%(value)s" needs at least one letter (a-z, A-Z) '
              'or digit.') % {'label': label, 'value': value})
    return value


def check_not_uuid(value, label):
    """Raise ValidationError if Trove would read a version name as an id.

    Trove 26 looks a version up only by id when the name is UUID-like
    (DatastoreVersion.load in trove/datastore/models.py uses oslo.utils
    is_uuid_like). Such a name is never found by name, neither when an
    instance is created nor when the default is set.
    """
    if uuidutils.is_uuid_like(value):
        raise ValidationError(
            _('%(label)s "%(value)s" looks like a UUID, and Trove would '
              'read it as an id. Choose a name that is not a UUID.')
            % {'label': label, 'value': value})
    return value


def split_list(text):
    """Split comma-separated input into trimmed items, dropping blanks."""
    items = [item.strip() for item in (text or '').split(',')]
    return [item for item in items if item]


def _check_unique(items, label):
    seen = set()
    for item in items:
        if item in seen:
            raise ValidationError(
                _('%(label)s "%(value)s" is given twice; each may appear '
                  'once.') % {'label': label, 'value': item})
        seen.add(item)


def parse_tags(text):
    """Return the image tags in ``text``, checked against Trove's rules."""
    tags = split_list(text)
    if len(tags) > TAGS_MAX_COUNT:
        raise ValidationError(
            _('%(count)d image tags given; Trove accepts at most %(max)d.')
            % {'count': len(tags), 'max': TAGS_MAX_COUNT})
    _check_unique(tags, _('Image tag'))
    for tag in tags:
        if len(tag) > TAG_MAX_LENGTH:
            raise ValidationError(
                _('Image tag "%(tag)s" is %(length)d characters long; the '
                  'maximum is %(max)d.')
                % {'tag': tag, 'length': len(tag), 'max': TAG_MAX_LENGTH})
        if not NAME_PATTERN.search(tag):
            raise ValidationError(
                _('Image tag "%(tag)s" needs at least one letter (a-z, A-Z) '
                  'or digit.') % {'tag': tag})
    return tags


def parse_packages(text):
    """Return the packages in ``text``, checked against Trove's rules."""
    packages = split_list(text)
    _check_unique(packages, _('Package'))
    for package in packages:
        check_name(package, _('Package'))
    joined = ','.join(packages)
    if len(joined) > PACKAGES_MAX_JOINED:
        raise ValidationError(
            _('The packages take %(length)d characters joined with commas; '
              'Trove stores at most %(max)d.')
            % {'length': len(joined), 'max': PACKAGES_MAX_JOINED})
    return packages


def manager_defaults(manager):
    """Return Trove's (registry_ext, repl_strategy) defaults for a manager."""
    return MANAGER_DEFAULTS.get(manager, (None, None))
