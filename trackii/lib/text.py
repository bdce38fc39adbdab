"""Text typed by users: what it may not carry.

Bidirectional embedding, override and isolate controls (Unicode UAX #9: U+202A–U+202E,
U+2066–U+2069) typed into a side's name, a round's title or any other field reorder what
is shown after them on a page (display spoofing, CVE-2021-42574 "Trojan Source"). Nobody
needs to type them into trackii: pages isolate user text with <bdi> instead. The marks
U+200E, U+200F and U+061C (LRM, RLM, ALM) are kept: they have ordinary uses in Arabic and
Hebrew text and reorder nothing beyond their neighbours.
"""

#: The embedding, override and isolate controls, stripped from every text a form accepts
#: (trackii.privacy.middleware.StripBidiControlsMiddleware).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

_DROP = dict.fromkeys(map(ord, BIDI_CONTROLS))


def strip_bidi_controls(text: str) -> str:
    """`text` without bidirectional embedding, override and isolate controls."""
    return text.translate(_DROP)


def has_bidi_controls(text: str) -> bool:
    return any(char in text for char in BIDI_CONTROLS)
