"""Load a sample datastore catalog into a local stack through Trove's API.

Idempotent: versions and rules that exist already are left alone, so the
demo can reuse a state folder.
"""

import pathlib

from keystoneauth1 import identity
from keystoneauth1 import session as keystone_session
from troveclient.v1 import client as trove_client
from troveclient.v1 import management


def admin_client(env):
    auth = identity.Password(
        auth_url=env['OS_AUTH_URL'], username=env['ADMIN_USER'],
        password=env['ADMIN_PASSWORD'], project_name=env['ADMIN_PROJECT'],
        user_domain_name='Default', project_domain_name='Default')
    session = keystone_session.Session(auth=auth, timeout=60)
    return trove_client.Client(session=session, service_type='database')


def image_args(env, datastore, position):
    """Alternate image ids and tags, so the demo shows both kinds."""
    if datastore == 'postgresql':
        return {'image': env['IMAGE_POSTGRESQL_ID'], 'image_tags': []} \
            if position % 2 else {'image': None,
                                  'image_tags': ['trove', 'postgresql']}
    if position % 2:
        return {'image': None, 'image_tags': ['trove', 'mysql']}
    return {'image': env['IMAGE_MYSQL_ID'], 'image_tags': []}


def seed_versions(client, env, catalog):
    existing = {(version.datastore_name, version.name, version.version):
                version.id for version in client.mgmt_ds_versions.list()}
    for datastore, (manager, versions, default) in catalog.items():
        for position, (name, number, active) in enumerate(versions):
            if (datastore, name, number) in existing:
                continue
            client.mgmt_ds_versions.create(
                name, datastore, manager, packages=[],
                active='true' if active else 'false', default='false',
                version=number, **image_args(env, datastore, position))
    by_key = {(version.datastore_name, version.name, version.version):
              version.id for version in client.mgmt_ds_versions.list()}
    for datastore, (_manager, versions, default) in catalog.items():
        set_default(client, datastore, by_key, versions, default)
    return by_key


def set_default(client, datastore, by_key, versions, default):
    """Set the sample default, unless the operator chose one already.

    Trove sets a default by version name, and fails when the operator has
    added another version of that name, so a failure is reported in one
    line and the demo goes on.
    """
    if client.datastores.get(datastore).to_dict().get('default_version'):
        return
    number = dict((name, number) for name, number, _active in versions)
    try:
        client.mgmt_ds_versions.edit(
            by_key[(datastore, default, number[default])], default='true')
    except Exception as error:
        print('Could not make %s %s (%s) the default: %s'
              % (datastore, default, number[default], error))


def trove_mysql_rules():
    """Return the path of MySQL's rules file shipped in the trove package."""
    import trove
    return pathlib.Path(trove.__file__).parent / 'templates' / 'mysql' / \
        'validation-rules.json'


def seed_parameters(client, version_id):
    from django.conf import settings
    if not settings.configured:
        settings.configure(USE_I18N=False)
    from trove_ds_dashboard.content.datastores.parameters import rules

    manager = management.MgmtConfigurationParameters(client)
    if manager.list_all_parameter_by_version(version_id):
        return
    parsed, _problems = rules.parse_rules_file(
        trove_mysql_rules().read_bytes())
    for item in rules.plan_import(parsed, {}):
        if item.action != rules.CREATE:
            continue
        bounds = {}
        if item.rule.type == 'integer':
            bounds = {'min_size': item.rule.minimum,
                      'max_size': item.rule.maximum}
        manager.create(version_id, item.rule.name, item.rule.restart_required,
                       item.rule.type, **bounds)


def seed(env, catalog, parameters_version):
    """Load the sample catalog; return False, with a message, on failure."""
    print('Loading the sample datastore catalog...')
    client = admin_client(env)
    try:
        by_key = seed_versions(client, env, catalog)
        seed_parameters(client, by_key[parameters_version])
    except Exception as error:
        print('Loading the sample catalog stopped: %s. The demo runs with '
              'the catalog as Trove holds it.' % error)
        return False
    return True
