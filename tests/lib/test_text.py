"""trackii.lib.text: what typed text may not carry."""

import pytest

from trackii.lib.text import strip_bidi_controls

EMBEDDING_OVERRIDE_ISOLATE = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


@pytest.mark.parametrize("control", EMBEDDING_OVERRIDE_ISOLATE)
def test_strip_bidi_controls_removes_each_embedding_override_and_isolate(control):
    assert strip_bidi_controls(f"North{control}ern Council") == "Northern Council"


def test_strip_bidi_controls_keeps_marks_and_arabic_text():
    text = "مجلس الشمال\u200f (North\u200e)\u061c"

    assert strip_bidi_controls(text) == text
