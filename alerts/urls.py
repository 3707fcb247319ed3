"""Routes of alerts, inside the language prefix: the page's language is the alert's."""

from django.urls import path

from . import views

page_urlpatterns = [
    path("alerts/new/", views.new_alert, name="alert_new"),
    path("alerts/confirm/<str:token>/", views.confirm_alert, name="alert_confirm"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="alert_unsubscribe"),
]
