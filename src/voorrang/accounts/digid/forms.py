from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DigidEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "The email address of your account. No account yet? Then fill in the email "
            "address for your new account."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
