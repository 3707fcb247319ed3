"""The admin form for vocabulary terms: one label input per site language.

A term stores its default-language label in a model field (`label`, or `name` for themes)
and the others in the `labels` JSON field. Editors should not type JSON, so the form has a
text input per other site language (`label_fr`, `label_de`, ...) and packs them on save.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm


def other_language_codes():
    """The site's languages other than the default one, in settings order."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def label_field_name(language_code):
    return f"label_{language_code}"


class LabelledTermFormBase(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in other_language_codes():
            self.fields[label_field_name(code)].initial = self.instance.labels.get(code, "")

    def save(self, commit=True):
        self.instance.labels = {
            code: self.cleaned_data[label_field_name(code)].strip()
            for code in other_language_codes()
            if self.cleaned_data[label_field_name(code)].strip()
        }
        return super().save(commit=commit)


def label_input(language_name):
    return forms.CharField(
        label=_("Label in %(language)s") % {"language": language_name},
        max_length=120,
        required=False,
        help_text=_("Leave empty to show the default label in this language."),
    )


# The label inputs are declared fields (not added in __init__) so that panels can name them.
LabelledTermForm = type(LabelledTermFormBase)(
    "LabelledTermForm",
    (LabelledTermFormBase,),
    {
        "__module__": __name__,
        **{
            label_field_name(code): label_input(name)
            for code, name in settings.LANGUAGES
            if code != settings.LANGUAGE_CODE
        },
    },
)
