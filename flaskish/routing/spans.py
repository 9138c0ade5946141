"""Matching a rule part with several variables in time linear in the path.

A part such as ``<path:a>/x/<path:b>`` compiled to one regex backtracks: on a
path that almost matches, the engine tries every split of ``a`` against every
split of ``b`` (quadratic in the path, worse with more variables).  Here the
part is a sequence of *spans* (literal text, a lazy ``path`` value, a run of
one character class, an optional trailing slash) matched by dynamic
programming: one backward pass finds, for each span and position, whether the
rest of the part can match from there; one forward pass then picks, span by
span, the end the regex would have preferred (shortest for ``path``, longest
for a run).  The values are the regex's; only the cost differs.

A converter whose regex is not a plain character-class run (a custom regex,
``any``, ``uuid``, ``float``, a signed ``int``) leaves its part to the regex.
"""

from __future__ import annotations

import re
import typing as t

__all__ = ["Literal", "Path", "Run", "Slash", "Span", "match_spans", "run_for"]

#: A character class repeated: ``[^/]+``, ``\d+``, ``[^/]{2,8}``.
_RUN_RE = re.compile(
    r"(?P<cls>\[\^/\]|\\d)(?:(?P<plus>\+)|\{(?P<low>\d+)(?P<comma>,(?P<high>\d*))?\})\Z"
)


class Literal(t.NamedTuple):
    text: str


class Path(t.NamedTuple):
    """werkzeug's ``path`` value, ``[^/].*?``: a first character that is not ``/``, then anything."""


class Run(t.NamedTuple):
    """``low`` to ``high`` (None: no bound) characters of ``cls``, as many as the rest allows."""

    cls: str
    low: int
    high: int | None


class Slash(t.NamedTuple):
    """An optional ``/`` that may not follow another one (``(?<!/)/?``), at the end of a part."""


Span = Literal | Path | Run | Slash


def run_for(regex: str) -> Run | None:
    """The run a converter's regex is, or None when it is something else."""
    found = _RUN_RE.match(regex)
    if found is None:
        return None
    if found["plus"]:
        return Run(found["cls"], 1, None)
    low = int(found["low"])
    if not found["comma"]:
        return Run(found["cls"], low, low)
    return Run(found["cls"], low, int(found["high"]) if found["high"] else None)


def match_spans(spans: t.Sequence[Span], text: str) -> list[str] | None:
    """The text each span of ``spans`` matched, when together they match all of ``text``."""
    feasible = _feasibility(spans, text)
    if not feasible[0][0]:
        return None
    values: list[str] = []
    position = 0
    for index, span in enumerate(spans):
        end = _preferred_end(span, text, position, feasible[index + 1])
        values.append(text[position:end])
        position = end
    return values


def _feasibility(spans: t.Sequence[Span], text: str) -> list[bytearray]:
    """``feasible[i][p]``: whether ``spans[i:]`` can match ``text[p:]`` to its end."""
    size = len(text) + 1
    after = bytearray(size)
    after[-1] = 1  # the end of the text, and nothing after it
    table = [after]
    for span in reversed(spans):
        after = _step(span, text, after)
        table.append(after)
    table.reverse()
    return table


def _step(span: Span, text: str, after: bytearray) -> bytearray:
    """Where ``span`` can start, given where what follows it can."""
    size = len(text) + 1
    here = bytearray(size)
    if isinstance(span, Literal):
        length = len(span.text)
        start = text.find(span.text)
        while start >= 0:
            here[start] = after[start + length]
            start = text.find(span.text, start + 1)
    elif isinstance(span, Path):
        last = after.rfind(1)
        for position in range(min(last, len(text))):
            here[position] = text[position] != "/"
    elif isinstance(span, Run):
        ends = _run_ends(span.cls, text)
        following = _next_feasible(after)
        for position in range(size):
            low, high = _run_bounds(span, position, ends)
            here[position] = low <= high and following[low] <= high
    else:  # Slash
        for position in range(size):
            if position and text[position - 1] == "/":
                continue
            slashed = position < len(text) and text[position] == "/" and after[position + 1]
            here[position] = bool(slashed or after[position])
    return here


def _run_ends(cls: str, text: str) -> list[int]:
    """``ends[p]``: where the run of ``cls`` characters that starts at ``p`` ends."""
    ends = list(range(len(text) + 1))
    for found in re.finditer(f"{cls}+", text):
        for position in range(found.start(), found.end()):
            ends[position] = found.end()
    return ends


def _run_bounds(span: Run, position: int, ends: list[int]) -> tuple[int, int]:
    """The first and last end a run starting at ``position`` may have (empty when first > last)."""
    high = ends[position] if span.high is None else min(ends[position], position + span.high)
    return position + span.low, high


def _next_feasible(after: bytearray) -> list[int]:
    """``following[p]``: the first feasible position at or after ``p`` (past the end: none)."""
    following = [len(after)] * (len(after) + 1)
    for position in range(len(after) - 1, -1, -1):
        following[position] = position if after[position] else following[position + 1]
    return following


def _preferred_end(span: Span, text: str, position: int, after: bytearray) -> int:
    """The end the regex would choose for ``span`` at ``position``: one from which the rest matches."""
    if isinstance(span, Literal):
        return position + len(span.text)
    if isinstance(span, Path):
        return after.index(1, position + 1)
    if isinstance(span, Run):
        low, high = _run_bounds(span, position, _run_ends(span.cls, text))
        return after.rindex(1, low, high + 1)
    slashed = position < len(text) and text[position] == "/" and after[position + 1]
    return position + 1 if slashed else position
