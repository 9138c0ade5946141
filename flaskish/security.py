"""Password hashing and safe upload names, compatible with werkzeug's.

Flask apps import ``generate_password_hash``, ``check_password_hash`` and
``secure_filename`` from werkzeug. These versions read and write the same hash
strings (``scrypt:32768:8:1$salt$hex`` and ``pbkdf2:sha256:600000$salt$hex``), so
the passwords a Flask app stored keep verifying after the move to flaskish, and
the reverse.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import string
import unicodedata

__all__ = ["check_password_hash", "generate_password_hash", "secure_filename"]

_SALT_CHARS = string.ascii_letters + string.digits

#: Iterations for ``method="pbkdf2"`` without a count (werkzeug 3.1's default).
DEFAULT_PBKDF2_ITERATIONS = 1_000_000

_SCRYPT_DEFAULTS = (2**15, 8, 1)


def _gen_salt(length: int) -> str:
    if length <= 0:
        raise ValueError("The salt length must be at least 1 character.")
    return "".join(secrets.choice(_SALT_CHARS) for _ in range(length))


def _hash(method: str, salt: str, password: str) -> tuple[str, str]:
    """Hash ``password``; returns the hex digest and the fully spelled-out method."""
    name, *args = method.split(":")
    password_bytes = password.encode()
    salt_bytes = salt.encode()
    if name == "scrypt":
        if not args:
            n, r, p = _SCRYPT_DEFAULTS
        else:
            try:
                n, r, p = map(int, args)
            except ValueError:
                raise ValueError(
                    f"The method {method!r} is malformed: 'scrypt' takes three numbers,"
                    " as in 'scrypt:32768:8:1'."
                ) from None
        # hashlib's default memory cap is too small for n=2**15; allow what n, r, p need.
        maxmem = 132 * n * r * p
        digest = hashlib.scrypt(password_bytes, salt=salt_bytes, n=n, r=r, p=p, maxmem=maxmem)
        return digest.hex(), f"scrypt:{n}:{r}:{p}"
    if name == "pbkdf2":
        if len(args) > 2:
            raise ValueError(
                f"The method {method!r} is malformed: 'pbkdf2' takes a hash name and an"
                " iteration count, as in 'pbkdf2:sha256:600000'."
            )
        hash_name = args[0] if args else "sha256"
        iterations = int(args[1]) if len(args) == 2 else DEFAULT_PBKDF2_ITERATIONS
        digest = hashlib.pbkdf2_hmac(hash_name, password_bytes, salt_bytes, iterations)
        return digest.hex(), f"pbkdf2:{hash_name}:{iterations}"
    raise ValueError(f"The hash method {name!r} is not supported. Use 'scrypt' or 'pbkdf2'.")


def generate_password_hash(password: str, method: str = "scrypt", salt_length: int = 16) -> str:
    """Hash a password with a random salt, for storing instead of the password.

    :param password: the plain-text password.
    :param method: ``"scrypt"`` or ``"scrypt:n:r:p"``; ``"pbkdf2"``,
        ``"pbkdf2:hash"`` or ``"pbkdf2:hash:iterations"``.
    :param salt_length: the number of salt characters.
    :return: ``method$salt$hexdigest``, the format werkzeug writes.
    """
    salt = _gen_salt(salt_length)
    digest, full_method = _hash(method, salt, password)
    return f"{full_method}${salt}${digest}"


def check_password_hash(pwhash: str, password: str) -> bool:
    """True if ``password`` is the one ``pwhash`` was made from.

    Accepts hashes from :func:`generate_password_hash` and from werkzeug; a string
    that is not such a hash gives False.
    """
    try:
        method, salt, expected = pwhash.split("$", 2)
    except ValueError:
        return False
    return hmac.compare_digest(_hash(method, salt, password)[0], expected)


_UNSAFE_FILENAME_CHARS = re.compile(r"[^A-Za-z0-9_.-]")

# Looked up through module attributes at call time, so tests can check the Windows rules.
_IS_WINDOWS = os.name == "nt"
_PATH_SEPARATORS = tuple(sep for sep in (os.sep, os.path.altsep) if sep)
_WINDOWS_DEVICE_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{prefix}{n}" for prefix in ("COM", "LPT") for n in "123456789¹²³"}
)


def secure_filename(filename: str) -> str:
    """An ASCII-only version of an uploaded file's name, safe to join to a folder.

    Path separators become underscores, so ``../../etc/passwd`` is ``etc_passwd``;
    accents are dropped, and on Windows device names such as ``con`` get a leading
    underscore. The result may be empty: pick a name yourself then.
    """
    filename = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    for sep in _PATH_SEPARATORS:
        filename = filename.replace(sep, " ")
    filename = _UNSAFE_FILENAME_CHARS.sub("", "_".join(filename.split())).strip("._")
    if _IS_WINDOWS and filename and filename.split(".")[0].upper() in _WINDOWS_DEVICE_NAMES:
        filename = f"_{filename}"
    return filename
