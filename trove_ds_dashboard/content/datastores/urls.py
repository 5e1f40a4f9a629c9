from django.urls import include
from django.urls import re_path

from trove_ds_dashboard.content.datastores import views
from trove_ds_dashboard.content.datastores.versions import urls as \
    version_urls

UUID = r'(?P<datastore_id>[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12})'

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^create/$', views.CreateDatastoreView.as_view(),
            name='create'),
    re_path(r'^versions/$', views.AllVersionsView.as_view(),
            name='all_versions'),
    re_path(r'^versions/', include((version_urls, 'versions'))),
    re_path(r'^%s/$' % UUID, views.DetailView.as_view(), name='detail'),
    re_path(r'^%s/versions/create/$' % UUID,
            views.CreateVersionView.as_view(), name='create_version'),
]
