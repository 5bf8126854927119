from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .choices import EmailMode


class PreferenceForm(forms.Form):
    email_mode = forms.ChoiceField(label=_("E-mail me"), choices=EmailMode.choices, widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_("Language of notifications"), choices=settings.LANGUAGES)
