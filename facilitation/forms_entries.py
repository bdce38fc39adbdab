"""Forms of the live console: the quick-entry box, entry edits, option lifecycle and
stances, trust readings, closing and tidying a session, and the anonymous reading."""

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from dialogues.models import Side
from facilitation.models import Note, Option, OptionLineage, OptionStance, Topic, TrustStep
from participants.models import Participant
from trackii.privacy.levels import Level
from trackii.privacy.pickers import PickerMultipleChoiceField

MAX_TAGS = 10
MAX_TAG_LENGTH = 40
SCORES = [(i, str(i)) for i in range(1, 6)]


def normalize_tags(value: str) -> str:
    """Comma-separated free tags: trimmed, without duplicates (ignoring case), in order."""
    tags: list[str] = []
    for raw in (value or "").split(","):
        tag = " ".join(raw.split())
        if tag and tag.lower() not in {t.lower() for t in tags}:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ValidationError(
            _("At most %(n)d tags, please."), params={"n": MAX_TAGS}, code="too_many"
        )
    if any(len(t) > MAX_TAG_LENGTH for t in tags):
        raise ValidationError(
            _("Keep each tag under %(n)d characters."),
            params={"n": MAX_TAG_LENGTH},
            code="too_long",
        )
    return ", ".join(tags)


class TagsField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("label", _("Tags"))
        kwargs.setdefault("help_text", _("Optional, separated by commas."))
        super().__init__(**kwargs)

    def clean(self, value):
        return normalize_tags(super().clean(value))


class VersionField(forms.IntegerField):
    """The version of the item the editor started from (see LiveEntry.version)."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.HiddenInput, min_value=1, **kwargs)


class SpeakerField(forms.ModelChoiceField):
    """Who spoke, among the participants the writer may name (entries.speakers_for), each
    shown as the writer may see them: `shown_name(role)`, a protected participant by
    pseudonym, with their side."""

    def __init__(self, *, role=None, **kwargs):
        self.role = role
        kwargs.setdefault("queryset", None)  # set by speaker_field
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Speaker (team only)"))
        kwargs.setdefault(
            "help_text",
            _(
                "Optional: a participant of this session's round. Or choose only their "
                "side, or leave both empty."
            ),
        )
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        return f"{obj.shown_name(self.role)} ({obj.side.name})"


def speaker_field(form, name: str, speakers, role) -> None:
    """Give `form`'s field `name` the participants `speakers`, labelled for `role`."""
    field = form.fields[name]
    if speakers is None:
        speakers = Participant.objects.none()
    field.queryset = speakers
    field.role = role


def naming_side(message, side):
    """`message` (with %(side)s) naming `side`, the side's name isolated in <bdi> so that a
    right-to-left name cannot reorder the sentence; the rest escaped."""
    return mark_safe(  # noqa: S308 (the message is escaped, the name by format_html)
        escape(message) % {"side": format_html("<bdi>{}</bdi>", side.name)}
    )


def sides_of(dialogue):
    return Side.objects.filter(dialogue=dialogue)


def conflict_sides(sides):
    """The sides of the conflict: readings are not taken for the third party."""
    return [side for side in sides if not side.is_third_party]


class QuickEntryForm(forms.Form):
    """Type, pick the kind, confirm the level, Enter. The rest is tidied later."""

    KINDS = [
        ("note", _("Note")),
        ("step", _("Trust-building step")),
        ("option", _("Option")),
    ]
    #: How long the text of each kind may be (the model field it lands in).
    MAX_LENGTH = {"note": 10_000, "step": 5_000, "option": 10_000}

    text = forms.CharField(
        label=_("What happened"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=_(
            "Enter saves, Shift+Enter starts a new line. Alt+N note, Alt+T trust-building "
            "step, Alt+O option."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=KINDS, initial="note", widget=forms.RadioSelect
    )
    level = forms.ChoiceField(label=_("Confidentiality"), choices=Level.choices)
    side = forms.ModelChoiceField(
        label=_("Side"),
        queryset=Side.objects.none(),
        required=False,
        help_text=_("Optional: the speaker's (team only), a side taking part, or of origin."),
    )
    speaker = SpeakerField(help_text=_("Notes only, optional: a participant of this round."))
    tags = TagsField()
    client_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, dialogue, speakers=None, role=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].queryset = sides_of(dialogue)
        speaker_field(self, "speaker", speakers, role)
        self.fields["level"].initial = dialogue.default_level
        # Ids of their own: the console holds several forms with fields of the same name.
        self.auto_id = "entry-%s"
        self.fields["client_key"].initial = uuid.uuid4()

    def clean(self):
        data = super().clean()
        limit = self.MAX_LENGTH.get(data.get("kind"))
        text = data.get("text") or ""
        if limit and len(text) > limit:
            self.add_error(
                "text",
                _("Keep it under %(n)d characters for this kind, or split it.") % {"n": limit},
            )
        return data


class NoteEditForm(forms.ModelForm):
    version = VersionField()
    tags = TagsField()

    class Meta:
        model = Note
        fields = ["text", "level", "speaker_participant", "speaker_side", "speaker", "tags"]
        field_classes = {"speaker_participant": SpeakerField}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, dialogue, speakers=None, role=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = f"note-{self.instance.pk}-%s"
        self.fields["speaker_side"].queryset = sides_of(dialogue)
        speaker_field(self, "speaker_participant", speakers, role)
        current = self.instance.speaker_participant_id
        if current and not self.fields["speaker_participant"].queryset.filter(pk=current):
            # A speaker this editor may not see: not shown, and kept as it is (KEEP).
            del self.fields["speaker_participant"]
            del self.fields["speaker_side"]
        if self.instance.speaker:
            self.fields["speaker"].help_text = _(
                "Typed before speakers were chosen among the participants. Correct it or "
                "clear it; the team only sees it."
            )
        else:
            del self.fields["speaker"]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class TrustStepForm(forms.ModelForm):
    version = VersionField()
    tags = TagsField()

    class Meta:
        model = TrustStep
        fields = ["kind", "sides", "observed", "effect", "level", "tags"]
        widgets = {
            "observed": forms.Textarea(attrs={"rows": 4}),
            "sides": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, dialogue, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = f"step-{self.instance.pk}-%s"
        self.fields["sides"].queryset = sides_of(dialogue)
        self.fields["effect"].widget.choices = [
            ("", _("Not judged yet")),
            *TrustStep.Effect.choices,
        ]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class OptionForm(forms.ModelForm):
    version = VersionField()
    tags = TagsField(help_text=_("Optional free tags beside the standard topics."))
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    derived_from = PickerMultipleChoiceField(  # drawn bounded: see the console's editor
        label=_("Derived from"),
        queryset=Option.objects.none(),
        required=False,
        help_text=_("Earlier options this one refines or merges."),
    )
    lineage_kind = forms.ChoiceField(
        label=_("How"), choices=OptionLineage.Kind.choices, initial=OptionLineage.Kind.REFINED
    )

    class Meta:
        model = Option
        fields = ["title", "text", "level", "sides", "proposed_by", "tags"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4}), "sides": forms.CheckboxSelectMultiple}

    def __init__(self, *args, dialogue, parents, **kwargs):
        """`parents`: the options (visible to the editor) this one may derive from."""
        super().__init__(*args, **kwargs)
        self.auto_id = f"option-{self.instance.pk}-%s"
        self.fields["sides"].queryset = sides_of(dialogue)
        self.fields["proposed_by"].help_text = _(
            "Optional. A person, shown to organizers and facilitators only. "
            "Otherwise record the sides."
        )
        self.fields["derived_from"].queryset = parents
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["topics"].initial = [t.topic for t in self.instance.topics.all()]
            lineage = list(self.instance.lineage.all())
            self.fields["derived_from"].initial = [row.parent_id for row in lineage]
            if lineage:
                self.fields["lineage_kind"].initial = lineage[0].kind


class OptionTransitionForm(forms.Form):
    from_state = forms.ChoiceField(choices=Option.State.choices, widget=forms.HiddenInput)
    to_state = forms.ChoiceField(label=_("Move to"), choices=())
    reason = forms.CharField(label=_("Why"), max_length=500)

    def __init__(self, *args, option, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = f"move-{option.pk}-%s"
        labels = dict(Option.State.choices)
        # Offered: the moves from the current state. Accepted: any state, because the move
        # is judged against the state the editor saw (from_state), by the service, which
        # also tells a move from a state that is no longer current (a conflict).
        self.fields["to_state"].choices = (
            Option.State.choices
            if self.is_bound
            else [(s.value, labels[s]) for s in option.next_states()]
        )
        self.fields["from_state"].initial = option.state


class OptionStancesForm(forms.Form):
    """One stance per side of the dialogue, with the stance seen when the form was drawn."""

    def __init__(self, *args, option, sides, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = f"stances-{option.pk}-%s"
        current = {s.side_id: s.stance for s in option.stances.all()}
        self.sides = list(sides)
        for side in self.sides:
            seen = current.get(side.pk, OptionStance.Stance.UNKNOWN)
            self.fields[f"stance_{side.pk}"] = forms.ChoiceField(
                label=format_html("<bdi>{}</bdi>", side.name),
                choices=OptionStance.Stance.choices,
                initial=seen,
            )
            self.fields[f"seen_{side.pk}"] = forms.ChoiceField(
                choices=OptionStance.Stance.choices, initial=seen, widget=forms.HiddenInput
            )

    def changes(self) -> dict:
        return {
            side: (self.cleaned_data[f"seen_{side.pk}"], self.cleaned_data[f"stance_{side.pk}"])
            for side in self.sides
        }


class TrustReadingForm(forms.Form):
    """A facilitator's quick reading: trust and belief, 1–5, for any of the sides."""

    client_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, sides, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = "reading-%s"
        self.fields["client_key"].initial = uuid.uuid4()
        self.sides = conflict_sides(sides)
        for side in self.sides:
            for name, label in (("trust", _("trust")), ("belief", _("belief"))):
                self.fields[f"{name}_{side.pk}"] = forms.TypedChoiceField(
                    label=format_html("<bdi>{}</bdi>: {}", side.name, label),
                    choices=[("", "–"), *SCORES],
                    coerce=int,
                    empty_value=None,
                    required=False,
                )

    def clean(self):
        data = super().clean()
        readings = {}
        for side in self.sides:
            trust, belief = data.get(f"trust_{side.pk}"), data.get(f"belief_{side.pk}")
            if (trust is None) != (belief is None):
                self.add_error(
                    f"belief_{side.pk}" if belief is None else f"trust_{side.pk}",
                    naming_side(_("Give both scores for %(side)s, or neither."), side),
                )
            elif trust is not None:
                readings[side] = (trust, belief)
        if not readings and not self.errors:
            raise ValidationError(_("Give a reading for at least one side."))
        data["readings"] = readings
        return data


class ReadingLinkForm(forms.Form):
    """A reading link is made for one side of the conflict: each side's participants get
    their own, so no one answers for a side that is not theirs."""

    def __init__(self, *args, sides=(), **kwargs):
        """`sides`: the dialogue's sides, already read (the console pays no query for them)."""
        kwargs.setdefault("auto_id", "link-%s")
        super().__init__(*args, **kwargs)
        self.sides = {side.pk: side for side in sides if not side.is_third_party}
        self.fields["side"].choices = [(pk, side.name) for pk, side in self.sides.items()]

    side = forms.TypedChoiceField(label=_("For the participants of"), coerce=int)
    hours = forms.IntegerField(
        label=_("Link works for (hours)"), min_value=1, max_value=72, initial=3
    )

    def clean_side(self):
        return self.sides[self.cleaned_data["side"]]


class CloseForm(forms.Form):
    """Attendance per side and a short summary; the session is then closed."""

    summary = forms.CharField(
        label=_("Summary"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    summary_level = forms.ChoiceField(
        label=_("Confidentiality of the summary"), choices=Level.choices, initial=Level.TEAM
    )
    summary_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, sides, attendance=(), summary=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = "close-%s"
        counts = {a.side_id: a.count for a in attendance}
        self.sides = list(sides)
        for side in self.sides:
            self.fields[f"attended_{side.pk}"] = forms.IntegerField(
                label=naming_side(_("Attended from %(side)s"), side),
                min_value=0,
                max_value=10_000,
                required=False,
                initial=counts.get(side.pk),
            )
        if summary is not None:
            self.fields["summary"].initial = summary.text
            self.fields["summary_level"].initial = summary.level
            self.fields["summary_version"].initial = summary.version

    def attendance(self) -> dict:
        return {side: self.cleaned_data[f"attended_{side.pk}"] for side in self.sides}


class TidyForm(forms.Form):
    """Set the level of several entries at once: values are kind:id:version."""

    items = forms.MultipleChoiceField(
        label=_("Entries"), choices=(), widget=forms.MultipleHiddenInput
    )
    level = forms.ChoiceField(
        label=_("Set the level of the selected entries to"), choices=Level.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.auto_id = "tidy-%s"
        # Any well-formed value is accepted here; the service touches only entries of the
        # session that the actor may read.
        self.fields["items"].valid_value = lambda value: _parse_item(value) is not None

    def cleaned_items(self) -> list[tuple[str, int, int]]:
        return [_parse_item(v) for v in self.cleaned_data["items"]]


def _parse_item(value: str):
    kind, _sep, rest = value.partition(":")
    pk, _sep, version = rest.partition(":")
    if kind not in ("note", "step", "option") or not pk.isdigit() or not version.isdigit():
        return None
    return kind, int(pk), int(version)
