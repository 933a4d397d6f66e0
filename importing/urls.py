from django.urls import path

from . import views

urlpatterns = [
    path("", views.open_data, name="open_data"),
    path("shixiang.<str:fmt>", views.download_catalog, name="open_data_download"),
    path("biao/<slug:slug>.csv", views.download_sheet, name="open_data_sheet"),
    path("muban.xlsx", views.download_template, name="open_data_template"),
]
