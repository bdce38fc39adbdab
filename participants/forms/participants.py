"""Forms of the participants area. Lengths come from the models, so a form refuses what
the database could not hold, with a message on the field."""

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from dialogues.models import Round
from participants.models import Participant, Person, VettingNote
from participants.services.bulk import BulkAction
from participants.services.participants import (
    PARTICIPANT_LEVELS,
    PERSON_FIELDS,
    RATIONALE_FIELDS,
    VETTING_LEVELS,
)
from trackii import i18n
from trackii.privacy.levels import LEVEL_LABELS, Level
from trackii.privacy.pickers import PickerChoiceField


def _side_choices(sides, blank: str):
    return [("", blank), *[(str(side.pk), side.name) for side in sides]]


def _level_choices(levels):
    return [(level, Level(level).label) for level in levels]


class ParticipantFilterForm(forms.Form):
    """The list's filters. Members outside the team filter by side only: a participant's
    pipeline state and kind of position are the team's to know."""

    side = forms.ChoiceField(label=_("Side"), required=False)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *Participant.State.choices],
    )
    position_kind = forms.ChoiceField(
        label=_("Kind of position"),
        required=False,
        choices=[("", _("All kinds")), *Person.PositionKind.choices],
    )

    def __init__(self, *args, sides, team: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.sides = {str(side.pk): side for side in sides}
        self.fields["side"].choices = _side_choices(sides, _("All sides"))
        if not team:
            del self.fields["state"]
            del self.fields["position_kind"]

    def clean_side(self):
        value = self.cleaned_data["side"]
        return self.sides.get(value) if value else None

    def filters(self) -> dict:
        """The filters to apply: none while the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}


RATIONALE_HELP = {
    "rationale_influence": _("Whom they reach, and who listens to them at home."),
    "rationale_access": _("Which decision makers they can brief, and how directly."),
    "rationale_openness": _("What shows they can listen to the other side."),
    "rationale_credibility": _("Whether their own community would trust what they bring back."),
}


class ParticipantForm(forms.Form):
    """A person and their participation in one dialogue, in one form.

    For adding (`creating=True`) it also offers the pipeline's first state and,
    when there are any, people from the organizer's other dialogues to reuse.
    """

    existing_person = PickerChoiceField(  # drawn bounded: see the view
        label=_("Someone from another of your dialogues"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— a new person —"),
        help_text=_("Leave empty to type a new person below."),
    )
    side = forms.ChoiceField(
        label=_("Side"),
        error_messages={"invalid_choice": _("Choose one of this dialogue's sides.")},
    )
    level = forms.ChoiceField(
        label=_("Who may know they take part"),
        choices=_level_choices(PARTICIPANT_LEVELS),
        initial=Level.TEAM,
    )
    state = forms.ChoiceField(
        label=_("State"), choices=Participant.State.choices, initial=Participant.State.PROPOSED
    )

    def __init__(self, *args, sides, creating: bool, reusable=None, **kwargs):
        """`reusable`: a queryset of the people the actor may reuse
        (selectors.reusable_persons); the form offers them only when there are any."""
        super().__init__(*args, **kwargs)
        self.sides = {str(side.pk): side for side in sides}
        person_fields = fields_for_model(Person, fields=PERSON_FIELDS)
        person_fields["name"].required = False  # required unless someone is reused; see clean()
        person_fields["preferred_language"].choices = [
            ("", _("Not set (English, or as their browser asks)")),
            *i18n.participant_languages(),
        ]
        rationale_fields = fields_for_model(
            Participant,
            fields=RATIONALE_FIELDS,
            widgets=dict.fromkeys(RATIONALE_FIELDS, forms.Textarea(attrs={"rows": 3})),
        )
        for name, field in rationale_fields.items():
            field.help_text = RATIONALE_HELP[name]
        fields = {}
        if creating and reusable is not None and reusable.exists():
            fields["existing_person"] = self.fields["existing_person"]
            fields["existing_person"].queryset = reusable.order_by("-id")  # newest first
            fields["existing_person"].label_from_instance = _person_label
        fields.update(person_fields)
        fields["side"] = self.fields["side"]
        fields["side"].choices = _side_choices(sides, _("Choose a side"))
        fields["level"] = self.fields["level"]
        if creating:
            fields["state"] = self.fields["state"]
        fields.update(rationale_fields)
        self.fields = fields

    @property
    def reuse_fields(self):
        return [self["existing_person"]] if "existing_person" in self.fields else []

    @property
    def person_fields(self):
        return [self[name] for name in PERSON_FIELDS]

    @property
    def participation_fields(self):
        names = ["side", "level", *(["state"] if "state" in self.fields else [])]
        return [self[name] for name in names]

    @property
    def rationale_fields(self):
        return [self[name] for name in RATIONALE_FIELDS]

    def clean_side(self):
        side = self.sides.get(self.cleaned_data["side"])
        if side is None:
            raise forms.ValidationError(_("Choose one of this dialogue's sides."))
        return side

    def clean(self):
        cleaned = super().clean()
        reused = cleaned.get("existing_person")
        if reused is None and not cleaned.get("name") and "name" not in self.errors:
            self.add_error("name", _("Type the person's name, or choose someone from the list."))
        if reused is not None and cleaned.get("name"):
            self.add_error(
                "existing_person",
                _("Either choose someone from the list or type a new person, not both."),
            )
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            "side": data["side"],
            "level": data["level"],
            "person_data": {name: data[name] for name in PERSON_FIELDS},
            **{name: data[name] for name in RATIONALE_FIELDS},
        }
        if "state" in self.fields:
            kwargs["state"] = data["state"]
        if data.get("existing_person") is not None:
            kwargs["person"] = data["existing_person"]
            del kwargs["person_data"]
        return kwargs

    @classmethod
    def initial_for(cls, participant: Participant) -> dict:
        person = participant.person
        return {
            **{name: getattr(person, name) for name in PERSON_FIELDS},
            "side": str(participant.side_id),
            "level": participant.level,
            **{name: getattr(participant, name) for name in RATIONALE_FIELDS},
        }


#: What a reusable person's label needs (_person_label): a search decrypts no more.
PERSON_LABEL_FIELDS = ("name", "affiliation")


def _person_label(person: Person) -> str:
    # Shown to an organizer of a dialogue the person takes part in, who may see their identity.
    return f"{person.name} ({person.affiliation})" if person.affiliation else person.name


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("New state"), choices=Participant.State.choices)


class VettingNoteForm(forms.ModelForm):
    """A vetting note; `restricted` means only its author (and who they grant) reads it."""

    level = forms.ChoiceField(
        label=_("Who may read it"),
        choices=[(level, LEVEL_LABELS[level]) for level in VETTING_LEVELS],
        initial=Level.TEAM,
        help_text=_("Team: organizers and facilitators. Restricted: you, and whom you grant it."),
    )

    class Meta:
        model = VettingNote
        fields = ["text", "level"]
        labels = {"text": _("Vetting note")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


#: Not recorded means expected: someone confirmed for a round is taken to attend it until an
#: organizer corrects it (issue 16), so "expected" is what the form and the pages say.
ATTENDED_CHOICES = [("", _("Expected")), ("yes", _("Attended")), ("no", _("Did not attend"))]
ATTENDED_VALUES = {"": None, "yes": True, "no": False}


class RoundParticipationForm(forms.Form):
    """One row per participant: in this round or not, and whether they attended."""

    def __init__(self, *args, participants, current, names, **kwargs):
        """`current` maps participant ids to their RoundParticipation in the round;
        `names` maps participant ids to the name this viewer may see."""
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        self.names = names
        for p in self.participants:
            rp = current.get(p.pk)
            self.fields[f"in_{p.pk}"] = forms.BooleanField(
                label=_("%(name)s in this round") % {"name": names[p.pk]},
                required=False,
                initial=rp is not None,
            )
            attended = None if rp is None else rp.attended
            self.fields[f"attended_{p.pk}"] = forms.ChoiceField(
                label=_("Attendance of %(name)s") % {"name": names[p.pk]},
                choices=ATTENDED_CHOICES,
                required=False,
                initial={None: "", True: "yes", False: "no"}[attended],
            )

    def rows(self):
        for p in self.participants:
            yield p, self.names[p.pk], self[f"in_{p.pk}"], self[f"attended_{p.pk}"]

    def entries(self) -> dict:
        return {
            p: (
                self.cleaned_data[f"in_{p.pk}"],
                ATTENDED_VALUES[self.cleaned_data[f"attended_{p.pk}"]],
            )
            for p in self.participants
        }


class BulkActionForm(forms.Form):
    """What to do with the participants ticked on the list (participants.services.bulk)."""

    selected = forms.ModelMultipleChoiceField(
        queryset=Participant.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": _("Tick at least one participant in the list.")},
    )
    action = forms.ChoiceField(label=_("With the ticked participants"), choices=BulkAction.choices)
    round = forms.ModelChoiceField(label=_("Round"), queryset=Round.objects.none(), required=False)
    state = forms.ChoiceField(
        label=_("State"), choices=[("", "—"), *Participant.State.choices], required=False
    )
    unvetted_reason = forms.CharField(
        label=_("Why invite participants who are not vetted yet"),
        max_length=500,
        required=False,
        help_text=_("Needed only if some of them are not vetted; kept with each invitation."),
    )

    def __init__(self, *args, participants, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].queryset = participants
        self.fields["round"].queryset = rounds

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action in (BulkAction.INVITE, BulkAction.ROUND) and not data.get("round"):
            self.add_error("round", _("Choose the round."))
        if action == BulkAction.STATE and not data.get("state"):
            self.add_error("state", _("Choose the state."))
        return data
