"""Benchmark the datastores panel at catalog sizes of 10 to 5,000 versions.

Run it inside ``tools/stack run`` (``tox -e bench`` does), which exports
TROVE_DS_STACK_ENV. For each size it seeds the catalog through Trove's
API, then times the raw troveclient calls, the panel's pages through
Horizon, counts Trove requests per page, reads Horizon's memory and times
the ``openstack datastore version list`` loop. It writes
doc/benchmark.md, doc/benchmark.png and doc/benchmark.json.
"""

import argparse
import json
import dataclasses
import datetime
import os
import shlex
import sys
import time

from benchmarks import catalog
from benchmarks import imports
from benchmarks import measure
from benchmarks import pages
from benchmarks import report
from tests import stackenv
from tests.functional import horizon


def parse_sizes(text):
    sizes = []
    for word in text.split(','):
        try:
            size = int(word.strip())
        except ValueError:
            raise argparse.ArgumentTypeError('%r is not a number' % word)
        if size not in catalog.DATASTORES:
            raise argparse.ArgumentTypeError(
                'size %d is not one of %s' % (
                    size, ', '.join(map(str, catalog.SIZES))))
        sizes.append(size)
    return sorted(set(sizes))


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog='python -m benchmarks.scale', description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        '--sizes', type=parse_sizes, default=list(catalog.SIZES),
        help='comma-separated catalog sizes in versions, from %s '
             '(default: all)' % ', '.join(map(str, catalog.SIZES)))
    parser.add_argument(
        '--runs', type=int, default=5,
        help='timed runs of each page and raw call after one warm-up run '
             '(default: 5)')
    parser.add_argument(
        '--walk-max', type=int, default=1000,
        help='largest size at which every page of All Versions and every '
             'datastore page are loaded in turn (default: 1000)')
    parser.add_argument(
        '--no-import', action='store_true',
        help='skip the configuration-parameter import measurement')
    parser.add_argument(
        '--output', default=os.path.join('doc', 'benchmark'),
        help='path prefix of the .md, .png and .json results '
             '(default: doc/benchmark)')
    parser.add_argument(
        '--report-only', metavar='JSON',
        help='rewrite the markdown and the plot from a saved JSON result '
             'instead of measuring')
    return parser.parse_args(argv)


def log(message):
    print(message, flush=True)


def target_for(client):
    datastore_id, name = catalog.largest_datastore(client)
    info = client.datastores.get(datastore_id).to_dict()
    versions = client.datastore_versions.list(datastore_id)
    return pages.Target(
        datastore_id=datastore_id, datastore_name=name,
        datastore_versions=len(versions),
        version_id=info['default_version'],
        datastores=catalog.benchmark_datastores(client))


def timing_dict(timing):
    return {'median': timing.median, 'min': timing.minimum,
            'runs': timing.runs}


def measure_raw(client, target, runs):
    results = {}
    for name, function in pages.raw_calls(client, target).items():
        log('  raw %s' % name)
        results[name] = timing_dict(measure.time_runs(function, runs))
    return results


def measure_pages(browser, client, target, runs, logs, project_id):
    calls = pages.raw_calls(client, target)
    results = {}
    for page in pages.PAGES:
        log('  page %s' % page.title)
        result = pages.measure_page(browser, page, target, runs, logs,
                                    project_id, calls.get(page.floor))
        entry = dataclasses.asdict(result)
        entry.pop('timing')
        entry.pop('floor_timing')
        entry.update(title=page.title, floor=page.floor, floor_median=None,
                     ratio=None, median=None, min=None, runs=[])
        if result.error:
            log('    failed: %s' % result.error)
            results[page.key] = entry
            continue
        entry.update(timing_dict(result.timing))
        if result.floor_timing:
            floor = result.floor_timing.median
            entry.update(floor_median=floor,
                         ratio=result.timing.median / floor)
        results[page.key] = entry
    return results


def measure_size(size, args, env, client, logs):
    log('Size %d: seeding %d datastores' % (size, catalog.DATASTORES[size]))
    seeded = catalog.seed(client, env, size, progress=log)
    log('  seeded %d versions in %.1f s' % (seeded.created, seeded.seconds))
    target = target_for(client)
    project_id = client.client.get_project_id()
    browser = horizon.Horizon(env['HORIZON_URL']).login(
        env['ADMIN_USER'], env['ADMIN_PASSWORD'])

    load_before = measure.load_average()
    raw = measure_raw(client, target, args.runs)
    page_results = measure_pages(browser, client, target, args.runs, logs,
                                 project_id)
    # gunicorn replaces a worker that stops responding, so the pid is
    # looked up again at each size.
    rss, peak = measure.memory_mib(measure.horizon_pid(env['STATE_DIR']))
    load_after = measure.load_average()

    log('  CLI loop over %d datastores' % len(target.datastores))
    cli_seconds, cli_lines = measure.cli_loop(env, target.datastores)
    walk = all_versions = None
    if size <= args.walk_max:
        log('  All Versions, every page')
        seconds, rows, count = pages.read_all_versions(browser)
        all_versions = {'seconds': seconds, 'rows': rows, 'pages': count,
                        'catalog_versions': catalog.total_versions(client)}
        log('  panel walk over %d datastore pages' % len(target.datastores))
        walk = pages.walk_panel(browser, target)
    return {
        'size': size, 'datastores': len(target.datastores),
        'datastore_versions': target.datastore_versions,
        'seed': dataclasses.asdict(seeded), 'raw': raw,
        'pages': page_results,
        'memory_mib': {'rss': rss, 'peak': peak},
        'cli': {'seconds': cli_seconds, 'lines': cli_lines,
                'calls': len(target.datastores)},
        'walk_seconds': walk,
        'all_versions': all_versions,
        'load_average': [load_before, load_after],
    }


def command_line():
    """Return the command that reproduces this run."""
    arguments = ' '.join(shlex.quote(arg) for arg in sys.argv[1:])
    if os.environ.get('TOX_ENV_NAME') == 'bench':
        return 'tox -e bench' + (' -- ' + arguments if arguments else '')
    return ('python -m benchmarks.scale ' + arguments).strip()


def run(args):
    if not os.environ.get('TROVE_DS_STACK_ENV'):
        sys.exit('TROVE_DS_STACK_ENV is not set: run the benchmark with '
                 '"tox -e bench", or inside "tools/stack run --horizon '
                 '-- python -m benchmarks.scale".')
    env = stackenv.load()
    if not env.get('HORIZON_URL'):
        sys.exit('The stack runs no Horizon: start it with --horizon.')

    started = time.perf_counter()
    client = stackenv.trove(env, timeout=300)
    logs = {'trove': measure.RequestLog(env['TROVE_LOG']),
            'glance': measure.RequestLog(os.path.join(env['LOG_DIR'],
                                                      'glance.log')),
            'keystone': measure.RequestLog(os.path.join(env['LOG_DIR'],
                                                        'keystone.log'))}
    pid = measure.horizon_pid(env['STATE_DIR'])
    results = {
        'command': command_line(),
        'started': datetime.datetime.now(datetime.timezone.utc).strftime(
            '%Y-%m-%d %H:%M UTC'),
        'runs': args.runs, 'machine': report.machine(),
        'memory_start_mib': measure.memory_mib(pid)[0],
        'sizes': [],
    }

    for size in args.sizes:
        results['sizes'].append(measure_size(size, args, env, client, logs))
        # Each size's results are written at once, so a run that stops
        # later still leaves them in doc/.
        results['wall_seconds'] = time.perf_counter() - started
        report.write(results, args.output)

    if not args.no_import:
        log('Configuration-parameter import')
        browser = horizon.Horizon(env['HORIZON_URL']).login(
            env['ADMIN_USER'], env['ADMIN_PASSWORD'])
        results['imports'] = [
            dataclasses.asdict(item) for item in imports.measure_imports(
                client, browser, env, logs['trove'])]
    results['wall_seconds'] = time.perf_counter() - started
    return results


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.report_only:
        with open(args.report_only) as handle:
            results = json.load(handle)
    else:
        results = run(args)
    report.write(results, args.output)
    log('Wrote %s.md, %s.png and %s.json' % ((args.output,) * 3))
    for target, ok, evidence in report.check_targets(results):
        log('%-9s %s: %s' % ('met' if ok else 'NOT MET', target, evidence))


if __name__ == '__main__':
    main()
