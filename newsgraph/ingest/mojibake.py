"""Mojibake repair: text that went through the wrong encoding somewhere upstream ("FranÃ§ois
Hollande", "Trumpâ€™s") is repaired with ftfy, word by word, so each repair is recorded
(``record.Repair``: where, what it was, what it became) and plain-text offsets still map back
to the input (``Article.offset_map``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

import ftfy

from newsgraph.record import Repair

# A run of non-blank characters holding what UTF-8 bytes read as Latin-1 or cp1252 look like: a
# lead byte (Â…ô) then a continuation byte ("Ã§" for "ç", "â€™" for "’").
_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_PAIR = re.compile(f"[\u00c2-\u00f4][{_CONTINUATION}]")
_BLANKS = " \t\r\n"


def _suspect_runs(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) of each run of non-blank characters holding a lead and a continuation byte."""
    covered = 0
    for pair in _PAIR.finditer(text):
        if pair.start() < covered:
            continue
        start = max(text.rfind(blank, 0, pair.start()) for blank in _BLANKS) + 1
        ends = [i for blank in _BLANKS if (i := text.find(blank, pair.end())) >= 0]
        covered = min(ends, default=len(text))
        yield start, covered


def repair_mojibake(text: str) -> tuple[str, list[Repair]]:
    """The text with mojibake repaired, and the repairs (offsets into the repaired text)."""
    if text.isascii():
        return text, []
    parts, repairs, position, shift = [], [], 0, 0
    for run_start, run_end in _suspect_runs(text):
        original = text[run_start:run_end]
        fixed = ftfy.fix_encoding(original)
        if fixed == original:
            continue
        parts.append(text[position:run_start])
        parts.append(fixed)
        start = run_start + shift
        repairs.append(Repair(start=start, end=start + len(fixed), text=fixed, original=original))
        shift += len(fixed) - len(original)
        position = run_end
    if not repairs:
        return text, []
    parts.append(text[position:])
    return "".join(parts), repairs


def shifted_offset_map(offset_map: list[tuple[int, int]], repairs: list[Repair]) -> list[tuple[int, int]]:
    """The (text offset, input offset) pairs of the repaired text: every kept segment moves by
    the length the repairs before it changed, and each repair starts a segment of its own
    end so offsets after it map back past the original characters."""
    starts = [t for t, _ in offset_map]

    def input_offset(old: int) -> int:
        k = max(bisect.bisect_right(starts, old) - 1, 0)
        return offset_map[k][1] + old - offset_map[k][0]

    entries = []
    ends_old = []  # (old end, new end) of each repair
    shift = 0
    for repair in repairs:
        old_start = repair.start - shift
        old_end = old_start + len(repair.original)
        shift += len(repair.text) - len(repair.original)
        ends_old.append((old_end, repair.end))
    olds = [old for old, _ in ends_old]
    for text_start, input_start in offset_map:
        k = bisect.bisect_right(olds, text_start)
        moved = text_start + (ends_old[k - 1][1] - ends_old[k - 1][0] if k else 0)
        entries.append((moved, input_start))
    entries += [(new_end, input_offset(old_end)) for old_end, new_end in ends_old]
    return sorted(set(entries))
