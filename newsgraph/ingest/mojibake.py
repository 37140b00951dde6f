"""Mojibake repair: text that went through the wrong encoding somewhere upstream ("FranÃ§ois
Hollande", "Trumpâ€™s") is repaired with ftfy, word by word, so each repair is recorded
(``record.Repair``: where, what it was, what it became) and plain-text offsets still map back
to the input (``Article.offset_map``).
"""

from __future__ import annotations

import bisect
import re

import ftfy

from newsgraph.record import Repair

# A run of non-blank characters with a character mojibake is made of (Latin-1 and cp1252).
_SUSPECT = re.compile(
    r"[^ \t\r\n]*[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122][^ \t\r\n]*"
)


def repair_mojibake(text: str) -> tuple[str, list[Repair]]:
    """The text with mojibake repaired, and the repairs (offsets into the repaired text)."""
    if text.isascii():
        return text, []
    parts, repairs, position, shift = [], [], 0, 0
    for match in _SUSPECT.finditer(text):
        fixed = ftfy.fix_encoding(match.group())
        if fixed == match.group():
            continue
        parts.append(text[position : match.start()])
        parts.append(fixed)
        start = match.start() + shift
        repairs.append(Repair(start=start, end=start + len(fixed), text=fixed, original=match.group()))
        shift += len(fixed) - len(match.group())
        position = match.end()
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
