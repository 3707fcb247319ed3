"""The subscription form of an alert: an address and how often."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Alert

HONEYPOT_FIELD = "homepage"


class AlertForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Alert.Frequency.choices, initial=Alert.Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )
    # Left empty by people, filled in by bots (hidden from view and from assistive technology).
    homepage = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()
