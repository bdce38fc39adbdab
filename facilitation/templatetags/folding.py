"""Long entry text folded, so one long note does not make a page metres tall.

{% folded_text note.text %} shows text up to FOLD_AT characters (or FOLD_LINES lines) as
it is; a longer one shows its beginning and a "Show all" disclosure holding the whole.
No JavaScript: the beginning hides (CSS) while the disclosure is open. Both parts are
isolated (<bdi>), as every entry's text.
"""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

#: Longer than this many characters, or lines, and the text is folded.
FOLD_AT = 600
FOLD_LINES = 8


def _head(text: str) -> str:
    lines = text.splitlines()
    head = "\n".join(lines[:FOLD_LINES]) if len(lines) > FOLD_LINES else text
    if len(head) > FOLD_AT:
        cut = head.rfind(" ", 0, FOLD_AT)
        head = head[: cut if cut > FOLD_AT // 2 else FOLD_AT]
    return head.rstrip() + "…"


@register.simple_tag
def folded_text(text):
    text = text or ""
    if len(text) <= FOLD_AT and text.count("\n") < FOLD_LINES:
        return format_html('<p class="entry__text"><bdi>{}</bdi></p>', linebreaksbr(text))
    return format_html(
        '<div class="fold"><p class="entry__text fold__head"><bdi>{}</bdi></p>'
        '<details class="fold__all"><summary>{}</summary>'
        '<p class="entry__text"><bdi>{}</bdi></p></details></div>',
        linebreaksbr(_head(text)),
        _("Show all (%(count)s characters)") % {"count": len(text)},
        linebreaksbr(text),
    )
