"""Seed a synthetic datastore catalog of a given size through Trove's API.

Sizes grow in steps on one stack: each step adds the versions and
datastores that the next size needs and keeps what is there, so seeding
5,000 versions after 1,000 creates 4,000. Versions are created one at a
time, because the stack runs each service as one gunicorn worker with
one thread, so concurrent creates only queue. On the benchmark machine,
2 and 4 client threads made a create slower, not faster.
"""

import dataclasses
import time

# Number of datastores for each catalog size (total versions).
DATASTORES = {10: 5, 100: 10, 1000: 25, 5000: 50}
SIZES = tuple(sorted(DATASTORES))
PREFIX = 'bench'
MANAGERS = ('mysql', 'mariadb', 'postgresql')


@dataclasses.dataclass
class SeedResult:
    size: int
    datastores: int
    created: int
    seconds: float


def datastore_name(index):
    return '%s%02d' % (PREFIX, index)


def version_counts(size):
    """Return the number of versions of each datastore, first ones first.

    The first datastores get one version more when the size does not
    divide evenly, so the first datastore is always a largest one.
    """
    count = DATASTORES[size]
    base, extra = divmod(size, count)
    return [base + (1 if index < extra else 0) for index in range(count)]


def version_fields(env, datastore_index, position):
    """Return the create arguments of one version.

    The catalog mixes what operators have: three managers, images given by
    id or by tags, packages on some versions, and every fifth version
    inactive (never the first, which becomes the default).
    """
    manager = MANAGERS[datastore_index % len(MANAGERS)]
    image_key = ('IMAGE_POSTGRESQL_ID' if manager == 'postgresql'
                 else 'IMAGE_MYSQL_ID')
    tag = 'postgresql' if manager == 'postgresql' else 'mysql'
    if position % 3 == 2:
        image, tags = None, ['trove', tag]
    else:
        image, tags = env[image_key], []
    packages = ['%s-client' % manager] if position % 4 == 3 else []
    active = position == 0 or position % 5 != 4
    return {
        'name': 'r%d' % position,
        'datastore_manager': manager,
        'image': image,
        'image_tags': tags,
        'packages': packages,
        'active': 'true' if active else 'false',
        'version': '%d.%d.%d' % (8, position // 100, position % 100),
    }


def existing_versions(client):
    """Map each benchmark datastore name to its number of versions.

    An admin's datastore list carries every version, inactive ones too,
    and is much cheaper than the management version list.
    """
    counts = {}
    for datastore in client.datastores.list():
        info = datastore.to_dict()
        if info['name'].startswith(PREFIX):
            counts[info['name']] = len(info.get('versions') or [])
    return counts


def set_first_as_default(client, name):
    info = client.datastores.get(name).to_dict()
    if info.get('default_version'):
        return
    for version in info.get('versions') or []:
        if version['name'] == 'r0':
            client.mgmt_ds_versions.edit(version['id'], default='true')
            return


def seed(client, env, size, progress=print):
    """Grow the catalog to ``size`` versions; return a SeedResult."""
    started = time.perf_counter()
    have = existing_versions(client)
    created = 0
    for index, target in enumerate(version_counts(size)):
        name = datastore_name(index)
        for position in range(have.get(name, 0), target):
            fields = version_fields(env, index, position)
            client.mgmt_ds_versions.create(
                fields.pop('name'), name, fields.pop('datastore_manager'),
                fields.pop('image'), default='false', **fields)
            created += 1
            if created % 500 == 0:
                progress('  created %d versions in %.0f s'
                         % (created, time.perf_counter() - started))
        set_first_as_default(client, name)
    return SeedResult(size=size, datastores=DATASTORES[size],
                      created=created,
                      seconds=time.perf_counter() - started)


def largest_datastore(client):
    """Return the id and name of the first benchmark datastore."""
    info = client.datastores.get(datastore_name(0)).to_dict()
    return info['id'], info['name']


def benchmark_datastores(client):
    """Return (id, name) of every benchmark datastore, sorted by name."""
    found = [(datastore.id, datastore.name)
             for datastore in client.datastores.list()
             if datastore.name.startswith(PREFIX)]
    return sorted(found, key=lambda item: item[1])


def total_versions(client):
    """Count every version of every datastore, benchmark or not."""
    return sum(len(datastore.to_dict().get('versions') or [])
               for datastore in client.datastores.list())
