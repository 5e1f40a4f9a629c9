from django.urls import re_path

from trove_ds_dashboard.content.datastores.parameters import views

# Trove's parameter names are letters, digits, "_", "." and "-" (the
# add form accepts no others); "/" would leave the URL ambiguous.
NAME = r'(?P<name>[^/]+)'

urlpatterns = [
    re_path(r'^add/$', views.AddView.as_view(), name='add'),
    re_path(r'^import/$', views.ImportView.as_view(), name='import'),
    re_path(r'^copy/$', views.CopyView.as_view(), name='copy'),
    re_path(r'^export/$', views.ExportView.as_view(), name='export'),
    re_path(r'^%s/update/$' % NAME, views.EditView.as_view(),
            name='update'),
]
