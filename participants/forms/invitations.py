"""Forms of invitations: the organizers' invite form and filter, and the invited
participant's answer, consent and needs forms (on the private link and on /me/)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dialogues.models import Round
from participants.models import Invitation, Participant
from participants.services.invitations import DEFAULT_VALID_DAYS, MAX_VALID_DAYS
from trackii.privacy.pickers import PickerChoiceField

NEEDS_MAX_LENGTH = Invitation._meta.get_field("dietary_needs").max_length


class ParticipantChoiceField(PickerChoiceField):
    """Participants labelled as the viewer may see them (a pseudonym unless organizer)."""

    def __init__(self, *args, role: str, **kwargs):
        self.role = role
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.shown_name(self.role)} · {obj.side.name}"


#: What a participant's label needs (ParticipantChoiceField): a search decrypts no more.
PARTICIPANT_LABEL_FIELDS = (
    "person",
    "side",
    "person__name",
    "person__is_protected",
    "person__erased_at",
    "side__name",
)


class InvitationCreateForm(forms.Form):
    round = forms.ModelChoiceField(label=_("Round"), queryset=Round.objects.none())
    participant = ParticipantChoiceField(
        label=_("Participant"),
        queryset=Participant.objects.none(),
        role="",
    )
    valid_days = forms.IntegerField(
        label=_("The link works for (days)"),
        min_value=1,
        max_value=MAX_VALID_DAYS,
        initial=DEFAULT_VALID_DAYS,
        help_text=_("After this the link answers “not found”. You can invite again."),
    )
    show_venue = forms.BooleanField(
        label=_("Name the venue in the invitation"),
        required=False,
        help_text=_("Otherwise the invitation shows the dates and the city only."),
    )
    unvetted_reason = forms.CharField(
        label=_("Why invite before vetting"),
        required=False,
        max_length=Invitation._meta.get_field("unvetted_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only for a participant not yet vetted: say why they are invited now. "
            "Kept with the invitation; the audit log records that you did."
        ),
    )

    def __init__(self, *args, user, access, **kwargs):
        super().__init__(*args, **kwargs)
        dialogue = access.dialogue
        self.fields["round"].queryset = Round.objects.visible_to(user).filter(dialogue=dialogue)
        field = self.fields["participant"]
        field.role = access.role
        field.queryset = (
            Participant.objects.visible_to(user)
            .filter(dialogue=dialogue)
            .with_person()
            .order_by("-id")  # the newest first: the picker shows only the first few
        )


class InvitationFilterForm(forms.Form):
    round = forms.ModelChoiceField(
        label=_("Round"), queryset=Round.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, user, dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = Round.objects.visible_to(user).filter(dialogue=dialogue)


class AnswerForm(forms.Form):
    """Accept or decline: two submit buttons named `response`."""

    response = forms.ChoiceField(
        choices=[
            (Invitation.Response.ACCEPTED, _("Accept")),
            (Invitation.Response.DECLINED, _("Decline")),
        ],
        error_messages={"required": _("Choose to accept or to decline.")},
    )


class ConsentForm(forms.Form):
    """Give or withdraw consent: two submit buttons named `decision`."""

    GIVE = "give"
    WITHDRAW = "withdraw"

    decision = forms.ChoiceField(
        choices=[(GIVE, _("I agree")), (WITHDRAW, _("I withdraw my consent"))],
        error_messages={"required": _("Choose to agree or to withdraw.")},
    )
    #: Which agreement the page showed ("<language>:<version>"), so that consent is never
    #: recorded for a version that replaced it while the participant was reading.
    shown = forms.CharField(required=False, max_length=16, widget=forms.HiddenInput)

    @property
    def given(self) -> bool:
        return self.cleaned_data["decision"] == self.GIVE


def _needs_field(label, help_text):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=NEEDS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NeedsForm(forms.Form):
    dietary_needs = _needs_field(
        _("Dietary needs"), _("For example vegetarian, halal, kosher, allergies.")
    )
    access_needs = _needs_field(
        _("Access needs"), _("Anything that would make the meeting easier to attend.")
    )
    travel_needs = _needs_field(
        _("Travel needs"), _("Visa letters, where you travel from, arrival and departure.")
    )
