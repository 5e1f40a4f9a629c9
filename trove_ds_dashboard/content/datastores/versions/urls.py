from django.urls import include
from django.urls import re_path

from trove_ds_dashboard.content.datastores.parameters import urls as \
    parameter_urls
from trove_ds_dashboard.content.datastores.versions import views

UUID = r'(?P<version_id>[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})'

urlpatterns = [
    re_path(r'^%s/$' % UUID, views.DetailView.as_view(), name='detail'),
    re_path(r'^%s/update/$' % UUID, views.EditView.as_view(),
            name='update'),
    re_path(r'^%s/parameters/' % UUID,
            include((parameter_urls, 'parameters'))),
]
