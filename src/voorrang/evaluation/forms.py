from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 2 * 1024 * 1024


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        label=_("Data as of"),
        help_text=_("The figures count up to the end of this day. Write it as YYYY-MM-DD."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    @staticmethod
    def today() -> dict[str, str]:
        return {"as_of": timezone.localdate().isoformat()}


class ReportForm(AsOfForm):
    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=[("nl", _("Dutch")), ("en", _("English"))],
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class ObservationsForm(UploadForm):
    file = forms.FileField(
        label=_("CSV file with observations"),
        help_text=_(
            "Columns: indicator, period_start, period_end, building, value, note (comma or "
            "semicolon, UTF-8). Dates as YYYY-MM-DD. Every row is checked first: one bad row "
            "and nothing is stored."
        ),
    )


class TheoryImportForm(UploadForm):
    file = forms.FileField(
        label=_("JSON file of a theory of change"),
        help_text=_("As downloaded with 'JSON' on the theory of change page."),
    )
    replace = forms.BooleanField(
        label=_("Replace the stored theory with the same key, with its observations"),
        required=False,
    )
