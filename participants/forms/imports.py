"""The forms of importing participants: the upload, and the confirmation of a preview."""

from django import forms
from django.conf import settings
from django.core import signing
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from participants.services.imports import MAX_ROWS
from trackii.lib.spreadsheet import UnreadableSpreadsheet, read_table
from trackii.privacy.crypto import seal, unseal

#: The largest file accepted: 2,000 rows of participants fit in far less.
MAX_BYTES = 2 * 1024 * 1024
#: How long a preview may be confirmed: long enough to read 2,000 rows, short enough that
#: a page left open does not hold a list of people for the rest of the day.
PREVIEW_MAX_AGE = 60 * 60


def _purpose(*, dialogue, actor) -> str:
    # A sealed table opens only for the organizer who uploaded it, in that dialogue.
    return f"participants.import:{dialogue.pk}:{actor.pk}"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        help_text=_("At most 2 MB and 2,000 rows; the first row names the columns."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,application/vnd.ms-excel,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        """The file's rows (read in memory, never stored); its kind is told by its content."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("This file is %(size)s; the limit is %(max)s. Split it into smaller files.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_BYTES)}
            )
        try:
            return read_table(upload.read(), max_rows=MAX_ROWS + 1)
        except UnreadableSpreadsheet as exc:
            raise forms.ValidationError(str(exc)) from exc


class ImportConfirmForm(forms.Form):
    """The preview's table, sealed (trackii.privacy.crypto.seal): encrypted, so the page
    carries no list of people in the clear, and signed for this organizer and dialogue.
    Nothing of the file is kept on the server between the preview and the import."""

    table = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, dialogue, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.purpose = _purpose(dialogue=dialogue, actor=actor)

    @classmethod
    def for_table(cls, table, *, dialogue, actor):
        form = cls(dialogue=dialogue, actor=actor)
        form.initial["table"] = seal(table, purpose=form.purpose)
        return form

    def fits_in_a_post(self) -> bool:
        """Whether the sealed table can come back: Django refuses a form post larger than
        DATA_UPLOAD_MAX_MEMORY_SIZE (the other fields take a few hundred bytes)."""
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return limit is None or len(self.initial["table"]) < limit - 4096

    def clean_table(self):
        try:
            return unseal(self.cleaned_data["table"], purpose=self.purpose, max_age=PREVIEW_MAX_AGE)
        except signing.SignatureExpired as exc:
            raise forms.ValidationError(
                _("This preview is more than an hour old. Upload the file again.")
            ) from exc
        except signing.BadSignature as exc:
            raise forms.ValidationError(
                _("This preview cannot be read. Upload the file again.")
            ) from exc
