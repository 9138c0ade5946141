"""Password hashes and file names agree with werkzeug's.

The literal hashes and file names below were produced by werkzeug 3.1.3, so the
tests show that hashes a Flask app stored keep verifying on flaskish.
"""

from __future__ import annotations

import re

import pytest

from flaskish import security
from flaskish.security import check_password_hash, generate_password_hash, secure_filename

# (password, hash written by werkzeug.security.generate_password_hash)
WERKZEUG_HASHES = [
    (
        "correct horse battery staple",
        "scrypt:32768:8:1$1w80nSgpAtoJ87MX$dd488b4f95ff8f8c441392986fd27b28eea3ca7a2ed4cba1"
        "189d9f12b344bb312a828d969f1a8a73cb33144161d40bcefdbeaa778a6d7d1203dfdce059f8d51d",
    ),
    (
        "correct horse battery staple",
        "pbkdf2:sha256:1000000$oK7IVdcJA4Tgc8W8$204e6b51d251229aea7864f279b5adabf2c5a6917bc1"
        "516930015110dea104b8",
    ),
    (
        "pässwörd ☃",
        "pbkdf2:sha256:1000$44ufVxlJ$3b44168e1295e4399186db4cbb5d21e75e04ab51468dd89918e335eb"
        "4109d998",
    ),
    (
        "pässwörd ☃",
        "scrypt:16384:8:1$f0aECccEeQJ1$a14d0ead3ec5bb64c199f0d5bc394dae08ad5474db96589b0cf60b"
        "1e4f7b641d4f7badb19f9dc60d7b78b8b271e45dd081d6ce9fa2548fff59081dff1899ab2c",
    ),
    (
        "secret",
        "pbkdf2:sha512:2000$GdyhDOHTNtPrJmrQ$94b0666b65e2c715a94075d7a7df5d433714723a9cf5f203"
        "5501be9757b4071e23e6a14b532e40b188aecb495e2169f22ff53104c2856bfdba161a3ac8acc016",
    ),
    ("", "pbkdf2:sha1:500$Xcytg0Ivqbj4CkZS$a8f4930716fc59397cc254cfe59e3417b4a8812b"),
]


@pytest.mark.parametrize(("password", "pwhash"), WERKZEUG_HASHES)
def test_werkzeug_hashes_verify(password: str, pwhash: str) -> None:
    assert check_password_hash(pwhash, password)
    assert not check_password_hash(pwhash, password + "x")


def test_default_method_is_werkzeugs_scrypt_format() -> None:
    pwhash = generate_password_hash("hunter2")
    assert re.fullmatch(r"scrypt:32768:8:1\$[A-Za-z0-9]{16}\$[0-9a-f]{128}", pwhash)
    assert check_password_hash(pwhash, "hunter2")
    assert not check_password_hash(pwhash, "hunter3")


@pytest.mark.parametrize(
    ("method", "pattern"),
    [
        ("scrypt:16384:8:1", r"scrypt:16384:8:1\$[A-Za-z0-9]{8}\$[0-9a-f]{128}"),
        ("pbkdf2", r"pbkdf2:sha256:1234\$[A-Za-z0-9]{8}\$[0-9a-f]{64}"),
        ("pbkdf2:sha512", r"pbkdf2:sha512:1234\$[A-Za-z0-9]{8}\$[0-9a-f]{128}"),
        ("pbkdf2:sha256:1000", r"pbkdf2:sha256:1000\$[A-Za-z0-9]{8}\$[0-9a-f]{64}"),
    ],
)
def test_method_spelled_out_in_hash(
    monkeypatch: pytest.MonkeyPatch, method: str, pattern: str
) -> None:
    # A smaller default keeps the test fast; the real default is checked below.
    monkeypatch.setattr(security, "DEFAULT_PBKDF2_ITERATIONS", 1234)
    pwhash = generate_password_hash("s3cret ☃", method=method, salt_length=8)
    assert re.fullmatch(pattern, pwhash)
    assert check_password_hash(pwhash, "s3cret ☃")


def test_default_pbkdf2_iterations_match_werkzeug() -> None:
    assert security.DEFAULT_PBKDF2_ITERATIONS == 1_000_000


def test_salts_differ() -> None:
    first = generate_password_hash("same", method="pbkdf2:sha256:1000")
    second = generate_password_hash("same", method="pbkdf2:sha256:1000")
    assert first != second


@pytest.mark.parametrize("pwhash", ["", "plain", "pbkdf2:sha256:1000$onlysalt"])
def test_not_a_hash_is_false(pwhash: str) -> None:
    assert check_password_hash(pwhash, "plain") is False


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError) as info:
        generate_password_hash("x", method="md5")
    assert str(info.value) == "The hash method 'md5' is not supported. Use 'scrypt' or 'pbkdf2'."


def test_malformed_scrypt_method_is_refused() -> None:
    with pytest.raises(ValueError) as info:
        generate_password_hash("x", method="scrypt:1")
    assert str(info.value) == (
        "The method 'scrypt:1' is malformed: 'scrypt' takes three numbers, as in"
        " 'scrypt:32768:8:1'."
    )


def test_empty_salt_is_refused() -> None:
    with pytest.raises(ValueError) as info:
        generate_password_hash("x", salt_length=0)
    assert str(info.value) == "The salt length must be at least 1 character."


# (input, werkzeug.utils.secure_filename on POSIX, the same on Windows)
FILENAMES = [
    ("My cool movie.mov", "My_cool_movie.mov", "My_cool_movie.mov"),
    ("../../../etc/passwd", "etc_passwd", "etc_passwd"),
    ("../../etc/passwd", "etc_passwd", "etc_passwd"),
    (
        "i contain cool \xfcml\xe4uts.txt",
        "i_contain_cool_umlauts.txt",
        "i_contain_cool_umlauts.txt",
    ),
    ("Ñandú／pingüino.txt", "Nandu_pinguino.txt", "Nandu_pinguino.txt"),
    ("naïve café.md", "naive_cafe.md", "naive_cafe.md"),
    ("ﬁle.txt", "file.txt", "file.txt"),
    ("日本語.txt", "txt", "txt"),
    ("con.txt", "con.txt", "_con.txt"),
    ("CON", "CON", "_CON"),
    ("aux.tar.gz", "aux.tar.gz", "_aux.tar.gz"),
    ("nul", "nul", "_nul"),
    ("lpt1.log", "lpt1.log", "_lpt1.log"),
    ("com¹.txt", "com1.txt", "_com1.txt"),
    ("  spaces   everywhere .txt", "spaces_everywhere_.txt", "spaces_everywhere_.txt"),
    ("tab\there", "tab_here", "tab_here"),
    ("file name (1).pdf", "file_name_1.pdf", "file_name_1.pdf"),
    ("...hidden", "hidden", "hidden"),
    (".bashrc", "bashrc", "bashrc"),
    ("__init__.py", "init__.py", "init__.py"),
    ("a\\b\\c.txt", "abc.txt", "a_b_c.txt"),
    ("..\\..\\windows\\system32", "windowssystem32", "windows_system32"),
    ("a/b/c", "a_b_c", "a_b_c"),
    ("-rf", "-rf", "-rf"),
    ("foo.bar.baz", "foo.bar.baz", "foo.bar.baz"),
    ("x\x00y.txt", "xy.txt", "xy.txt"),
    ("...", "", ""),
    ("", "", ""),
]


@pytest.mark.parametrize(("filename", "posix", "windows"), FILENAMES)
def test_secure_filename_posix(
    monkeypatch: pytest.MonkeyPatch, filename: str, posix: str, windows: str
) -> None:
    monkeypatch.setattr(security, "_IS_WINDOWS", False)
    monkeypatch.setattr(security, "_PATH_SEPARATORS", ("/",))
    assert secure_filename(filename) == posix


@pytest.mark.parametrize(("filename", "posix", "windows"), FILENAMES)
def test_secure_filename_windows(
    monkeypatch: pytest.MonkeyPatch, filename: str, posix: str, windows: str
) -> None:
    monkeypatch.setattr(security, "_IS_WINDOWS", True)
    monkeypatch.setattr(security, "_PATH_SEPARATORS", ("\\", "/"))
    assert secure_filename(filename) == windows
