import json

from django import forms as django_forms
from django.forms import utils as form_utils
from django.utils import html
from django.utils import safestring
from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from horizon import forms
from horizon import messages

from trove_ds_dashboard import api
from trove_ds_dashboard.content.datastores.parameters import rules
from trove_ds_dashboard import exceptions as ds_exceptions

TYPE_CHOICES = [('integer', _("integer")), ('string', _("string"))]


class ParameterForm(forms.SelfHandlingForm):
    """Fields and checks shared by the add and edit parameter forms."""

    name = forms.CharField(
        label=_("Name"), max_length=rules.NAME_MAX_LENGTH,
        help_text=_("The database option, for example max_connections."))
    type = forms.ThemableChoiceField(
        label=_("Type"), choices=TYPE_CHOICES,
        help_text=_("Trove's API saves integer and string rules only."))
    minimum = forms.CharField(
        label=_("Minimum"), required=False,
        help_text=_("Whole number; required for integer rules."))
    maximum = forms.CharField(
        label=_("Maximum"), required=False,
        help_text=_("Whole number; required for integer rules."))
    restart_required = forms.BooleanField(
        label=_("Restart Required"), required=False,
        help_text=_("Changing this option restarts the database."))

    def clean_name(self):
        name = self.cleaned_data['name'].strip()
        problem = rules.check_name(name)
        if problem:
            raise forms.ValidationError(problem)
        return name

    def clean_minimum(self):
        return self._clean_bound('minimum', _('Minimum'))

    def clean_maximum(self):
        return self._clean_bound('maximum', _('Maximum'))

    def _clean_bound(self, field, label):
        try:
            return rules.parse_bound(self.cleaned_data.get(field), label)
        except ValueError as error:
            raise forms.ValidationError(str(error))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get('type') != 'integer' and (
                data.get('minimum') is not None or
                data.get('maximum') is not None):
            self.api_error(_('A string rule has no minimum or maximum: '
                             'clear them, or choose the type integer.'))
            return data
        problem = rules.check_bounds(self.rule_from(data))
        if problem:
            self.api_error(problem)
        return data

    @staticmethod
    def rule_from(data):
        integer = data.get('type') == 'integer'
        return rules.Rule(
            name=data.get('name'), type=data.get('type'),
            restart_required=bool(data.get('restart_required')),
            minimum=data.get('minimum') if integer else None,
            maximum=data.get('maximum') if integer else None)

    def save(self, request, version_id, rule):
        raise NotImplementedError

    def unchanged(self, rule):
        return False

    def handle(self, request, data):
        rule = self.rule_from(data)
        if self.unchanged(rule):
            messages.info(request, _('Nothing changed in parameter %s.')
                          % rule.name)
            return True

        try:
            self.save(request, self.initial['version_id'], rule)
        except ds_exceptions.TroveError as error:
            self.api_error(_('Trove refused the parameter: %s') % error)
            return False
        except Exception:
            exceptions.handle(request, _('Unable to save parameter %s.')
                              % rule.name)
            return False
        messages.success(request, _('Saved parameter %s.') % rule.name)
        return True


class AddParameterForm(ParameterForm):

    def save(self, request, version_id, rule):
        api.trove.parameter_create(request, version_id, rule)


class EditParameterForm(ParameterForm):

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # Trove cannot rename a rule, so the name is shown, not sent.
        self.fields['name'].widget.attrs['readonly'] = 'readonly'

    def clean_name(self):
        return self.initial['name']

    def save(self, request, version_id, rule):
        api.trove.parameter_update(request, version_id, rule)

    def unchanged(self, rule):
        return rule == self.rule_from(self.initial)


class UploadRulesForm(forms.Form):
    """Step one of an import: the file to preview."""

    rules_file = forms.FileField(
        label=_("Rules File"),
        help_text=_("A validation-rules.json file, as Trove ships one per "
                    "datastore under trove/templates/<datastore>/."))

    def clean_rules_file(self):
        upload = self.cleaned_data['rules_file']
        # Reading a huge upload into memory is refused before it happens.
        if upload.size > rules.FILE_MAX_BYTES:
            raise forms.ValidationError(
                _('The file has %(size)d bytes; the limit is %(max)d.')
                % {'size': upload.size, 'max': rules.FILE_MAX_BYTES})
        try:
            parsed, problems = rules.parse_rules_file(upload.read())
        except rules.RulesFileError as error:
            raise forms.ValidationError(str(error))
        return parsed, problems


OPTION_HTML = '<option value="{}"{}>{}</option>'


class PlainSelect(django_forms.Select):
    """A select whose options are built in Python, without templates.

    Django 5.2 renders each option through its own template. With 1,000
    versions to copy from, that took 300 ms of a 670 ms page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)['widget']
        parts = [self.render_group(group_name, options)
                 for group_name, options, _index in widget['optgroups']]
        return html.format_html('<select name="{}"{}>{}</select>',
                                widget['name'],
                                form_utils.flatatt(widget['attrs']),
                                safestring.mark_safe(''.join(parts)))

    @staticmethod
    def render_group(group_name, options):
        rendered = html.format_html_join('', OPTION_HTML, (
            (option['value'], ' selected' if option['selected'] else '',
             option['label']) for option in options))
        if not group_name:
            return rendered
        return html.format_html('<optgroup label="{}">{}</optgroup>',
                                group_name, rendered)


class CopySourceForm(forms.Form):
    """Step one of a copy: the version whose rules are copied."""

    # Horizon 27's themable select escapes its labels twice, and version
    # names may contain "&" or quotes, so a plain select is used.
    source = django_forms.ChoiceField(label=_("Copy From"),
                                      widget=PlainSelect)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields['source'].choices = choices


# Maximum length of a skipped item's reason sent back by the page. The
# panel's own reasons are shorter.
MESSAGE_MAX = 500


class ApplyRulesForm(forms.Form):
    """Step two: the previewed rules, sent back to be applied.

    The rules travel in the page instead of a server-side session, so
    Horizon stays stateless. They are parsed and planned again against
    Trove's current rules before anything is written.
    """

    rules_json = forms.CharField(widget=forms.HiddenInput())

    def clean_rules_json(self):
        try:
            document = rules.read_rules_file(
                self.cleaned_data['rules_json'].encode('utf-8'))
            parsed, problems = rules.parse_rules_document(document)
        except rules.RulesFileError as error:
            raise forms.ValidationError(str(error))

        # The result lists the rules under their positions in the file
        # and with the items the preview skipped, as the preview did.
        positions = {item.get('name'): item.get('position')
                     for item in document['configuration-parameters']
                     if isinstance(item, dict)}
        for rule in parsed:
            position = positions.get(rule.name)
            if isinstance(position, int) and not isinstance(position, bool):
                rule.position = position
        return parsed, problems + self._skipped(document.get('skipped'))

    @staticmethod
    def _skipped(listed):
        """Return the preview's skipped items sent back, checked."""
        if not isinstance(listed, list):
            return []
        skipped = []
        for entry in listed[:rules.RULES_MAX_COUNT]:
            if (isinstance(entry, list) and len(entry) == 3 and
                    isinstance(entry[0], int) and
                    isinstance(entry[2], str)):
                name = entry[1] if isinstance(entry[1], str) else None
                skipped.append((entry[0], name, entry[2][:MESSAGE_MAX]))
        return skipped

    @staticmethod
    def encode(parsed, problems=()):
        items = [dict(rule.to_json(), position=rule.position)
                 for rule in parsed]
        skipped = [[position, name if isinstance(name, str) else None,
                    message] for position, name, message in problems]
        return json.dumps({'configuration-parameters': items,
                           'skipped': skipped})
