"""Encryption at rest: authenticated, rotatable, and loud when a key is wrong or missing."""

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from trackii.privacy import crypto

OLD = crypto.generate_key()
NEW = crypto.generate_key()
ROOT = Path(__file__).resolve().parents[2]


def test_ciphertext_hides_the_text_and_opens_back():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        stored = crypto.encrypt("CANARY-secret words")

        assert "CANARY" not in stored
        assert crypto.decrypt(stored) == "CANARY-secret words"


def test_same_text_encrypts_differently_each_time():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        assert crypto.encrypt("same") != crypto.encrypt("same")


def test_tampered_ciphertext_is_refused():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        stored = crypto.encrypt("text")
        tampered = stored[:-6] + ("A" if stored[-6] != "A" else "B") + stored[-5:]

        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(tampered)


def test_wrong_key_fails_loudly_instead_of_returning_garbage():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        stored = crypto.encrypt("text")

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]), pytest.raises(crypto.DecryptionError):
        crypto.decrypt(stored)


def test_rotation_moves_text_to_the_new_key_so_the_old_key_can_go():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD]):
        stored = crypto.encrypt("text")

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW, OLD]):
        rotated = crypto.rotate(stored)

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW]):
        assert crypto.decrypt(rotated) == "text"


def test_malformed_key_is_refused():
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=["not-a-key"]),
        pytest.raises(ImproperlyConfigured),
    ):
        crypto.check_keys()


def test_production_refuses_to_start_without_encryption_keys(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "trackii.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3",
        "SECRET_KEY": "x" * 60,
        "TRACKII_DATA_DIR": str(tmp_path),
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS is not set" in result.stderr


def _clock(monkeypatch, at: float):
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: at))


def test_sealed_value_hides_its_text_and_opens_for_its_purpose(monkeypatch):
    _clock(monkeypatch, 1_800_000_000)
    sealed = crypto.seal([["name"], ["CANARY-Amal"]], purpose="import:1:2")

    assert "CANARY" not in sealed
    assert crypto.unseal(sealed, purpose="import:1:2", max_age=60) == [["name"], ["CANARY-Amal"]]


def test_sealed_value_does_not_open_for_another_purpose(monkeypatch):
    _clock(monkeypatch, 1_800_000_000)
    sealed = crypto.seal(["x"], purpose="import:1:2")

    with pytest.raises(signing.BadSignature):
        crypto.unseal(sealed, purpose="import:1:3", max_age=60)


def test_sealed_value_past_its_age_is_expired(monkeypatch):
    _clock(monkeypatch, 1_800_000_000)
    sealed = crypto.seal(["x"], purpose="p")
    _clock(monkeypatch, 1_800_000_061)

    with pytest.raises(signing.SignatureExpired):
        crypto.unseal(sealed, purpose="p", max_age=60)


def test_text_not_sealed_here_does_not_open():
    with pytest.raises(signing.BadSignature):
        crypto.unseal("enc1:forged", purpose="p", max_age=60)
