from django.urls import path

from . import admin_views

urlpatterns = [
    path("", admin_views.ImportIndexView.as_view(), name="index"),
    path("<int:pk>/", admin_views.BatchView.as_view(), name="batch"),
    path("<int:pk>/confirm/", admin_views.ConfirmView.as_view(), name="confirm"),
    path("<int:pk>/progress/", admin_views.BatchProgressView.as_view(), name="progress"),
    path("export/", admin_views.ExportView.as_view(), name="export"),
]
