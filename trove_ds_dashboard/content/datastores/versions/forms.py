import json

from django import forms as django_forms
from django.core import signing
from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from horizon import forms
from horizon import messages
from openstack_dashboard.api import glance

from trove_ds_dashboard import api
from trove_ds_dashboard import exceptions as ds_exceptions
from trove_ds_dashboard.content.datastores import validators

NO_IMAGE = ''

# Substrings of Trove's refusals (trove 26.0.0) and the form field each
# one is about, so the reason shows beside the value that caused it.
TROVE_FIELD_ERRORS = (
    ('already exists', 'name'),
    ('Failed to retrieve image with tags', 'image_tags'),
    ('cannot be found', 'image'),
    ('Image must be specified', 'image'),
)


def as_sent_back(text):
    """Return a stored value as the browser sends it back from a form.

    Horizon 27 patches Django's escape() (horizon/utils/escape.py) to
    write "{$" and "$}" as "{%" and "%}", input values included, and the
    text fields strip surrounding blanks. A name stored with either comes
    back changed although the operator left the field alone.
    """
    return text.replace('{$', '{%').replace('$}', '%}').strip()


def _unchanged(value, initial):
    # NOTE: an edit that only turns "{$" into "{%" or removes surrounding
    # blanks is taken for no change and is not sent to Trove.
    return value == initial or (isinstance(initial, str) and
                                value == as_sent_back(initial))


def image_choices(request, current=None):
    """Return choices for the image field: Glance's active images by name.

    When Glance fails, the form still opens with only "No image", so the
    operator can give image tags, and an error message names the cause.
    """
    try:
        images, _more, _prev = glance.image_list_detailed(
            request, filters={'status': 'active'})
    except Exception:
        images = []
        exceptions.handle(
            request,
            _('Unable to list Glance images, so only image tags can be '
              'given now.'))
    names = [image.name or image.id for image in images]
    choices = []
    for image, name in sorted(zip(images, names), key=lambda pair: pair[1]):
        label = name if names.count(name) == 1 else '%s (%s)' % (
            name, image.id)
        choices.append((image.id, label))
    if current and current not in [value for value, _label in choices]:
        choices.insert(0, (current, _('%s (current, not an active image)')
                           % current))
    choices.insert(0, (NO_IMAGE, _('No image: Trove picks one by its tags')))
    return choices


def manager_choices(current=None):
    # In the table's order: the managers Trove replicates without help
    # come first, mysql at the top.
    managers = list(validators.MANAGER_DEFAULTS)
    if current and current not in managers:
        managers.insert(0, current)
    return [(manager, manager) for manager in managers]


class VersionForm(forms.SelfHandlingForm):
    """Fields and checks shared by the create and edit version forms."""

    name = forms.CharField(
        label=_("Version Name"), max_length=validators.NAME_MAX_LENGTH,
        help_text=_("A label such as 5.7 or 8.0-custom. Versions of one "
                    "datastore may share a name if their numbers differ."))
    version = forms.CharField(
        label=_("Version Number"), required=False,
        max_length=validators.NAME_MAX_LENGTH,
        help_text=_("The database version, used by the guest as the tag of "
                    "its container image. Defaults to the name. Trove "
                    "cannot change it later."))
    manager = forms.ThemableChoiceField(
        label=_("Manager"),
        help_text=_("The guest agent manager that runs this datastore."))
    # Horizon 27's themable select escapes its labels twice, and Glance
    # image names may hold "&" or quotes, so Django's own select is used.
    image = django_forms.ChoiceField(
        label=_("Image"), required=False,
        help_text=_("An active Glance image. Leave it empty to let Trove "
                    "pick the newest active image carrying all the tags."))
    image_tags = forms.CharField(
        label=_("Image Tags"), required=False,
        help_text=_("Comma-separated, at most 5, each 1-20 characters."))
    packages = forms.CharField(
        label=_("Packages"), required=False,
        help_text=_("Comma-separated package names passed to the guest."))
    active = forms.BooleanField(
        label=_("Active"), required=False, initial=True,
        help_text=_("Only active versions can be used for new instances."))
    default = forms.BooleanField(
        label=_("Default"), required=False,
        help_text=_("Use this version when an instance names only the "
                    "datastore. A default version must be active."))
    registry_ext = forms.CharField(
        label=_("Registry Extension"), required=False,
        max_length=validators.NAME_MAX_LENGTH,
        help_text=_("Python path of the guest manager class. Empty uses "
                    "Trove's default for mysql, mariadb and postgresql."))
    repl_strategy = forms.CharField(
        label=_("Replication Strategy"), required=False,
        max_length=validators.NAME_MAX_LENGTH,
        help_text=_("Python path of the replication strategy class. Empty "
                    "uses Trove's default, which only mysql, mariadb, "
                    "postgresql, percona, pxc and redis have."))

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        initial = kwargs.get('initial', {})
        self.fields['image'].choices = image_choices(
            request, initial.get('image'))
        self.fields['manager'].choices = manager_choices(
            initial.get('manager'))
        self.fields['manager'].widget.attrs['data-manager-defaults'] = (
            _manager_defaults_json())

    def clean_name(self):
        name = validators.check_name(
            self.cleaned_data['name'].strip(), _('Version name'))

        # A version that already has such a name may keep it.
        if name != self.initial.get('name'):
            validators.check_not_uuid(name, _('Version name'))
        return name

    def clean_version(self):
        number = self.cleaned_data.get('version', '').strip()
        if number:
            validators.check_name(number, _('Version number'))
        return number

    def clean_image_tags(self):
        return validators.parse_tags(self.cleaned_data.get('image_tags'))

    def clean_packages(self):
        return validators.parse_packages(self.cleaned_data.get('packages'))

    def clean_registry_ext(self):
        return self._clean_optional_name('registry_ext',
                                         _('Registry extension'))

    def clean_repl_strategy(self):
        return self._clean_optional_name('repl_strategy',
                                         _('Replication strategy'))

    def _clean_optional_name(self, field, label):
        value = self.cleaned_data.get(field, '').strip()
        if value:
            validators.check_name(value, label)
        return value or None

    def clean(self):
        data = super().clean()
        no_image = not data.get('image') and not data.get('image_tags')
        # An invalid image or tag has its own error already.
        if no_image and not {'image', 'image_tags'} & set(self.errors):
            self.add_error('image', _('Choose an image or give image tags: '
                                      'Trove needs one of them.'))
        if data.get('default') and not data.get('active'):
            self.add_error('default', _('A default version must be active. '
                                        'Check Active or uncheck Default.'))
        self._check_repl_strategy(data)
        return data

    def _check_repl_strategy(self, data):
        manager = data.get('manager')
        _registry, repl_default = validators.manager_defaults(manager)
        if manager and not repl_default and not data.get('repl_strategy'):
            self.add_error('repl_strategy', _(
                'Trove has no default replication strategy for manager '
                '"%s". Enter the Python path of one.') % manager)

    def report_trove_error(self, error):
        """Show Trove's refusal on the field it concerns, or on the form."""
        message = _('Trove rejected the request: %s') % error
        for text, field in TROVE_FIELD_ERRORS:
            if text in str(error):
                self.add_error(field, message)
                return
        self.api_error(message)


def _manager_defaults_json():
    return json.dumps({manager: {'registry_ext': registry or '',
                                 'repl_strategy': repl or ''}
                       for manager, (registry, repl)
                       in validators.MANAGER_DEFAULTS.items()})


class CreateVersionForm(VersionForm):
    datastore_name = forms.CharField(widget=forms.HiddenInput())

    def clean_datastore_name(self):
        # The datastore comes from the page's URL. The hidden field only
        # carries its name, which may come back changed (see as_sent_back)
        # and would then create another datastore.
        return (self.initial.get('datastore_name') or
                self.cleaned_data['datastore_name'])

    def handle(self, request, data):
        try:
            version_id = api.trove.version_create(
                request, data['datastore_name'], data['name'],
                data['manager'],
                image=data['image'] or None,
                image_tags=data['image_tags'],
                packages=data['packages'],
                active=data['active'],
                default=data['default'],
                version=data['version'] or None,
                registry_ext=data['registry_ext'],
                repl_strategy=data['repl_strategy'])
        except ds_exceptions.TroveError as error:
            self.report_trove_error(error)
            return False
        except Exception:
            exceptions.handle(request, _('Unable to create the version.'))
            return False

        messages.success(request, _('Created version %(name)s (%(number)s) '
                                    'of datastore %(datastore)s.') % {
            'name': data['name'], 'number': data['version'] or data['name'],
            'datastore': data['datastore_name']})
        return version_id


# Fields whose opening values the edit form keeps, to find what changed.
SNAPSHOT_FIELDS = ('name', 'manager', 'image', 'image_tags', 'packages',
                   'active', 'default', 'registry_ext', 'repl_strategy')
SNAPSHOT_SALT = 'trove_ds_dashboard.edit_version'


class EditVersionForm(VersionForm):
    """Edit a version; only the fields that changed are sent to Trove."""

    # The values the operator saw when the form opened, signed. Changes
    # are computed against them rather than against the version as
    # reloaded for the POST, so a field another admin changed meanwhile
    # is not sent back with its old value.
    snapshot = forms.CharField(widget=forms.HiddenInput(), required=False)

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Trove cannot change the number, so it is shown, not sent.
        self.fields['version'].widget.attrs['readonly'] = 'readonly'
        self.fields['version'].help_text = _(
            "Trove cannot change a version's number.")
        if not self.is_bound:
            opened = {field: self.initial.get(field)
                      for field in SNAPSHOT_FIELDS}
            self.initial['snapshot'] = signing.dumps(opened,
                                                     salt=SNAPSHOT_SALT)

    def clean_version(self):
        return self.initial.get('version')

    def clean_snapshot(self):
        try:
            return signing.loads(self.cleaned_data.get('snapshot') or '',
                                 salt=SNAPSHOT_SALT)
        except signing.BadSignature:
            # Without a valid snapshot the version as reloaded serves.
            return None

    @property
    def opened(self):
        """The values the form opened with: the snapshot, or the version."""
        snapshot = getattr(self, 'cleaned_data', {}).get('snapshot')
        return snapshot or self.initial

    def clean(self):
        data = super().clean()
        for field in ('registry_ext', 'repl_strategy'):
            if self.opened.get(field) and not data.get(field):
                self.add_error(field, _(
                    'Trove cannot clear this field. Keep the current value '
                    '"%s" or enter another.') % self.opened[field])
        self._check_manager_change(data)
        return data

    def _check_manager_change(self, data):
        # Trove keeps registry_ext and repl_strategy when the manager
        # changes, so the old manager's classes would stay in place.
        old, new = self.opened.get('manager'), data.get('manager')
        if not new or new == old:
            return
        old_defaults = validators.manager_defaults(old)
        new_defaults = validators.manager_defaults(new)
        for index, field in enumerate(('registry_ext', 'repl_strategy')):
            value = data.get(field)
            kept_old = value and value == old_defaults[index]
            if kept_old and old_defaults[index] != new_defaults[index]:
                self.add_error(field, _(
                    '"%(value)s" belongs to manager %(old)s, and Trove keeps '
                    'it when the manager changes. Use %(new_default)s or '
                    'enter another class.') % {
                    'value': value, 'old': old,
                    'new_default': new_defaults[index] or _('a class of '
                                                            'your own')})

    def changed_fields(self, data):
        """Return the fields that differ from the values it opened with."""
        opened = self.opened
        changes = {}
        for field in ('name', 'manager', 'active', 'default', 'registry_ext',
                      'repl_strategy'):
            if not _unchanged(data.get(field), opened.get(field)):
                changes[field] = data.get(field)
        for field in ('image_tags', 'packages'):
            initial = opened.get(field) or ''
            if data[field] not in (validators.split_list(initial),
                                   validators.split_list(as_sent_back(
                                       initial))):
                changes[field] = data[field]
        image = data['image'] or None
        if image != (opened.get('image') or None):
            if image:
                changes['image'] = image
            else:
                # Trove clears the image id only when tags arrive alone.
                changes['image_tags'] = data['image_tags']
        return changes

    def handle(self, request, data):
        version_id = self.initial['id']
        changes = self.changed_fields(data)
        if not changes:
            messages.info(request, _('Nothing changed in version %s.')
                          % self.initial['name'])
            return True
        try:
            api.trove.version_update(request, version_id, **changes)
        except ds_exceptions.TroveError as error:
            self.report_trove_error(error)
            return False
        except Exception:
            exceptions.handle(request, _('Unable to update version %s.')
                              % self.initial['name'])
            return False

        messages.success(request, _('Updated version %s.') % data['name'])
        return True
