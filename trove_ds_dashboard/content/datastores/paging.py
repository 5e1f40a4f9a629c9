"""Filter, sort and paginate the versions of every datastore on the server.

The All Versions table shows one page of a list that can hold thousands
of versions. So the filter and the sort run here, over every version and
before the page is cut, and not in the browser over one page.
"""

import re

# Sort keys a request may ask for, each ascending. "-key" sorts descending.
SORT_KEYS = ('datastore', 'name', 'version', 'active', 'default')
DEFAULT_SORT = 'datastore'

_NUMBER = re.compile(r'(\d+)')


def natural_key(text):
    """Return a key that orders "8.0.9" before "8.0.10"."""
    parts = _NUMBER.split((text or '').lower())
    return [(0, int(part), '') if part.isdigit() else (1, 0, part)
            for part in parts]


def version_text(version):
    """Return the lowercase text the filter matches against."""
    fields = [version.datastore_name or '', version.name, version.version,
              version.image or '', ' '.join(version.image_tags),
              ' '.join(version.packages)]
    return ' '.join(fields).lower()


def filter_versions(versions, query):
    """Keep the versions whose text contains ``query``, matched literally."""
    query = (query or '').strip().lower()
    if not query:
        return list(versions)
    return [version for version in versions
            if query in version_text(version)]


def parse_sort(value):
    """Return ``(key, descending)`` for a sort parameter, or None."""
    value = value or ''
    descending = value.startswith('-')
    key = value[1:] if descending else value
    if key not in SORT_KEYS:
        return None
    return key, descending


def _sort_value(version, key):
    identity = (natural_key(version.datastore_name), natural_key(version.name),
                natural_key(version.version), version.id)
    if key == 'datastore':
        return identity
    if key == 'name':
        return (natural_key(version.name),) + identity
    if key == 'version':
        return (natural_key(version.version),) + identity
    return (bool(getattr(version, key)),) + identity


def sort_versions(versions, sort):
    """Sort by a parse_sort() result; ties fall back to datastore order."""
    key, descending = parse_sort(sort) or (DEFAULT_SORT, False)
    return sorted(versions, key=lambda version: _sort_value(version, key),
                  reverse=descending)


def _position(rows, row_id):
    for position, row in enumerate(rows):
        if row.id == row_id:
            return position
    return None


def cut_page(rows, size, marker=None, prev_marker=None):
    """Return ``(page, has_prev, has_more)`` for Horizon's marker paging.

    ``marker`` is the id of the last row of the page before, and
    ``prev_marker`` the id of the first row of the page after. A marker
    that is no longer among the rows, because the version was deleted or
    the filter changed, starts again at the first page.
    """
    start = 0
    if marker:
        position = _position(rows, marker)
        start = 0 if position is None else position + 1
    elif prev_marker:
        position = _position(rows, prev_marker)
        start = 0 if position is None else max(position - size, 0)
    page = rows[start:start + size]
    return page, start > 0, start + size < len(rows)
