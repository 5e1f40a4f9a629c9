from django import http
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import generic
from horizon import exceptions
from horizon import forms
from horizon import messages
from horizon import views as horizon_views
from horizon.utils import memoized

from trove_ds_dashboard import api
from trove_ds_dashboard.content.datastores.parameters import forms as \
    parameter_forms
from trove_ds_dashboard.content.datastores.parameters import rules
from trove_ds_dashboard.content.datastores.parameters import tables as \
    parameter_tables
from trove_ds_dashboard.content.datastores.versions import views as \
    version_views


def parameters_tab_url(version_id):
    return '%s?tab=version_details__parameters' % reverse(
        'horizon:admin:datastores:versions:detail', args=[version_id])


class ParameterFormView(version_views.VersionMixin, forms.ModalFormView):
    template_name = 'admin/datastores/parameters/form.html'

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context['version'] = self.get_version()
        context['submit_url'] = self.request.path
        return context

    def get_success_url(self):
        return parameters_tab_url(self.kwargs['version_id'])

    def get_cancel_url(self):
        # Horizon's modal shows a Cancel button only with a cancel URL.
        return self.get_success_url()


class AddView(ParameterFormView):
    form_class = parameter_forms.AddParameterForm
    form_id = 'add_parameter_form'
    modal_header = _("Add Parameter")
    page_title = _("Add Parameter")
    submit_label = _("Add Parameter")

    def get_initial(self):
        return {'version_id': self.kwargs['version_id'], 'type': 'integer'}


class EditView(ParameterFormView):
    form_class = parameter_forms.EditParameterForm
    form_id = 'edit_parameter_form'
    modal_header = _("Edit Parameter")
    page_title = _("Edit Parameter")
    submit_label = _("Save Changes")

    @memoized.memoized_method
    def get_rule(self):
        name = self.kwargs['name']
        try:
            current = api.trove.parameter_list(self.request,
                                               self.kwargs['version_id'])
        except Exception:
            current = []
            exceptions.handle(self.request,
                              _('Unable to retrieve the parameters.'))
        for rule in current:
            if rule.name == name:
                return rule
        messages.error(self.request, _('Parameter %s was not found.') % name)
        raise exceptions.Http302(parameters_tab_url(
            self.kwargs['version_id']))

    def get_initial(self):
        rule = self.get_rule()
        return {'version_id': self.kwargs['version_id'], 'name': rule.name,
                'type': rule.type, 'minimum': rule.minimum,
                'maximum': rule.maximum,
                'restart_required': rule.restart_required}


class ExportView(generic.View):
    """Download a version's rules as validation-rules.json."""

    def get(self, request, version_id):
        try:
            current = api.trove.parameter_list(request, version_id)
        except Exception:
            exceptions.handle(request, _('Unable to export the parameters.'),
                              redirect=parameters_tab_url(version_id))
        response = http.HttpResponse(rules.export_rules(current),
                                     content_type='application/json')
        response['Content-Disposition'] = (
            'attachment; filename="%s"' % rules.EXPORT_FILENAME)
        return response


class TransferView(version_views.VersionMixin,
                   horizon_views.HorizonTemplateView):
    """Preview rules from a source, then apply them, as two POSTs.

    Subclasses read the source (an uploaded file, another version) in
    ``read_source``; the preview and the apply step are shared.
    """

    template_name = 'admin/datastores/parameters/transfer.html'

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context['version'] = self.get_version()
        context['cancel_url'] = parameters_tab_url(self.kwargs['version_id'])
        context.setdefault('source_form', self.source_form())
        return context

    def current_rules(self):
        try:
            return {rule.name: rule for rule in api.trove.parameter_list(
                self.request, self.kwargs['version_id'])}
        except Exception:
            exceptions.handle(self.request,
                              _('Unable to retrieve the parameters.'),
                              redirect=parameters_tab_url(
                                  self.kwargs['version_id']))

    def post(self, request, *args, **kwargs):
        if 'rules_json' in request.POST:
            return self.apply(request)
        return self.preview(request)

    def preview(self, request):
        form, parsed, problems = self.read_source(request)
        if form is not None:
            return self.render_to_response(self.get_context_data(
                source_form=form))
        plan = rules.plan_import(parsed, self.current_rules(), problems)
        table = parameter_tables.PlanTable(request, data=plan)
        return self.render_to_response(self.get_context_data(
            plan_table=table, summary=summarize(plan),
            apply_form=parameter_forms.ApplyRulesForm(initial={
                'rules_json': parameter_forms.ApplyRulesForm.encode(
                    parsed, problems)})))

    def apply(self, request):
        form = parameter_forms.ApplyRulesForm(request.POST)
        if not form.is_valid():
            reasons = ' '.join(form.errors.get('rules_json', []))
            messages.error(request, _('The previewed rules could not be read '
                                      'back: %s') % reasons)
            return http.HttpResponseRedirect(request.path)
        parsed, problems = form.cleaned_data['rules_json']
        plan = rules.plan_import(parsed, self.current_rules(), problems)
        results = api.trove.parameters_apply(
            request, self.kwargs['version_id'], plan)
        report = result_items(plan, results)
        return self.render_to_response(self.get_context_data(
            result_table=parameter_tables.ResultTable(request, data=report),
            summary=summarize(plan, results)))


def summarize(plan, results=None):
    """Count plan items by action; with results, count what was done."""
    counts = {action: 0 for action in (rules.CREATE, rules.UPDATE,
                                       rules.UNCHANGED, rules.SKIP)}
    for item in plan:
        counts[item.action] += 1
    if results is not None:
        counts['created'] = sum(1 for item, error in results
                                if not error and item.action == rules.CREATE)
        counts['updated'] = sum(1 for item, error in results
                                if not error and item.action == rules.UPDATE)
        counts['failed'] = sum(1 for _item, error in results if error)
    return counts


def result_items(plan, results):
    """Return one row per plan item: its outcome, or its plan reason."""
    outcomes = {id(item): error for item, error in results}
    report = []
    for item in plan:
        if id(item) not in outcomes:
            report.append(item)
            continue
        error = outcomes[id(item)]
        if error is None:
            done = _('Created.') if item.action == rules.CREATE \
                else _('Updated.')
            report.append(rules.PlanItem(item.action, item.rule, done,
                                         item.position))
        else:
            report.append(rules.PlanItem(
                rules.FAILED, item.rule,
                _('Trove refused it: %s') % error, item.position))
    return report


class ImportView(TransferView):
    page_title = _("Import Configuration Parameters")

    def source_form(self, data=None, files=None):
        return parameter_forms.UploadRulesForm(data, files)

    def read_source(self, request):
        form = self.source_form(request.POST, request.FILES)
        if not form.is_valid():
            return form, None, None
        parsed, problems = form.cleaned_data['rules_file']
        return None, parsed, problems


class CopyView(TransferView):
    page_title = _("Copy Configuration Parameters")

    @memoized.memoized_method
    def source_choices(self):
        version_id = self.kwargs['version_id']
        # The datastore list carries every version with its datastore's
        # name, and Trove builds it much faster than the management list.
        try:
            datastores = api.trove.datastore_list(self.request)
        except Exception:
            datastores = []
            exceptions.handle(self.request,
                              _('Unable to list the versions to copy from.'))
        choices = [(version.id, '%s %s (%s)' % (
            datastore.name, version.name, version.version))
            for datastore in datastores for version in datastore.versions
            if version.id != version_id]
        return sorted(choices, key=lambda choice: choice[1])

    def source_form(self, data=None):
        return parameter_forms.CopySourceForm(data,
                                              choices=self.source_choices())

    def read_source(self, request):
        form = self.source_form(request.POST)
        if not form.is_valid():
            return form, None, None
        try:
            parsed = api.trove.parameter_list(request,
                                              form.cleaned_data['source'])
        except Exception:
            exceptions.handle(request, _('Unable to read the source '
                                         'version\'s parameters.'))
            return form, None, None
        for position, rule in enumerate(parsed, start=1):
            rule.position = position
        return None, parsed, []
