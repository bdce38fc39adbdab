"""Pickers: choice fields that never load every row (issue 9, "No page loads an unbounded
list").

A picker is a ModelChoiceField or ModelMultipleChoiceField whose widget is PickerSelect or
PickerCheckboxes. Its queryset stays whole, so validation is unchanged: an id outside it
(not visible to the user, or of another dialogue) is refused with Django's own message.
Only what is drawn is bounded: the rows already chosen, then at most LIMIT others, the
newest first (the queryset's order), or the first LIMIT that match a search.

Searching: titles and names are encrypted at rest (trackii.privacy.fields), so SQL cannot
match them. As the dialogue search does (facilitation/search.py), the newest SCAN rows of
the queryset are read, decrypted and matched in Python, case-insensitively, every word of
the search in the label. The label is what the user would see anyway (a protected
participant's pseudonym for those who may not see the name), so a search reveals nothing
that scrolling the full list would not.

Without JavaScript the search box submits a GET form of its own (rendered by the page
after its main form: privacy/picker_forms.html), and the page comes back narrowed. With
htmx, typing asks the same view for the picker's choices alone (?picker=<field name>),
with the rows checked meanwhile, and swaps them in. A view calls narrow() for its picker,
then returns fragment() when it is not None.
"""

from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

#: Choices shown at most, besides those already chosen.
LIMIT = 20
#: Rows read and decrypted for one search, newest first (as facilitation/search.py).
SCAN = 5_000
#: Longest search kept; longer input is cut, never refused.
MAX_QUERY = 100
#: The largest id a database key holds (a 64-bit integer): larger is no row of ours.
MAX_ID = 2**63 - 1
#: Chosen ids read back at most (a form posts a handful; more is not a real request).
MAX_SELECTED = 200


@dataclass
class Picker:
    """What the widget draws besides its choices, and whether the choices were bounded."""

    name: str
    html_name: str
    url: str = ""
    query: str = ""
    search_label: str = ""
    choices_only: bool = False
    selected: list = field(default_factory=list)
    more: bool = False
    scanned_all: bool = True
    matched: int = 0
    ids: dict = field(default_factory=dict)

    def set_ids(self, base: str) -> None:
        self.ids = {
            "input": f"{base}-search",
            "choices": f"{base}-choices",
            "form": f"{base}-search-form",
        }

    @property
    def param(self) -> str:
        return f"{self.html_name}_search"

    @property
    def searchable(self) -> bool:
        return bool(self.url)

    @property
    def status(self) -> str:
        if not self.query:
            if self.more:
                return str(_("The %(n)d newest are listed. Search to find others.") % {"n": LIMIT})
            return ""
        if not self.matched:
            text = str(_("Nothing matches."))
        elif self.more:
            text = str(_("More than %(n)d match: type more to narrow.") % {"n": LIMIT})
        else:
            text = ngettext("%(n)d match.", "%(n)d matches.", self.matched) % {"n": self.matched}
        if not self.scanned_all:
            text += " " + str(_("Only the newest %(n)s were searched.") % {"n": f"{SCAN:,}"})
        return text


class PickerMixin:
    """A widget that draws a search box above its (bounded) choices."""

    template_name = "privacy/widgets/picker.html"
    picker: Picker | None = None

    def get_context(self, name, value, attrs):
        field_ = getattr(self.choices, "field", None)  # still the queryset's iterator
        if self.picker is None and field_ is not None:
            # Not narrowed by the view: still never draw every row (newest LIMIT, no box).
            picker = Picker(name=name, html_name=name)
            field_.choices = _bounded(field_, picker, selected=_as_list(value))
            self.choices = field_.choices
            self.picker = picker
        if self.picker is None:
            self.picker = Picker(name=name, html_name=name)  # choices set by hand: as they are
        context = super().get_context(name, value, attrs)
        picker = self.picker
        if not picker.ids:
            picker.set_ids(context["widget"]["attrs"].get("id") or f"id_{name}")
        context["picker"] = picker
        context["inner_template"] = self.inner_template
        return context


class PickerSelect(PickerMixin, forms.Select):
    inner_template = "django/forms/widgets/select.html"


class PickerCheckboxes(PickerMixin, forms.CheckboxSelectMultiple):
    inner_template = "django/forms/widgets/multiple_input.html"


def _out_of_range(value) -> bool:
    """An integer no key of ours can hold: looked up, it would fail in the database (500)."""
    try:
        number = int(str(value))
    except ValueError:
        return False  # not a number: the field's own checks refuse it
    return not 0 < number <= MAX_ID


class PickerChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField drawn as a picker. An id out of any key's range is refused like
    an unknown one, instead of failing in the database."""

    widget = PickerSelect

    def to_python(self, value):
        if value not in self.empty_values and _out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class PickerMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField drawn as a picker (see PickerChoiceField)."""

    widget = PickerCheckboxes

    def _check_values(self, value):
        for pk in value:
            if _out_of_range(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


def _as_list(value) -> list:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _ids(values) -> list[int]:
    """The well-formed ids among submitted values; anything else is left to validation."""
    ids = []
    for value in values[:MAX_SELECTED]:
        value = getattr(value, "pk", value)
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    return [i for i in ids if 0 < i <= MAX_ID]


def _matches(label: str, words: list[str]) -> bool:
    folded = label.casefold()
    return all(word in folded for word in words)


def _bounded(field_, picker: Picker, *, selected, only=()) -> list:
    """The choices to draw: the chosen rows the queryset holds, then at most LIMIT others
    (newest first, or matching the search). Two queries at most, whatever the rows."""
    queryset = field_.queryset
    if only:
        queryset = queryset.only(*only)
    ids = _ids(selected)
    chosen = list(queryset.filter(pk__in=ids)) if ids else []
    others = queryset.exclude(pk__in=[obj.pk for obj in chosen])
    label = field_.label_from_instance
    words = picker.query.casefold().split()
    if not words:
        rows = list(others[: LIMIT + 1])
        picker.more = len(rows) > LIMIT
        rows = rows[:LIMIT]
    else:
        rows, seen = [], 0
        # Row by row, so that a search stops decrypting once it has enough.
        for obj in others[:SCAN].iterator(chunk_size=500):
            seen += 1
            if _matches(label(obj), words):
                if len(rows) == LIMIT:
                    picker.more = True
                    break
                rows.append(obj)
        picker.matched = len(rows)
        picker.scanned_all = picker.more or seen < SCAN
    choices = [(obj.pk, label(obj)) for obj in [*chosen, *rows]]
    empty_label = getattr(field_, "empty_label", None)
    if empty_label is not None:
        choices.insert(0, ("", empty_label))
    return choices


def asked_for(request, name: str) -> bool:
    """Whether this request asks for the choices of the picker `name` alone (htmx)."""
    return request.method == "GET" and request.GET.get("picker") == name


def narrow(request, form, name: str, *, url: str = "", search_label=None, only=()) -> None:
    """Bound the choices of form[name] for this request, and record the picker on the form
    (form.pickers, for privacy/picker_forms.html). Nothing when the form has no such field.

    The search comes from `<field>_search` in the query string; the chosen rows from the
    bound data, or the initial value, or (when the search box asks for the choices alone)
    the values it sends along. `url`: where the search goes (this page by default). `only`:
    the fields the labels need, so a search decrypts nothing else."""
    if name not in form.fields:
        return
    bound = form[name]
    field_ = form.fields[name]
    picker = Picker(
        name=name,
        html_name=bound.html_name,
        url=url or request.path,
        search_label=search_label or _("Search"),
        choices_only=asked_for(request, name),
    )
    picker.query = " ".join(request.GET.get(picker.param, "").split())[:MAX_QUERY]
    picker.set_ids(bound.auto_id or f"id_{name}")
    if picker.choices_only:
        picker.selected = request.GET.getlist(bound.html_name)[:MAX_SELECTED]
    else:
        picker.selected = _as_list(bound.value())
    field_.choices = _bounded(field_, picker, selected=picker.selected, only=only)
    field_.widget.picker = picker
    if not hasattr(form, "pickers"):
        form.pickers = {}
    form.pickers[name] = picker


def fragment(request, form) -> HttpResponse | None:
    """The choices of the picker this request asks for (see asked_for), or None."""
    for name, picker in getattr(form, "pickers", {}).items():
        if picker.choices_only:
            bound = form[name]
            # The rows checked in the browser, not the saved ones: they stay checked.
            html = bound.field.widget.render(
                bound.html_name,
                picker.selected,
                attrs={"id": bound.auto_id} if bound.auto_id else None,
                renderer=form.renderer,
            )
            return HttpResponse(html)
    return None
