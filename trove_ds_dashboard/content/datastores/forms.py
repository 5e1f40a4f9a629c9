from django.utils.translation import gettext_lazy as _
from horizon import exceptions
from horizon import forms

from trove_ds_dashboard import api
from trove_ds_dashboard.content.datastores import validators
from trove_ds_dashboard.content.datastores.versions import forms as \
    version_forms


class CreateDatastoreForm(version_forms.CreateVersionForm):
    """Create a datastore together with its first version.

    Trove has no call that creates an empty datastore: creating a version
    for a datastore name it does not know creates that datastore.
    """

    datastore_name = forms.CharField(
        label=_("Datastore Name"), max_length=validators.NAME_MAX_LENGTH,
        help_text=_("For example mysql or postgresql."))
    field_order = ['datastore_name']

    def clean_datastore_name(self):
        name = validators.check_name(
            self.cleaned_data['datastore_name'].strip(), _('Datastore name'))
        try:
            existing = [datastore.name
                        for datastore in api.trove.datastore_list(
                            self.request)]
        except Exception:
            exceptions.handle(self.request, _('Unable to check the existing '
                                              'datastores.'))
            raise forms.ValidationError(_('Try again when Trove responds.'))
        # MySQL's default collations compare text without regard to case,
        # so Trove on MySQL may find "mysql" for "MYSQL" and add the
        # version there.
        same = [other for other in existing if other.lower() == name.lower()]
        if same:
            raise forms.ValidationError(_(
                'Datastore "%s" exists already. Add a version to it from '
                'its page instead.') % same[0])
        return name
