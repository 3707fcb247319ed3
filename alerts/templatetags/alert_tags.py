"""`{% alert_url params %}`: the link from a search to the page that saves it as an alert."""

from django import template
from django.urls import reverse

from alerts.searches import saved_query

register = template.Library()


@register.simple_tag
def alert_url(params):
    search = saved_query(params)
    return reverse("alert_new") + ("?" + search if search else "")
