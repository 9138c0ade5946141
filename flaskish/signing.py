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

import binascii
import hashlib
import hmac
import typing as t
import zlib
from math import log2

from itsdangerous.encoding import bytes_to_int, int_to_bytes, want_bytes
from itsdangerous.serializer import Serializer
from itsdangerous.signer import HMACAlgorithm, Signer
from itsdangerous.timed import TimestampSigner
from itsdangerous.url_safe import URLSafeTimedSerializer

#: Bounds the caches below: one entry per secret key (current and fallbacks) in use.
_MAX_KEYS = 64

_derived_keys: dict[tuple[bytes, bytes, str, t.Any], bytes] = {}
_keyed_macs: dict[tuple[bytes, t.Any], t.Any] = {}

_TO_URLSAFE = bytes.maketrans(b"+/", b"-_")
_FROM_URLSAFE = bytes.maketrans(b"-_", b"+/")


def _b64encode(data: bytes) -> bytes:
    """itsdangerous's ``base64_encode`` of bytes (URL-safe, unpadded), in one pass of C."""
    return binascii.b2a_base64(data, newline=False).translate(_TO_URLSAFE).rstrip(b"=")


def _b64decode(data: bytes) -> bytes:
    """itsdangerous's ``base64_decode`` of bytes, minus the wrapping of its error
    (``binascii.Error``): callers fall back to itsdangerous for that."""
    return binascii.a2b_base64((data + b"=" * (-len(data) % 4)).translate(_FROM_URLSAFE))


class KeyCachingSigner(TimestampSigner):
    """``TimestampSigner`` that derives each secret key's signing key once.

    A valid signature is checked without itsdangerous's layers of conversions;
    anything else goes through itsdangerous's own ``unsign``, for its errors.
    """

    def sign(self, value: str | bytes) -> bytes:
        value = want_bytes(value) + self.sep + _b64encode(int_to_bytes(self.get_timestamp()))
        return value + self.sep + self.get_signature(value)

    def get_signature(self, value: str | bytes) -> bytes:
        return _b64encode(self.algorithm.get_signature(self.derive_key(), want_bytes(value)))

    def verify_signature(self, value: str | bytes, sig: str | bytes) -> bool:
        try:
            raw = _b64decode(want_bytes(sig, "ascii", "ignore"))
        except Exception:
            return False
        value = want_bytes(value)
        algorithm = self.algorithm
        for secret_key in reversed(self.secret_keys):
            if algorithm.verify_signature(self.derive_key(secret_key), value, raw):
                return True
        return False

    def unsign(
        self, signed_value: str | bytes, max_age: int | None = None, return_timestamp: bool = False
    ) -> t.Any:
        sep = self.sep
        signed, found, sig = want_bytes(signed_value).rpartition(sep)
        value, found_ts, stamp = signed.rpartition(sep)
        if found and found_ts and self.verify_signature(signed, sig):
            try:
                signed_at: int | None = bytes_to_int(_b64decode(stamp))
            except Exception:
                signed_at = None
            if signed_at is not None and (
                max_age is None or 0 <= self.get_timestamp() - signed_at <= max_age
            ):
                if return_timestamp:
                    return value, self.timestamp_to_datetime(signed_at)
                return value
        return super().unsign(signed_value, max_age, return_timestamp)  # type: ignore[call-overload]

    def derive_key(self, secret_key: str | bytes | None = None) -> bytes:
        secret = self.secret_keys[-1] if secret_key is None else want_bytes(secret_key)
        # Per signer first: its salt, derivation and digest are fixed.
        mine: dict[bytes, bytes] | None = self.__dict__.get("_derived")
        if mine is None:
            mine = self.__dict__["_derived"] = {}
        derived = mine.get(secret)
        if derived is not None:
            return derived
        cache_key = (secret, self.salt, self.key_derivation, self.digest_method)
        derived = _derived_keys.get(cache_key)
        if derived is None:
            derived = super().derive_key(secret)
            if len(_derived_keys) < _MAX_KEYS:
                _derived_keys[cache_key] = derived
        if len(mine) < _MAX_KEYS:
            mine[secret] = derived
        return derived


class PreparedHMAC(HMACAlgorithm):
    """``HMACAlgorithm`` that copies an HMAC keyed once per key instead of keying anew."""

    def get_signature(self, key: bytes, value: bytes) -> bytes:
        cache_key = (key, self.digest_method)
        keyed = _keyed_macs.get(cache_key)
        if keyed is None:
            mac = hmac.new(key, digestmod=_openssl_name(self.digest_method) or self.digest_method)
            # OpenSSL's HMAC object inside, when there is one: the same copy, update
            # and digest, without a Python call around each.
            keyed = getattr(mac, "_hmac", None) or mac
            if len(_keyed_macs) < _MAX_KEYS:
                _keyed_macs[cache_key] = keyed
        mac = keyed.copy()
        mac.update(value)
        return mac.digest()


#: Hashes OpenSSL's HMAC computes itself when named (a function such as Flask's lazy
#: SHA-1 wrapper makes ``hmac`` fall back to HMAC written in Python).
_OPENSSL_HASHES = frozenset({"md5", "sha1", "sha224", "sha256", "sha384", "sha512"})


def _openssl_name(digest_method: t.Any) -> str | None:
    """The name of the standard hash ``digest_method`` makes, or None if it is not one
    (or one with other sizes, such as a truncated variant)."""
    try:
        made = digest_method()
        name = made.name
        if name not in _OPENSSL_HASHES:
            return None
        standard = hashlib.new(name)
    except Exception:
        return None
    if (made.digest_size, made.block_size) != (standard.digest_size, standard.block_size):
        return None
    return t.cast(str, name)


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

    def dump_payload(self, obj: t.Any) -> bytes:
        """itsdangerous's payload (base64, zlib-compressed and marked ``.`` when that is
        shorter by 2 bytes or more), without compressing what cannot get that short."""
        data = Serializer.dump_payload(self, obj)
        if not _incompressible(data):
            compressed = zlib.compress(data)
            if len(compressed) < len(data) - 1:
                return b"." + _b64encode(compressed)
        return _b64encode(data)

    def load_payload(self, payload: bytes, *args: t.Any, **kwargs: t.Any) -> t.Any:
        """itsdangerous's, with an uncompressed payload decoded in one step; anything
        unusual goes to itsdangerous, for its errors."""
        if args or kwargs or payload.startswith(b"."):
            return super().load_payload(payload, *args, **kwargs)
        try:
            data = _b64decode(payload)
        except ValueError:
            return super().load_payload(payload)
        return Serializer.load_payload(self, data)

    def loads(  # type: ignore[override]
        self,
        s: str | bytes,
        max_age: int | None = None,
        return_timestamp: bool = False,
        salt: str | bytes | None = None,
    ) -> t.Any:
        """itsdangerous's ``loads``; with one signer and no timestamp wanted, the
        signing date is not turned into a ``datetime`` nobody reads. Errors are the
        same: the one signer's."""
        if return_timestamp or self.fallback_signers:
            return super().loads(s, max_age, return_timestamp, salt)
        signer = t.cast(TimestampSigner, self.make_signer(salt))
        return self.load_payload(signer.unsign(want_bytes(s), max_age=max_age))

    def make_signer(self, salt: str | bytes | None = None) -> Signer:
        if salt is None:
            salt = self.salt
        signer = self._signers.get(salt)  # type: ignore[arg-type]
        if signer is None:
            signer = super().make_signer(salt)
            if len(self._signers) < _MAX_SALTS:
                self._signers[salt] = signer  # type: ignore[index]
        return signer


#: Longer payloads are always offered to zlib: the bound below cannot rule them out.
_MAX_PROVABLY_INCOMPRESSIBLE = 28


def _incompressible(data: bytes) -> bool:
    """Whether ``zlib.compress(data)`` is certainly not shorter than ``len(data) - 1``
    bytes, so compressing it (a 256 KiB state set up and cleared) would be wasted.

    zlib's output is a 2-byte header, the deflate blocks and a 4-byte checksum. With
    no 3-byte sequence occurring twice, deflate finds no match and writes literals
    only: a stored block costs more than the data, a fixed-code block 8 bits or more
    per byte, and a dynamic-code block at least its 29-bit header plus, by Kraft's
    inequality, the entropy of the literal counts (end-of-block counted once). That
    entropy is lowest when all repeats are of one byte, which bounds it from the
    number of distinct bytes alone.
    """
    size = len(data)
    if size <= 9:  # the shortest zlib stream is 8 bytes
        return True
    if size > _MAX_PROVABLY_INCOMPRESSIBLE:
        return False
    symbols = size + 1
    most = symbols - len(set(data))
    entropy_bits = symbols * log2(symbols) - most * log2(most)
    # A thousandth of a bit for float rounding, always against skipping.
    if 6 + (29 + entropy_bits - 1e-3) / 8 < size - 1:
        return False
    return len(set(zip(data, data[1:], data[2:], strict=False))) == size - 2
