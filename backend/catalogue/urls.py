"""URLs of the public offering catalogue, under /angebote/ (German paths)."""

from django.urls import path

from backend.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.catalogue, name="list"),
    path("luecken/", views.gaps, name="gaps"),
    path("daten.csv", views.open_data_csv, name="open_data_csv"),
    path("daten.json", views.open_data_json, name="open_data_json"),
    path("<str:pk>/", views.offering_detail, name="detail"),
]
