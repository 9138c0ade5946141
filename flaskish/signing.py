"""itsdangerous signing for session cookies, with the per-call key work done once.

itsdangerous derives the signing key from the secret key and salt (an HMAC) on
every sign and verify, then keys a fresh HMAC for the signature: four HMAC
set-ups per request that reads and writes a session. Both depend only on the
secret key, salt and digest, so they are computed once per key here; and the
signer itself, which itsdangerous builds anew for every ``dumps`` and ``loads``,
is built once per serializer and salt. The signatures are byte-for-byte
itsdangerous's (cookies stay Flask's).
"""

from __future__ import annotations

import hmac
import typing as t

from itsdangerous.encoding import want_bytes
from itsdangerous.signer import HMACAlgorithm, Signer
from itsdangerous.timed import TimestampSigner
from itsdangerous.url_safe import URLSafeTimedSerializer

#: Bounds the caches below: one entry per secret key (current and fallbacks) in use.
_MAX_KEYS = 64

_derived_keys: dict[tuple[bytes, bytes, str, t.Any], bytes] = {}
_keyed_macs: dict[tuple[bytes, t.Any], hmac.HMAC] = {}


class KeyCachingSigner(TimestampSigner):
    """``TimestampSigner`` that derives each secret key's signing key once."""

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        secret = self.secret_keys[-1] if secret_key is None else want_bytes(secret_key)
        cache_key = (secret, self.salt, self.key_derivation, self.digest_method)
        derived = _derived_keys.get(cache_key)
        if derived is None:
            derived = super().derive_key(secret)
            if len(_derived_keys) < _MAX_KEYS:
                _derived_keys[cache_key] = derived
        return derived


class PreparedHMAC(HMACAlgorithm):
    """``HMACAlgorithm`` that copies an HMAC keyed once per key instead of keying anew."""

    def get_signature(self, key: bytes, value: bytes) -> bytes:
        cache_key = (key, self.digest_method)
        keyed = _keyed_macs.get(cache_key)
        if keyed is None:
            keyed = hmac.new(key, digestmod=self.digest_method)
            if len(_keyed_macs) < _MAX_KEYS:
                _keyed_macs[cache_key] = keyed
        mac = keyed.copy()
        mac.update(value)
        return mac.digest()


#: Bounds a serializer's signers: one per salt it is asked to sign with.
_MAX_SALTS = 8


class SignerReusingSerializer(URLSafeTimedSerializer):
    """``URLSafeTimedSerializer`` that builds its signer once per salt.

    A signer holds only its keys and settings (nothing per call), so one
    signer serves every ``dumps`` and ``loads``, in every thread.
    """

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self._signers: dict[str | bytes, Signer] = {}

    def make_signer(self, salt: str | bytes | None = None) -> Signer:
        if salt is None:
            salt = self.salt
        signer = self._signers.get(salt)  # type: ignore[arg-type]
        if signer is None:
            signer = super().make_signer(salt)
            if len(self._signers) < _MAX_SALTS:
                self._signers[salt] = signer  # type: ignore[index]
        return signer
