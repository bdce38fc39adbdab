"""A software WebAuthn authenticator for tests: it makes and uses a P-256 credential the way a
browser and a passkey would, answering the options trackii's server sends.

Only "none" attestation, which is what trackii asks for. Each answer can be bent one way (the
origin the browser would report, the RP ID, the challenge, the signature counter) to show
that the server refuses it.
"""

import hashlib
import json

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url

ORIGIN = "http://testserver"
FLAG_USER_PRESENT = 0x01
FLAG_USER_VERIFIED = 0x04
FLAG_ATTESTED_DATA = 0x40


class SoftAuthenticator:
    def __init__(self, number: int = 1):
        """`number` tells credentials apart (their ids differ by it; nothing random)."""
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = hashlib.sha256(f"test-credential-{number}".encode()).digest()
        self.sign_count = 0

    @property
    def credential_id_b64(self) -> str:
        return bytes_to_base64url(self.credential_id)

    def cose_public_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def _authenticator_data(self, rp_id: str, *, attested: bool) -> bytes:
        flags = FLAG_USER_PRESENT | FLAG_USER_VERIFIED | (FLAG_ATTESTED_DATA if attested else 0)
        data = hashlib.sha256(rp_id.encode()).digest() + bytes([flags])
        data += self.sign_count.to_bytes(4, "big")
        if attested:
            data += bytes(16)  # AAGUID: none
            data += len(self.credential_id).to_bytes(2, "big") + self.credential_id
            data += self.cose_public_key()
        return data

    @staticmethod
    def _client_data(kind: str, challenge: bytes, origin: str) -> bytes:
        return json.dumps(
            {
                "type": kind,
                "challenge": bytes_to_base64url(challenge),
                "origin": origin,
                "crossOrigin": False,
            }
        ).encode()

    def register(self, options_json, *, origin=ORIGIN, rp_id=None, challenge=None) -> str:
        """The credential JSON that navigator.credentials.create() would give the page."""
        options = json.loads(options_json)
        challenge = challenge or base64url_to_bytes(options["challenge"])
        rp_id = rp_id or options["rp"]["id"]
        attestation = cbor2.dumps(
            {
                "fmt": "none",
                "attStmt": {},
                "authData": self._authenticator_data(rp_id, attested=True),
            }
        )
        client_data = self._client_data("webauthn.create", challenge, origin)
        return json.dumps(
            {
                "id": self.credential_id_b64,
                "rawId": self.credential_id_b64,
                "type": "public-key",
                "response": {
                    "clientDataJSON": bytes_to_base64url(client_data),
                    "attestationObject": bytes_to_base64url(attestation),
                    "transports": ["internal"],
                },
                "clientExtensionResults": {},
            }
        )

    def sign(self, options_json, *, origin=ORIGIN, rp_id=None, challenge=None, sign_count=None):
        """The credential JSON that navigator.credentials.get() would give the page. The
        signature counter goes up by one, unless `sign_count` says what to report."""
        options = json.loads(options_json)
        challenge = challenge or base64url_to_bytes(options["challenge"])
        rp_id = rp_id or options["rpId"]
        self.sign_count = self.sign_count + 1 if sign_count is None else sign_count
        authenticator_data = self._authenticator_data(rp_id, attested=False)
        client_data = self._client_data("webauthn.get", challenge, origin)
        signature = self.key.sign(
            authenticator_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return json.dumps(
            {
                "id": self.credential_id_b64,
                "rawId": self.credential_id_b64,
                "type": "public-key",
                "response": {
                    "clientDataJSON": bytes_to_base64url(client_data),
                    "authenticatorData": bytes_to_base64url(authenticator_data),
                    "signature": bytes_to_base64url(signature),
                },
                "clientExtensionResults": {},
            }
        )
