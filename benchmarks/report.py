"""Write the benchmark's results as markdown, a PNG plot and JSON."""

import importlib.metadata
import json
import os
import platform

PACKAGES = ('trove-ds-dashboard', 'trove', 'python-troveclient', 'horizon',
            'Django', 'keystone', 'glance', 'keystoneauth1', 'gunicorn',
            'python-openstackclient', 'matplotlib')

# Ratio of page time to floor time that each page may reach, by size.
INDEX_LIMITS = {1000: 1.5, 5000: 1.5}
PAGE_LIMITS = {1000: 1.5, 5000: 2.0}
MAX_TROVE_CALLS = 2
CLI_SIZE = 100
CLI_FACTOR = 10


def machine():
    """Describe the CPU, memory, OS, Python and package versions."""
    cpu = ''
    with open('/proc/cpuinfo') as handle:
        for line in handle:
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    with open('/proc/meminfo') as handle:
        total_kib = int(handle.readline().split()[1])
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = 'not installed'
    return {
        'cpu': cpu, 'cores': os.cpu_count(),
        'ram_gib': round(total_kib / 1024.0 / 1024.0, 1),
        'os': platform.platform(), 'python': platform.python_version(),
        'packages': versions,
    }


def seconds(value):
    if value is None:
        return '–'
    if value < 1:
        return '%.0f ms' % (value * 1000)
    return '%.2f s' % value


def ratio(value):
    return '–' if value is None else '%.2f×' % value


def table(header, rows):
    lines = ['| ' + ' | '.join(header) + ' |',
             '|' + '|'.join(['---'] + ['---:'] * (len(header) - 1)) + '|']
    lines.extend('| ' + ' | '.join(str(cell) for cell in row) + ' |'
                 for row in rows)
    return '\n'.join(lines) + '\n'


def size_header(results, first):
    return [first] + ['%s versions' % format(item['size'], ',')
                      for item in results['sizes']]


def page_titles(results):
    titles = {}
    for item in results['sizes']:
        for key, page in item['pages'].items():
            titles[key] = page['title']
    return titles


def page_cells(results, key, render):
    cells = []
    for item in results['sizes']:
        page = item['pages'].get(key)
        cells.append(render(page) if page else '–')
    return cells


def section_seeding(results):
    rows = []
    for item in results['sizes']:
        seed = item['seed']
        per_version = (seed['seconds'] / seed['created']
                       if seed['created'] else None)
        rows.append([format(item['size'], ','), item['datastores'],
                     item['datastore_versions'], seed['created'],
                     seconds(seed['seconds']), seconds(per_version)])
    return ('## Catalog and seeding\n\n'
            'Each size adds versions to the catalog of the size before it, '
            'one `mgmt_ds_versions.create` at a time. The measured '
            'datastore is the first one, a largest one.\n\n' +
            table(['Versions', 'Datastores', 'Versions of the measured '
                   'datastore', 'Versions created', 'Seeding time',
                   'Per version'], rows))


def section_raw(results):
    names = []
    for item in results['sizes']:
        for name in item['raw']:
            if name not in names:
                names.append(name)
    rows = []
    for name in names:
        rows.append(['`%s`' % name] + [
            seconds(item['raw'][name]['median']) if name in item['raw']
            else '–' for item in results['sizes']])
    return ('## Raw troveclient calls\n\n'
            'Median of %d warm runs, as the admin user. `ds` is the '
            'measured datastore and `v` its default version.\n\n'
            % results['runs'] + table(size_header(results, 'Call'), rows))


def section_pages(results):
    titles = page_titles(results)
    timing_rows, ratio_rows, call_rows, row_rows = [], [], [], []
    for key, title in titles.items():
        timing_rows.append([title] + page_cells(
            results, key, lambda page: 'failed' if page.get('error')
            else seconds(page['median'])))
        floor = next(item['pages'][key]['floor'] for item in results['sizes']
                     if key in item['pages'])
        if floor:
            ratio_rows.append(['%s / `%s`' % (title, floor)] + page_cells(
                results, key, lambda page: 'failed' if page.get('error')
                else '%s / %s = %s' % (
                    seconds(page['median']), seconds(page['floor_median']),
                    ratio(page['ratio']))))
        call_rows.append([title] + page_cells(
            results, key, lambda page: '%d / %d / %d' % (
                len(page['trove_requests']), page['glance_requests'],
                page['keystone_requests'])))
        if any(item['pages'].get(key, {}).get('rows') is not None
               for item in results['sizes']):
            row_rows.append([title] + page_cells(
                results, key,
                lambda page: '%s of %s' % (page['rows'],
                                           page['expected_rows'])))
    failures = ['- %s at %s versions: %s' % (
        page['title'], format(item['size'], ','), page['error'])
        for item in results['sizes'] for page in item['pages'].values()
        if page.get('error')]
    calls = []
    largest = results['sizes'][-1]
    for key, page in largest['pages'].items():
        calls.append('- %s: %s' % (page['title'], ', '.join(
            '`%s`' % line for line in page['trove_requests']) or 'none'))
    return (
        '## Pages through Horizon\n\n'
        'Logged in as admin over HTTP, each page loaded once to warm up and '
        'then %d times; the median is shown.\n\n' % results['runs'] +
        table(size_header(results, 'Page'), timing_rows) +
        ('\nPages that failed (each was loaded twice, then given up):\n\n' +
         '\n'.join(failures) + '\n' if failures else '') +
        '\nPage time against the time of the raw calls that fetch what '
        'the page shows (its floor). Page and floor calls ran in turns, '
        'so both saw the same load on the machine:\n\n' +
        table(size_header(results, 'Page / floor'), ratio_rows) +
        '\nRequests of one page load to Trove / Glance / Keystone, counted '
        'in their request logs:\n\n' +
        table(size_header(results, 'Page'), call_rows) +
        '\nThe requests at %s versions:\n\n' % format(largest['size'], ',') +
        '\n'.join(calls) + '\n\n'
        'Table rows on the page against rows in Trove. These two tables do '
        'not paginate, so the browser\'s filter and sort see every row; All '
        'Versions paginates and filters and sorts on the server:\n\n' +
        table(size_header(results, 'Page'), row_rows))


def section_memory_cli(results):
    memory = [['Horizon RSS after the pages'] + [
        '%.0f MiB' % item['memory_mib']['rss'] for item in results['sizes']],
        ['Horizon peak RSS so far'] + [
        '%.0f MiB' % item['memory_mib']['peak']
        for item in results['sizes']]]
    cli = [['`openstack datastore version list` per datastore'] + [
        seconds(item['cli']['seconds']) for item in results['sizes']],
        ['CLI calls (datastores)'] + [
        item['cli']['calls'] for item in results['sizes']],
        ['Panel: every page of All Versions'] + [
        panel_all(item) for item in results['sizes']],
        ['Panel: index and every datastore page'] + [
        seconds(item.get('walk_seconds')) for item in results['sizes']],
        ['Panel: index page alone'] + [
        seconds(item['pages']['index']['median'])
        for item in results['sizes']]]
    return ('## Horizon memory\n\n'
            'Resident set size of the process that serves Horizon '
            '(gunicorn\'s one worker, four threads), read from /proc after '
            'each size\'s pages. The stack started at %.0f MiB.\n\n'
            % results['memory_start_mib'] +
            table(size_header(results, 'Memory'), memory) +
            '\n## The CLI loop operators run today against the panel\n\n'
            'The loop runs the command once per datastore, one after the '
            'other, as a shell loop would. In the panel, All Versions shows '
            'every version of every datastore, one page at a time '
            '(Horizon\'s default page size), read here by following its '
            'Next links. The walk loads the index and then each '
            'datastore\'s page once, warm. A "–" marks a measurement not '
            'run at that size (see `--walk-max`).\n\n' +
            table(size_header(results, 'Way'), cli))


def panel_all(item):
    read = item.get('all_versions')
    if not read:
        return '–'
    pages = '1 page' if read['pages'] == 1 else '%d pages' % read['pages']
    return '%s (%s, %d of %d versions)' % (
        seconds(read['seconds']), pages, read['rows'],
        read['catalog_versions'])


def section_imports(results):
    if not results.get('imports'):
        return ('## Configuration-parameter import\n\nNot measured in '
                'this run.\n')
    rows = [[item['source'], item['rules_in_file'], item['created'],
             item['failed'], item['rules_in_trove'],
             seconds(item['preview_seconds']),
             seconds(item['apply_seconds']), seconds(item['total_seconds']),
             item['trove_requests']] for item in results['imports']]
    return ('## Configuration-parameter import\n\n'
            'Upload, preview and apply through Horizon into a new version '
            'without rules; one run each.\n\n' +
            table(['File', 'Rules in file', 'Created', 'Failed',
                   'Rules in Trove after', 'Preview', 'Apply', 'Total',
                   'Trove requests'], rows))


def by_size(results, size):
    for item in results['sizes']:
        if item['size'] == size:
            return item
    return None


def call_checks(results):
    """Check that each page makes the same few Trove calls at every size."""
    calls = {}
    for item in results['sizes']:
        for page in item['pages'].values():
            if page['floor']:
                calls.setdefault(page['title'], []).append(
                    len(page['trove_requests']))
    checks = []
    for title, counts in calls.items():
        ok = len(set(counts)) == 1 and max(counts) <= MAX_TROVE_CALLS
        checks.append(('%s: constant Trove calls, %d at most'
                       % (title, MAX_TROVE_CALLS), ok,
                       'calls per size: %s' % ', '.join(map(str, counts))))
    return checks


def ratio_checks(results):
    """Check each page's time against its floor at the sizes that count."""
    checks = []
    for key in page_titles(results):
        limits = INDEX_LIMITS if key == 'index' else PAGE_LIMITS
        for size, limit in limits.items():
            item = by_size(results, size)
            page = item['pages'].get(key) if item else None
            if not page or not page['floor']:
                continue
            target = '%s ≤ %.1f× `%s` at %s' % (
                page['title'], limit, page['floor'], format(size, ','))
            if page.get('error'):
                checks.append((target, False,
                               'the page failed: %s' % page['error']))
                continue
            evidence = '%s against %s: %s' % (
                seconds(page['median']), seconds(page['floor_median']),
                ratio(page['ratio']))
            baseline = item['pages'].get('baseline')
            if baseline and baseline.get('median'):
                evidence += ' (%s without Horizon\'s own %s)' % (
                    ratio((page['median'] - baseline['median']) /
                          page['floor_median']),
                    seconds(baseline['median']))
            checks.append((target, page['ratio'] <= limit, evidence))
    return checks


def row_checks(results):
    """Check that filter and sort can reach every row of every table."""
    checks = []
    for item in results['sizes']:
        for page in item['pages'].values():
            if (page.get('rows') is not None and
                    page['rows'] != page['expected_rows']):
                checks.append(('%s shows every row at %s' % (
                    page['title'], format(item['size'], ',')), False,
                    '%s of %s' % (page['rows'], page['expected_rows'])))
    all_rows_shown = not checks
    read = [item['all_versions'] for item in results['sizes']
            if item.get('all_versions')]
    complete = all(entry['rows'] == entry['catalog_versions']
                   for entry in read)
    evidence = ('index and datastore tables show every row at every size'
                if all_rows_shown else 'rows missing, see above')
    if read:
        evidence += ('; All Versions, paged, showed %s' % ', '.join(
            '%d of %d' % (entry['rows'], entry['catalog_versions'])
            for entry in read))
    checks.append(('Filter and sort over all rows',
                   all_rows_shown and complete, evidence))
    return checks


def cli_checks(results):
    item = by_size(results, CLI_SIZE)
    if not item or not item.get('all_versions'):
        return []
    panel = item['all_versions']['seconds']
    factor = item['cli']['seconds'] / panel
    return [(
        'Every version of every datastore ≥ %d× faster in the panel than '
        'the CLI loop at %d' % (CLI_FACTOR, CLI_SIZE),
        factor >= CLI_FACTOR,
        'CLI %s, every page of All Versions %s: %.1f×' % (
            seconds(item['cli']['seconds']), seconds(panel), factor))]


def import_checks(results):
    return [('Import of %d rules under 10 s (%s)' % (
        entry['rules_in_file'], entry['source']),
        entry['total_seconds'] < 10,
        '%s, %d created' % (seconds(entry['total_seconds']),
                            entry['created']))
        for entry in results.get('imports') or ()]


def check_targets(results):
    """Return (target, verdict, evidence) rows for the speed targets."""
    return (call_checks(results) + ratio_checks(results) +
            row_checks(results) + cli_checks(results) +
            import_checks(results))


def section_targets(results):
    rows = [[target, 'met' if ok else '**not met**', evidence]
            for target, ok, evidence in check_targets(results)]
    return '## Targets\n\n' + table(['Target', 'Verdict', 'Measured'], rows)


def section_notes(results):
    largest = results['sizes'][-1]
    mgmt = largest['raw'].get('datastores.get(ds) + mgmt_ds_versions.list()')
    public = largest['raw'].get(
        'datastores.get(ds) + datastore_versions.list(ds)')
    baseline = largest['pages'].get('baseline')
    lines = [
        '## Reading the numbers\n',
        '- A page\'s floor is the fastest set of at most two troveclient '
        'calls that fetch what the page shows.',
        '- The datastore page shows each version\'s manager. Trove returns '
        'the manager only from its management version API, either in the '
        'list of all versions or in one call per version. The list costs '
        'time in proportion to the whole catalog, because Trove reloads '
        'every version and its datastore. The page uses the list, so it '
        'makes two calls at every size, and its floor grows with the '
        'catalog.',
    ]
    if mgmt and public:
        lines.append(
            '- At %s versions `datastores.get(ds) + '
            'mgmt_ds_versions.list()` took %s, while `datastores.get(ds) + '
            'datastore_versions.list(ds)`, which returns everything on that '
            'page but the manager, took %s.'
            % (format(largest['size'], ','), seconds(mgmt['median']),
               seconds(public['median'])))
    if baseline:
        lines.append(
            '- Every page also pays for Horizon itself (session, menus, '
            'two Keystone requests, rendering): %s for a Horizon page '
            'without API calls at %s versions. A page takes at least that '
            'plus its floor, so it can come within 1.5× of its floor only '
            'when the floor takes twice that time or more, %s here.'
            % (seconds(baseline['median']),
               format(largest['size'], ','),
               seconds(2 * baseline['median'])))
    lines.append(
        '- The panel gives up on a Trove call after TROVE_DS_API_TIMEOUT '
        'seconds (30 by default), which bounds the catalog size the '
        'datastore page can show on a given machine.')
    return '\n'.join(lines) + '\n'


def section_machine(results):
    info = results['machine']
    loads = ', '.join('%.1f to %.1f at %s' % (
        item['load_average'][0], item['load_average'][1],
        format(item['size'], ',')) for item in results['sizes'])
    packages = ', '.join('%s %s' % item for item in info['packages'].items())
    return ('## Machine\n\n'
            '- CPU: %s, %d cores\n- RAM: %.1f GiB\n- OS: %s\n'
            '- Python: %s\n- Packages: %s\n'
            '- Stack: tools/stack, each service one process on SQLite '
            '(gunicorn with one worker: one thread for Keystone, Glance '
            'and Trove, four for Horizon), all on 127.0.0.1\n'
            '- Load: other programs shared the machine. The 1-minute load '
            'average before and after each size\'s raw calls and pages: '
            '%s\n'
            % (info['cpu'], info['cores'], info['ram_gib'], info['os'],
               info['python'], packages, loads))


def markdown(results, plot_name):
    sizes = ', '.join(format(item['size'], ',') for item in results['sizes'])
    return (
        '# Benchmark: the datastores panel at %s versions\n\n'
        'Produced by `%s` on %s; the whole run took %s (stack start and '
        'stop not included).\n\n'
        'The benchmark seeds a catalog through Trove\'s API, then measures '
        'the raw troveclient calls, the panel\'s pages through Horizon, '
        'Trove requests per page, Horizon\'s memory and the CLI loop. '
        'Rerun it with `tox -e bench` (sizes: `tox -e bench -- --sizes '
        '10,100`).\n\n![Time against catalog size](%s)\n\n'
        % (sizes, results['command'], results['started'],
           seconds(results['wall_seconds']), plot_name) +
        section_targets(results) + '\n' +
        section_seeding(results) + '\n' +
        section_raw(results) + '\n' +
        section_pages(results) + '\n' +
        section_memory_cli(results) + '\n' +
        section_imports(results) + '\n' +
        section_notes(results) + '\n' +
        section_machine(results))


def plot(results, path):
    import matplotlib
    matplotlib.use('Agg')
    from matplotlib import pyplot

    def median(page):
        return float('nan') if page.get('error') else page['median']

    def floor(item, key):
        # The floor timed in turns with the page, else the raw call alone.
        page = item['pages'][key]
        if page.get('floor_median'):
            return page['floor_median']
        return item['raw'][page['floor']]['median']

    sizes = [item['size'] for item in results['sizes']]
    series = [
        ('Index page', [median(item['pages']['index'])
                        for item in results['sizes']], '-o'),
        ('Datastore detail page', [median(item['pages']['datastore'])
                                   for item in results['sizes']], '-s'),
        ('Raw datastores.list()', [
            floor(item, 'index') for item in results['sizes']], '--o'),
        ('Raw datastores.get + mgmt_ds_versions.list()', [
            floor(item, 'datastore') for item in results['sizes']], '--s'),
        ('CLI loop over every datastore', [
            item['cli']['seconds'] for item in results['sizes']], ':^'),
    ]
    optional = [
        ('Panel: every page of All Versions', '-D',
         [(item['size'], item['all_versions']['seconds'])
          for item in results['sizes'] if item.get('all_versions')]),
        ('Panel: index and every datastore page', '-.v',
         [(item['size'], item['walk_seconds'])
          for item in results['sizes'] if item.get('walk_seconds')]),
    ]
    figure, axes = pyplot.subplots(figsize=(8, 5.5))
    for label, values, style in series:
        axes.plot(sizes, values, style, label=label)
    for label, style, points in optional:
        if points:
            axes.plot([size for size, _ in points],
                      [value for _, value in points], style, label=label)
    axes.set_xscale('log')
    axes.set_yscale('log')
    axes.set_xticks(sizes)
    axes.set_xticklabels([format(size, ',') for size in sizes])
    axes.set_xlabel('Datastore versions in the catalog')
    axes.set_ylabel('Seconds (log scale)')
    axes.set_title('Datastores panel against Trove %s, median of warm runs'
                   % results['machine']['packages'].get('trove', ''))
    axes.grid(True, which='both', alpha=0.3)
    axes.legend(fontsize='small')
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    pyplot.close(figure)


def write(results, prefix):
    """Write PREFIX.json, PREFIX.md and PREFIX.png."""
    folder = os.path.dirname(prefix) or '.'
    os.makedirs(folder, exist_ok=True)
    with open(prefix + '.json', 'w') as handle:
        json.dump(results, handle, indent=1)
        handle.write('\n')
    plot_path = prefix + '.png'
    plot(results, plot_path)
    with open(prefix + '.md', 'w') as handle:
        handle.write(markdown(results, os.path.basename(plot_path)))
