from django.urls import path

from . import admin_views

app_name = "assistance_admin"
urlpatterns = [
    path("", admin_views.queue, name="queue"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("report/", admin_views.report, name="report"),
    path("export.csv", admin_views.export_csv, name="export"),
]
