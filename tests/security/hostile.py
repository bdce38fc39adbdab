"""Hostile values and the checks made on every answer to them (tests/security)."""

from django.apps import apps
from django.db import connection, models
from hypothesis import strategies as st

from tests.privacy.url_cases import CASES, VISITORS

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
#: What must never appear verbatim in an HTML answer (escaped forms are fine).
UNESCAPED = ("<script>alert(1)", "<img src=x onerror")
MEGABYTE = "A" * (1024 * 1024)
GARBAGE_ID = 2**31 + 7

HOSTILE_TEXT = [
    SCRIPT,
    IMG,
    "' OR 1=1 --",
    "'; DROP TABLE participants_person; --",
    "a\x00b",
    "\x00",
    "\u202eevil\u202c",
    "\u200f\u202bRTL\u202c",
    MEGABYTE,
    "",
    " ",
    "abc",
    "-1",
    "0",
    "1.5",
    "1e309",
    "NaN",
    str(2**63),
    str(-(2**63) - 1),
    "2026-13-45",
    "0000-00-00",
    "9999-12-31T25:61",
    "{{ 7*7 }}",
    "%s%s%n",
    "../../etc/passwd",
    "🙂" * 300,
]

hostile_text = st.one_of(
    # By index: the strategy's repr would otherwise carry the megabyte.
    st.sampled_from(range(len(HOSTILE_TEXT))).map(HOSTILE_TEXT.__getitem__),
    st.text(
        alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Z", "Cc", "Cf")),
        max_size=40,
    ),
)
#: A field's value: one hostile string, or several (for fields that take a list).
hostile_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=3))


def hostile_data(original: dict):
    """Form data built from `original`: mostly one field replaced by a hostile value (the
    others valid, so that the hostile value reaches the service and the next page), else
    each field kept or replaced, sometimes with an unknown field added."""
    if not original:
        return st.dictionaries(st.sampled_from(["text", "name", "id", "x"]), hostile_value)
    one = st.sampled_from(sorted(original)).flatmap(
        lambda key: hostile_value.map(lambda value: {**original, key: value})
    )
    fields = {key: st.one_of(st.just(value), hostile_value) for key, value in original.items()}
    several = st.fixed_dictionaries(fields, optional={"unexpected": hostile_value})
    return st.one_of(one, one, several).filter(lambda data: data != original)


def contains_null(data) -> bool:
    values = data.values() if isinstance(data, dict) else [data]
    for value in values:
        items = value if isinstance(value, list | tuple) else [value]
        if any("\x00" in str(item) for item in items):
            return True
    return False


def unescaped_markup(response) -> list[str]:
    """The hostile markup found verbatim in an HTML answer."""
    if response.streaming or "html" not in response.headers.get("Content-Type", ""):
        return []
    body = response.content.decode(errors="replace")
    return [marker for marker in UNESCAPED if marker in body]


def _text_fields(model):
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
    ]


def stored_null_bytes() -> list[str]:
    """`model.field` of every stored text value holding a null byte (read through the
    models, so that encrypted fields are read decrypted)."""
    found = []
    for model in apps.get_models():
        names = _text_fields(model)
        if not names:
            continue
        for row in model._default_manager.values_list(*names):
            found.extend(
                f"{model._meta.label}.{name}"
                for name, value in zip(names, row, strict=True)
                if isinstance(value, str) and "\x00" in value
            )
    return found


#: Rows a refused request may still write: the audit trail, sessions, login bookkeeping.
BOOKKEEPING = {
    "privacy.AuditEvent",
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
}


def row_counts() -> dict[str, int]:
    """How many rows each table holds (but the bookkeeping ones), in one query."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.label not in BOOKKEEPING and not model._meta.proxy
    )
    qn = connection.ops.quote_name
    # Table names from the models, quoted: nothing here comes from outside.
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {qn(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def garbage_kwargs(kwargs: dict) -> dict | None:
    """`kwargs` with every integer id replaced by one nobody has; None if none is an id."""
    if not any(isinstance(v, int) for v in kwargs.values()):
        return None
    return {k: GARBAGE_ID if isinstance(v, int) else v for k, v in kwargs.items()}


def allowed_visitors(case) -> list[str]:
    """Who may send `case` (declared 2xx or a redirect after a POST), at most two of them:
    the most and the least privileged; anonymous visitors only on public pages."""
    ok = [
        who
        for who in VISITORS
        if case.expect[who] in (200, 201, 204, 302) and (who != "anonymous" or _public(case))
    ]
    return sorted({ok[0], ok[-1]}, key=VISITORS.index) if ok else []


def _public(case) -> bool:
    return case.url_name.startswith(("invitation:", "reading:"))


POST_CASES = [case for case in CASES if case.method == "post"]


def filter_form_fields() -> list[str]:
    """The field names of every form that pages bind to their query string."""
    from dialogues.forms.members import AuditFilterForm
    from dialogues.forms.venues import CompareForm
    from facilitation.views.board import OptionBoardFilterForm
    from facilitation.views.search import SearchForm
    from participants.forms.invitations import InvitationFilterForm
    from participants.forms.participants import ParticipantFilterForm
    from reports.forms import OptionReviewFilterForm

    forms = [
        AuditFilterForm,
        CompareForm,
        OptionBoardFilterForm,
        SearchForm,
        InvitationFilterForm,
        ParticipantFilterForm,
        OptionReviewFilterForm,
    ]
    return sorted({name for form in forms for name in form.base_fields})
