"""docs/deployment.md quotes the files the tests run, verbatim, and leaves none out."""

from __future__ import annotations

import re

from .harness import ROOT, TEMPLATES

DOC = ROOT / "docs" / "deployment.md"
#: A marker naming a file, then the fenced block quoting it.
QUOTE = re.compile(r"<!-- (template|file): (\S+) -->\n```[a-z]*\n(.*?)```", re.DOTALL)


def quotes() -> dict[str, str]:
    """Each quoted file's path (from the repository root) -> the text the doc shows."""
    found = {}
    for kind, name, text in QUOTE.findall(DOC.read_text()):
        path = TEMPLATES / name if kind == "template" else ROOT / name
        found[str(path.relative_to(ROOT))] = text
    return found


def test_every_quote_is_the_file_it_names() -> None:
    quoted = quotes()
    assert quoted, "docs/deployment.md quotes no file"
    for path, text in quoted.items():
        assert text == (ROOT / path).read_text(), f"docs/deployment.md's copy of {path} differs"


def test_every_template_is_quoted() -> None:
    templates = {str(path.relative_to(ROOT)) for path in TEMPLATES.iterdir()}
    assert templates - quotes().keys() == set()
