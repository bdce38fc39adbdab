"""The one way past visible_to: work that must reach every row of a model, whoever asks.

Only a few jobs may: the retention purge, erasing a person, rotating the encryption keys,
cleaning stored text of bidirectional controls (trackii/privacy/bidi.py), and integrity
checks that only ask whether any row refers to something (reading no content). Each
names its reason, so every such read is found with `grep -rn unscoped(`.
tests/privacy/test_unscoped.py fails on `_base_manager` anywhere else and on a reason
that is not one of these.
"""

from enum import StrEnum


class Reason(StrEnum):
    RETENTION = "retention"
    ERASURE = "erasure"
    KEY_ROTATION = "key rotation"
    BIDI_CLEANING = "bidi cleaning"
    INTEGRITY = "integrity"


def unscoped(model, *, reason: Reason | str):
    """Every row of `model`, outside visible_to, for `reason` (one of Reason)."""
    Reason(reason)  # ValueError for any other reason
    return model._base_manager.all()


class UnscopedQuerySetMixin:
    """`Model.objects.unscoped(reason=...)`, the same as unscoped(Model, reason=...)."""

    def unscoped(self, *, reason: Reason | str):
        return unscoped(self.model, reason=reason)
