"""Trove's datastore catalog, as the panel needs it.

This is the only module that imports troveclient. It builds the client from
the request, turns Trove's responses into plain ``Datastore`` and
``DatastoreVersion`` objects, and hides the quirks of Trove 26 and
python-troveclient 8.11:

* ``active`` and ``default`` go to troveclient as the strings ``'true'`` and
  ``'false'``, because it passes them through ``json.loads``;
* empty lists come back as ``[""]`` from the management API, and packages
  as a comma-joined string from the public API;
* creating a version returns 202 with no body, so the new version is found
  by listing;
* an unknown version id returns 400, and a non-admin gets 401;
* one PATCH that renames a version and changes the default saves the
  rename and then fails, so such edits go out as two calls;
* Trove sets the default by version name, which fails when two versions of
  a datastore share the name (with different version numbers).
"""

import contextlib
import dataclasses
import logging
import re
import urllib.parse

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from horizon.utils import memoized
from keystoneauth1 import exceptions as keystone_exceptions
from keystoneauth1 import session as keystone_session
from keystoneauth1 import token_endpoint
from openstack_dashboard.api import base
from openstack_dashboard.contrib.developer.profiler import api as profiler
from troveclient import exceptions as trove_exceptions
from troveclient.v1 import client as trove_client
from troveclient.v1 import management

from trove_ds_dashboard.content.datastores.parameters import rules
from trove_ds_dashboard import exceptions

LOG = logging.getLogger(__name__)

# Seconds a Trove call may take before the panel gives up on it.
DEFAULT_TIMEOUT = 30

# Trove's messages for the responses that need a translation (trove 26.0.0,
# trove/common/exception.py).
_VERSION_NOT_FOUND = re.compile(r"Datastore version '.*' cannot be found")
_NOT_ADMIN = "does not have admin privileges"

_UUID = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-'
                   r'[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')


@dataclasses.dataclass
class DatastoreVersion:
    """One datastore version, whichever Trove view it came from.

    ``manager`` and ``default`` are None when the source (the public
    datastore API) does not carry them.
    """

    id: str
    name: str
    version: str
    datastore_id: str = None
    datastore_name: str = None
    manager: str = None
    image: str = None
    image_tags: list = dataclasses.field(default_factory=list)
    packages: list = dataclasses.field(default_factory=list)
    active: bool = True
    default: bool = None
    registry_ext: str = None
    repl_strategy: str = None


@dataclasses.dataclass
class Datastore:
    """A datastore with the versions Trove listed for it."""

    id: str
    name: str
    default_version_id: str = None
    versions: list = dataclasses.field(default_factory=list)
    # True when the versions were listed without their managers.
    managers_unknown: bool = False

    @property
    def default_version(self):
        """The default version, or None when unset or not among versions."""
        for version in self.versions:
            if version.id == self.default_version_id:
                return version
        return None

    @property
    def default_missing(self):
        """True when the default points at a version Trove did not list."""
        return bool(self.default_version_id) and not self.default_version

    @property
    def active_count(self):
        return sum(1 for version in self.versions if version.active)


def _clean_list(value):
    """Return a list of non-empty strings from Trove's list fields.

    The management API sends ``[""]`` for an empty list, the public API
    sends packages as ``"a,b"`` or null.
    """
    if not value:
        return []
    if isinstance(value, str):
        value = value.split(',')
    return [item for item in value if item]


def _fields(resource):
    """Return the response fields of a troveclient resource, not copied.

    Resource.to_dict() deep-copies them, which took 45 ms of the index
    page at 1,000 versions. The converters here only read the fields.
    """
    return resource._info


def _version_from_dict(info, datastore=None):
    default = info.get('default')
    return DatastoreVersion(
        id=info['id'],
        name=info.get('name', ''),
        version=info.get('version') or info.get('name', ''),
        datastore_id=info.get('datastore_id') or info.get('datastore') or (
            datastore and datastore.get('id')),
        datastore_name=info.get('datastore_name') or (
            datastore and datastore.get('name')),
        manager=info.get('datastore_manager'),
        image=info.get('image') or None,
        image_tags=_clean_list(info.get('image_tags')),
        packages=_clean_list(info.get('packages')),
        active=bool(info.get('active', True)),
        default=None if default is None else bool(default),
        registry_ext=info.get('registry_ext') or None,
        repl_strategy=info.get('repl_strategy') or None)


def _datastore_from_dict(info):
    # Resource objects load lazily on a missing attribute, and for a
    # datastore that costs an extra GET, so only the raw dict is read.
    datastore = Datastore(
        id=info['id'],
        name=info.get('name', ''),
        default_version_id=info.get('default_version') or None)
    datastore.versions = [_version_from_dict(version, info)
                          for version in info.get('versions') or []]
    for version in datastore.versions:
        version.default = version.id == datastore.default_version_id
    return datastore


def _bool_string(value):
    return 'true' if value else 'false'


def api_timeout():
    """Return the seconds the panel waits for each Trove call."""
    return getattr(settings, 'TROVE_DS_API_TIMEOUT', DEFAULT_TIMEOUT)


def _verify():
    if getattr(settings, 'OPENSTACK_SSL_NO_VERIFY', False):
        return False
    return getattr(settings, 'OPENSTACK_SSL_CACERT', None) or True


@memoized.memoized
def troveclient(request):
    """Build a Trove client for this request's token, once per request."""
    endpoint = base.url_for(request, 'database')
    auth = token_endpoint.Token(endpoint, request.user.token.id)
    session = keystone_session.Session(
        auth=auth, verify=_verify(), timeout=api_timeout())
    return trove_client.Client(
        session=session,
        service_type='database',
        endpoint_type=settings.OPENSTACK_ENDPOINT_TYPE,
        region_name=request.user.services_region,
        endpoint_override=endpoint)


def _check_uuid(value, kind):
    """Raise InvalidIdentifier unless value is a UUID.

    The panel names datastores and versions by id only, and troveclient
    puts the id into the URL path unquoted.
    """
    if not isinstance(value, str) or not _UUID.fullmatch(value):
        raise exceptions.InvalidIdentifier(
            _('%(value)s is not a valid %(kind)s id: expected a UUID.')
            % {'value': value, 'kind': kind})


def _check_parameter_name(name):
    if not isinstance(name, str) or not rules.NAME_PATTERN.fullmatch(name):
        raise exceptions.InvalidIdentifier(
            _('%s is not a valid parameter name: use letters, digits, '
              '"_" and "-".') % name)


@contextlib.contextmanager
def _trove_errors():
    """Translate Trove's errors into the panel's exception classes."""
    try:
        yield
    except trove_exceptions.BadRequest as error:
        if _VERSION_NOT_FOUND.search(error.message or ''):
            raise exceptions.VersionNotFound(error.message, 400) from error
        raise exceptions.TroveError(error.message, 400) from error
    except trove_exceptions.Unauthorized as error:
        if _NOT_ADMIN in (error.message or ''):
            raise exceptions.AdminRequired(error.message, 401) from error
        raise
    except trove_exceptions.NotFound:
        raise
    except trove_exceptions.HttpError as error:
        raise exceptions.TroveError(
            '%s (HTTP %s)' % (error.message, error.http_status),
            error.http_status) from error
    except keystone_exceptions.ConnectTimeout as error:
        # keystoneauth raises ConnectTimeout for read timeouts too.
        message = _('Trove did not respond within %s seconds.') % api_timeout()
        raise exceptions.TroveTimedOut(message) from error
    except keystone_exceptions.ConnectionError as error:
        message = _('Trove could not be reached: %s') % error
        raise exceptions.TroveUnavailable(message) from error


@profiler.trace
def datastore_list(request):
    """List every datastore with every version, inactive ones included.

    One call. For an admin, Trove's datastore list carries all versions
    but not their manager.
    """
    with _trove_errors():
        datastores = troveclient(request).datastores.list()
    return [_datastore_from_dict(_fields(datastore))
            for datastore in datastores]


@profiler.trace
def datastore_get(request, datastore_id):
    """Return one datastore with all its versions, from two calls.

    Trove's datastore show lists active versions only, so the versions
    come from the management list, which also carries the manager. That
    list takes time in proportion to the whole catalog. When it times out,
    a third call lists the datastore's own versions without their
    managers, and managers_unknown is set.
    """
    _check_uuid(datastore_id, _('datastore'))
    with _trove_errors():
        info = _fields(
            troveclient(request).datastores.get(datastore_id))
    datastore = _datastore_from_dict(dict(info, versions=[]))

    try:
        datastore.versions = version_list(request, datastore_id=datastore.id)
    except exceptions.TroveTimedOut:
        LOG.warning('Trove timed out listing all versions; listing those '
                    'of datastore %s without managers', datastore.id)
        datastore.versions = _versions_without_managers(request, info)
        datastore.managers_unknown = True
    return datastore


def _versions_without_managers(request, info):
    """List one datastore's versions, inactive ones included, in one call.

    For an admin, Trove's public version list carries every field that
    the management list does except the manager and the default flag.
    """
    with _trove_errors():
        listed = troveclient(request).datastore_versions.list(info['id'])
    listed_info = dict(info, versions=[_fields(version) for version in listed])
    return _datastore_from_dict(listed_info).versions


@profiler.trace
def datastore_show(request, datastore_id):
    """Return one datastore with its active versions, from one call.

    Unlike datastore_get, the cost does not grow with the catalog, but
    the versions carry no manager and inactive versions are missing.
    """
    _check_uuid(datastore_id, _('datastore'))
    with _trove_errors():
        info = _fields(
            troveclient(request).datastores.get(datastore_id))
    return _datastore_from_dict(info)


@profiler.trace
def datastore_delete(request, datastore_id):
    _check_uuid(datastore_id, _('datastore'))
    with _trove_errors():
        troveclient(request).datastores.delete(datastore_id)


@profiler.trace
def version_list(request, datastore_id=None):
    """List versions from the management API, optionally of one datastore.

    Trove has no filter on this call, so the filter runs here.
    """
    with _trove_errors():
        versions = troveclient(request).mgmt_ds_versions.list()
    versions = [_version_from_dict(_fields(version))
                for version in versions]
    if datastore_id:
        versions = [version for version in versions
                    if version.datastore_id == datastore_id]
    return versions


@profiler.trace
def version_get(request, version_id):
    _check_uuid(version_id, _('version'))
    with _trove_errors():
        version = troveclient(request).mgmt_ds_versions.get(version_id)
    return _version_from_dict(_fields(version))


def _created_version_candidates(request, datastore_name):
    """List the versions among which a version just created is.

    The datastore's own list is cheap, but troveclient puts the name into
    the URL path as it is. Even quoted, Trove 26 cannot find a name with
    "/", because it splits the path there, or with non-ASCII characters,
    because it decodes the path as Latin-1. Such names are matched in the
    management list instead, whose cost grows with the whole catalog.
    """
    client = troveclient(request)
    with _trove_errors():
        if datastore_name.isascii() and '/' not in datastore_name:
            return client.datastore_versions.list(
                urllib.parse.quote(datastore_name, safe=''))
        return [version for version in client.mgmt_ds_versions.list()
                if _fields(version).get('datastore_name') == datastore_name]


def _find_created_version(request, datastore_name, name, number):
    # Trove responds to the create with 202 and no body, so the new id
    # comes from a list.
    listed = _created_version_candidates(request, datastore_name)
    for version in listed:
        info = _fields(version)
        if info.get('name') == name and info.get('version') == number:
            return info['id']
    raise exceptions.TroveError(
        _('Trove accepted the version %(name)s (%(number)s) of datastore '
          '%(datastore)s but does not list it.') % {
            'name': name, 'number': number, 'datastore': datastore_name})


@profiler.trace
def version_create(request, datastore_name, name, manager, image=None,
                   image_tags=(), packages=(), active=True, default=False,
                   version=None, registry_ext=None, repl_strategy=None):
    """Create a version, and its datastore if none has that name.

    Returns the new version's id. The default is set by a second call
    after the create, because Trove checks the default by name after it
    has saved the version.
    """
    number = version or name
    with _trove_errors():
        troveclient(request).mgmt_ds_versions.create(
            name, datastore_name, manager, image,
            packages=list(packages),
            registry_ext=registry_ext,
            repl_strategy=repl_strategy,
            active=_bool_string(active),
            default='false',
            image_tags=list(image_tags),
            version=number)
    version_id = _find_created_version(request, datastore_name, name, number)
    if default:
        version_set_default(request, version_id)
    return version_id


def _edit(request, version_id, **fields):
    _check_uuid(version_id, _('version'))
    with _trove_errors():
        troveclient(request).mgmt_ds_versions.edit(version_id, **fields)


def _clear_packages(request, version_id):
    _check_uuid(version_id, _('version'))
    # troveclient's edit() drops an empty package list, so the PATCH that
    # clears the packages is sent through the client's HTTP layer.
    url = '/mgmt/datastore-versions/%s' % version_id
    with _trove_errors():
        troveclient(request).client.patch(url, body={'packages': []})


@profiler.trace
def version_update(request, version_id, **changes):
    """Apply changed fields to a version, in as few calls as Trove allows.

    ``changes`` holds only the fields that changed: name, manager, image,
    image_tags, packages, active, default, registry_ext, repl_strategy.
    The rename is sent before the default, in its own call, because Trove
    looks the version up by its old name when it sets the default.
    """
    default = changes.pop('default', None)
    fields = {}
    if 'manager' in changes:
        fields['datastore_manager'] = changes.pop('manager')
    if 'active' in changes:
        fields['active'] = _bool_string(changes.pop('active'))
    if 'packages' in changes:
        packages = list(changes.pop('packages'))
        if packages:
            fields['packages'] = packages
        else:
            _clear_packages(request, version_id)
    if 'image_tags' in changes:
        fields['image_tags'] = list(changes.pop('image_tags'))
    fields.update(changes)

    if fields:
        _edit(request, version_id, **fields)
    if default is True:
        version_set_default(request, version_id)
    elif default is False:
        _edit(request, version_id, default='false')


@profiler.trace
def version_set_default(request, version_id):
    """Make a version its datastore's default.

    Trove finds the version for the default by name, and fails when
    several versions of the datastore share that name. A name that looks
    like a UUID is read as an id, so such a version is renamed to its own
    id for the call and then given its name back.
    """
    version = version_get(request, version_id)
    with _trove_errors():
        listed = troveclient(request).datastore_versions.list(
            version.datastore_id)
    shared = sum(1 for other in listed if _fields(other).get('name') ==
                 version.name)
    if shared < 2:
        _edit(request, version_id, default='true')
        return

    _edit(request, version_id, name=version_id)
    try:
        _edit(request, version_id, default='true')
    finally:
        _edit(request, version_id, name=version.name)


@profiler.trace
def version_unset_default(request, version_id):
    _edit(request, version_id, default='false')


@profiler.trace
def version_delete(request, version_id):
    _check_uuid(version_id, _('version'))
    with _trove_errors():
        troveclient(request).mgmt_ds_versions.delete(version_id)


def _parameters(request):
    # troveclient does not attach this manager to its v1 client.
    return management.MgmtConfigurationParameters(troveclient(request))


def _rule_from_dict(info):
    minimum = info.get('min_size', info.get('min'))
    maximum = info.get('max_size', info.get('max'))
    if info.get('type') == 'integer':
        # Trove's views leave out a bound of 0, and its API requires both
        # bounds of an integer rule, so a missing bound here is 0.
        minimum = 0 if minimum is None else minimum
        maximum = 0 if maximum is None else maximum
    return rules.Rule(
        name=info['name'], type=info.get('type', ''),
        restart_required=bool(info.get('restart_required')),
        minimum=None if minimum is None else int(minimum),
        maximum=None if maximum is None else int(maximum))


@profiler.trace
def parameter_list(request, version_id):
    """List a version's configuration-parameter rules, from one call."""
    _check_uuid(version_id, _('version'))
    with _trove_errors():
        listed = _parameters(request).list_all_parameter_by_version(
            version_id)
    return sorted((_rule_from_dict(_fields(item)) for item in listed),
                  key=lambda rule: rule.name)


def _bounds(rule):
    if rule.type != 'integer':
        return {}
    return {'min_size': rule.minimum, 'max_size': rule.maximum}


@profiler.trace
def parameter_create(request, version_id, rule):
    _check_uuid(version_id, _('version'))
    _check_parameter_name(rule.name)
    with _trove_errors():
        _parameters(request).create(
            version_id, rule.name, rule.restart_required, rule.type,
            **_bounds(rule))


@profiler.trace
def parameter_update(request, version_id, rule):
    _check_uuid(version_id, _('version'))
    _check_parameter_name(rule.name)
    with _trove_errors():
        _parameters(request).modify(
            version_id, rule.name, rule.restart_required, rule.type,
            **_bounds(rule))


@profiler.trace
def parameter_delete(request, version_id, name):
    _check_uuid(version_id, _('version'))
    _check_parameter_name(name)
    with _trove_errors():
        _parameters(request).delete(version_id, name)


def parameters_apply(request, version_id, plan):
    """Create or update the planned rules, one call each.

    Returns ``(item, error)`` pairs for the items that needed a call. A
    rule that Trove refuses does not stop the others, but once Trove is
    unreachable the remaining items fail without a call, rather than each
    waiting for the timeout.
    """
    calls = {rules.CREATE: parameter_create, rules.UPDATE: parameter_update}
    results = []
    unavailable = None
    for item in plan:
        call = calls.get(item.action)
        if call is None:
            continue
        if unavailable:
            results.append((item, unavailable))
            continue
        try:
            call(request, version_id, item.rule)
        except exceptions.TroveUnavailable as error:
            unavailable = error
            results.append((item, error))
            continue
        except (exceptions.TroveError,
                trove_exceptions.ClientException) as error:
            # A 404 for a name Trove cannot route arrives as NotFound.
            results.append((item, error))
            continue
        results.append((item, None))
    return results
