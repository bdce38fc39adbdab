"""Reads past visible_to have one named way out (trackii/privacy/unscoped.py).

The source is read with ast: a new `_base_manager`, an unscoped() without one of the named
reasons, or a view reading a confidential model without visible_to or get_visible_or_404
fails here, before it can show someone a row they may not read.
"""

import ast
from pathlib import Path

import pytest

from trackii.privacy.registry import confidential_models
from trackii.privacy.unscoped import Reason, unscoped

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("trackii", "dialogues", "participants", "facilitation", "reports")
THE_WAY_OUT = Path("trackii/privacy/unscoped.py")
MANAGERS_PAST_THE_CHOKEPOINT = {"_base_manager", "_default_manager"}


def source_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts:
                yield relative, ast.parse(path.read_text(), filename=str(relative))


def is_view_module(path: Path) -> bool:
    return "views" in path.parts or path.name == "views.py"


def named_reason(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in {r.value for r in Reason}
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Reason"
        and node.attr in Reason.__members__
    )


def calls_named(tree, name):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if called == name:
                yield node


def test_no_manager_past_the_chokepoint_outside_the_named_way_out():
    found = [
        f"{path}:{node.lineno} {node.attr}"
        for path, tree in source_files()
        if path != THE_WAY_OUT
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS_PAST_THE_CHOKEPOINT
    ]
    assert found == [], "use unscoped(Model, reason=...) from trackii/privacy/unscoped.py"


def test_every_unscoped_read_names_one_of_the_reasons():
    unnamed = [
        f"{path}:{call.lineno}"
        for path, tree in source_files()
        if path != THE_WAY_OUT
        for call in calls_named(tree, "unscoped")
        if not any(k.arg == "reason" and named_reason(k.value) for k in call.keywords)
    ]
    assert unnamed == []


def test_views_read_confidential_models_only_through_the_chokepoint():
    names = {model.__name__ for model in confidential_models()}
    unscoped_reads = []
    for path, tree in source_files():
        if not is_view_module(path):
            continue
        guarded = {
            id(inner)
            for call in calls_named(tree, "get_visible_or_404")
            if call.args
            for inner in ast.walk(call.args[0])
        }
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Attribute)
                and node.attr == "objects"
                and isinstance(node.value, ast.Name)
                and node.value.id in names
            ):
                continue
            chain = [p for p in ast.walk(tree) if isinstance(p, ast.Attribute) and p.value is node]
            scoped = any(p.attr in {"visible_to", "none"} for p in chain)
            if not scoped and id(node) not in guarded:
                unscoped_reads.append(f"{path}:{node.lineno} {node.value.id}.objects")
    assert unscoped_reads == []


def test_unscoped_refuses_a_reason_that_is_not_named():
    from facilitation.models import Note

    with pytest.raises(ValueError, match="convenience"):
        unscoped(Note, reason="convenience")
