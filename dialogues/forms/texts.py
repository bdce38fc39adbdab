"""The agreement and invitation texts, one pair per participant language."""

from django import forms
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from dialogues.models import ParticipantText
from trackii import i18n

Kind = ParticipantText.Kind
MAX_LENGTH = ParticipantText._meta.get_field("text").max_length


def language_name(code: str) -> str:
    """A language's name in the reader's own language ("Arabic" to an English reader)."""
    return get_language_info(code)["name_translated"]


def field_name(kind: str, language: str) -> str:
    return f"{kind}_{language}"


class ParticipantTextsForm(forms.Form):
    """The reference language and, for each participant language, its agreement and its
    invitation text, filled with their newest versions (`newest`, keyed by (kind, language)).
    An empty text means "none in this language": the reference language's is shown."""

    reference_language = forms.ChoiceField(
        label=_("Reference language"),
        choices=i18n.participant_languages,
        help_text=_(
            "Participants whose language has no version read this language's version, "
            "with a note in their language that theirs is not available."
        ),
        error_messages={"invalid_choice": _("Choose one of the listed languages.")},
    )

    def __init__(self, *args, newest: dict, reference_language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reference_language"].initial = reference_language
        self.newest = newest
        for code, _native in i18n.participant_languages():
            name = language_name(code)
            for kind, label in (
                (Kind.AGREEMENT, _("Confidentiality agreement (%(language)s)")),
                (Kind.INVITATION, _("Invitation text (%(language)s)")),
            ):
                version = newest.get((kind, code))
                self.fields[field_name(kind, code)] = forms.CharField(
                    label=label % {"language": name},
                    required=False,
                    max_length=MAX_LENGTH,
                    initial=version.text if version else "",
                    widget=forms.Textarea(attrs={"rows": 6, "lang": code, "dir": "auto"}),
                )

    def languages(self):
        """For the template: each language with its two fields and their newest versions."""
        for code, _native in i18n.participant_languages():
            yield {
                "code": code,
                "name": language_name(code),
                "agreement": self[field_name(Kind.AGREEMENT, code)],
                "agreement_version": self.newest.get((Kind.AGREEMENT, code)),
                "invitation": self[field_name(Kind.INVITATION, code)],
                "invitation_version": self.newest.get((Kind.INVITATION, code)),
            }

    def texts(self) -> dict[tuple[str, str], str]:
        """What was typed, keyed by (kind, language), for participant_texts_save."""
        return {
            (kind, code): self.cleaned_data[field_name(kind, code)]
            for code, _name in i18n.participant_languages()
            for kind in Kind.values
        }

    def changed_agreements(self) -> list[str]:
        """The names of the languages whose agreement text this save would change."""
        changed = []
        for code, _native in i18n.participant_languages():
            version = self.newest.get((Kind.AGREEMENT, code))
            typed = self.cleaned_data[field_name(Kind.AGREEMENT, code)].strip()
            if typed != (version.text if version else ""):
                changed.append(language_name(code))
        return changed
