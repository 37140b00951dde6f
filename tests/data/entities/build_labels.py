"""Build the cross-article identity labels of issue 11 from PolNeAR texts, entity patterns and
review decisions.

Usage (system python, no project code):
    python3 tests/data/entities/build_labels.py select        # writes selection.tsv (seeded tune/blind split)
    python3 tests/data/entities/build_labels.py review tune   # writes review_tune.txt (occurrences to read)
    python3 tests/data/entities/build_labels.py build tune    # writes identity_tune.jsonl
    python3 tests/data/entities/build_labels.py gaps tune     # gold surnames/first names left unlabelled
    python3 tests/data/entities/build_labels.py stats tune    # counts for the README
The same with `blind` and `blind2`. Decisions read by hand are in decisions_<set>.tsv (doc, start, entity or "-", note).
"""

from __future__ import annotations

import json
import random
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
POLNEAR = Path("/work/shared/data/polnear")
SEED = 11  # the issue number
# Set sizes in pool order: each set is the next slice of the shuffled pool (see selection()).
SET_SIZES = {"tune": 210, "blind": 130, "blind2": 140}
OMIT = "-"
SPACE = "[ \u00a0]"  # no-break spaces occur inside names ("Marco\u00a0Rubio")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    kind: str  # "full" | "short" | "group" | "blocker"
    entity: str | None  # gold entity for full/short, None for group/blocker
    rule: int  # index of the group rule for kind == "group"


def selection() -> dict[str, list[tuple[str, str]]]:
    """The seeded random split of PolNeAR train+dev articles into the tune, blind and blind2 sets.

    Each set is the next slice of one shuffled pool (tune = pool[:210], blind = pool[210:340],
    blind2 = pool[340:480]), so a later set never changes an earlier one."""
    pool = sorted(
        (path.stem, split) for split in ("train", "dev") for path in (POLNEAR / split / "text").glob("*.txt")
    )
    random.Random(SEED).shuffle(pool)
    sets, start = {}, 0
    for set_name, size in SET_SIZES.items():
        sets[set_name] = sorted(pool[start : start + size])
        start += size
    return sets


def read_text(doc: str, split: str) -> str:
    return open(POLNEAR / split / "text" / f"{doc}.txt", encoding="utf-8").read()


def compile_form(form: str) -> re.Pattern[str]:
    """Word-bounded pattern; a space in a form also matches the no-break spaces some texts put in names."""
    spaced = form.replace(" ", SPACE)
    return re.compile(rf"(?<!\w)(?:{spaced})(?!\w)")


def span_of(match: re.Match[str]) -> tuple[int, int]:
    return match.span("n") if "n" in match.re.groupindex else match.span()


class Spec:
    def __init__(self, path: Path) -> None:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        self.entities = {e["name"]: e for e in data["entity"]}
        self.full = {name: [compile_form(f) for f in e.get("full", [])] for name, e in self.entities.items()}
        self.short = {
            name: [compile_form(f) for f in e.get("short", [])] for name, e in self.entities.items()
        }
        self.groups = data["group"]
        self.group_forms = [compile_form(g["form"]) for g in self.groups]
        self.blockers = [compile_form(f) for f in data["blockers"]["forms"]]
        self.not_first_names = set(data["review"]["not_first_names"])

    def candidates(self, text: str) -> list[Candidate]:
        found = []
        for name, patterns in self.full.items():
            found += [Candidate(*span_of(m), "full", name, -1) for p in patterns for m in p.finditer(text)]
        for name, patterns in self.short.items():
            found += [Candidate(*span_of(m), "short", name, -1) for p in patterns for m in p.finditer(text)]
        for index, pattern in enumerate(self.group_forms):
            found += [Candidate(*span_of(m), "group", None, index) for m in pattern.finditer(text)]
        found += [Candidate(*m.span(), "blocker", None, -1) for p in self.blockers for m in p.finditer(text)]
        return found


KIND_RANK = {"full": 0, "blocker": 1, "short": 2, "group": 3}


def non_overlapping(candidates: list[Candidate]) -> list[Candidate]:
    """Longest span first; on equal spans a full form beats a blocker, which beats short and shared forms."""
    order = sorted(candidates, key=lambda c: (-(c.end - c.start), KIND_RANK[c.kind], c.start, c.rule))
    taken: list[Candidate] = []
    used = bytearray(max((c.end for c in candidates), default=0))
    for cand in order:
        if any(used[cand.start : cand.end]):
            continue
        used[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
        taken.append(cand)
    return sorted(taken, key=lambda c: c.start)


def first_name_before(spec: Spec, text: str, start: int) -> bool:
    """A capitalised word right before a surname may be another person's first name ("Ron Paul")."""
    word = re.search(r"([A-Z][\w.’'-]*)[ \u00a0]$", text[max(0, start - 30) : start])
    return bool(word) and word.group(1) not in spec.not_first_names


@dataclass
class Resolved:
    start: int
    end: int
    entity: str | None  # None: omitted
    review: str  # why it needs reading, "" if not


def resolve(spec: Spec, text: str) -> list[Resolved]:
    taken = [c for c in non_overlapping(spec.candidates(text)) if c.kind != "blocker"]
    present = {c.entity for c in taken if c.kind == "full"}
    out = []
    for cand in taken:
        if cand.kind == "full":
            out.append(Resolved(cand.start, cand.end, cand.entity, ""))
        elif cand.kind == "short":
            if spec.entities[cand.entity].get("needs_full") and cand.entity not in present:
                continue
            why = "capitalised word before" if first_name_before(spec, text, cand.start) else ""
            out.append(Resolved(cand.start, cand.end, cand.entity, why))
        else:
            out.append(resolve_group(spec, spec.groups[cand.rule], cand, present, text))
    return [r for r in out if r is not None]


def resolve_group(
    spec: Spec, group: dict, cand: Candidate, present: set[str | None], text: str
) -> Resolved | None:
    members_present = [m for m in group["members"] if m in present]
    default = group.get("default")
    if group.get("needs_present") and not members_present:
        return None
    if set(members_present) <= {default} and default:
        entity, why = default, ""
    elif len(members_present) == 1 and not default:
        entity, why = members_present[0], ""
    else:
        entity, why = default, "several bearers named: " + ", ".join(members_present or ["none"])
    if group.get("review_always") and not why:
        why = "always read"
    if first_name_before(spec, text, cand.start):
        why = (why + "; " if why else "") + "capitalised word before"
    return Resolved(cand.start, cand.end, entity, why)


def load_decisions(set_name: str) -> dict[tuple[str, int], str]:
    path = HERE / f"decisions_{set_name}.tsv"
    if not path.exists():
        return {}
    decisions = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        doc, start, entity = line.split("\t")[:3]
        decisions[(doc, int(start))] = entity
    return decisions


def write_review(spec: Spec, set_name: str) -> None:
    lines = []
    for doc, split in selection()[set_name]:
        text = read_text(doc, split)
        for r in resolve(spec, text):
            if r.review:
                context = (
                    text[max(0, r.start - 90) : r.start]
                    + "[["
                    + text[r.start : r.end]
                    + "]]"
                    + text[r.end : r.end + 60]
                ).replace("\n", " ")
                lines.append(f"{doc}\t{r.start}\t{r.entity}\t{r.review}\t{context}")
    (HERE / f"review_{set_name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(len(lines), "occurrences to read")


def build(spec: Spec, set_name: str) -> None:
    decisions = load_decisions(set_name)
    used = set()
    rows = []
    for doc, split in selection()[set_name]:
        text = read_text(doc, split)
        by_entity: dict[str, list[tuple[int, int]]] = {}
        for r in resolve(spec, text):
            entity = decisions.get((doc, r.start), r.entity)
            used.add((doc, r.start))
            if entity is None or entity == OMIT:
                continue
            if entity not in spec.entities:
                raise ValueError(f"unknown entity {entity!r} decided for {doc}:{r.start}")
            by_entity.setdefault(entity, []).append((r.start, r.end))
        for entity, spans in sorted(by_entity.items()):
            forms = sorted({text[s:e] for s, e in spans})
            rows.append(
                {
                    "doc": doc,
                    "split": split,
                    "entity": entity,
                    "type": spec.entities[entity]["type"],
                    "mentions": [list(s) for s in spans],
                    "forms": forms,
                }
            )
    stale = set(decisions) - used
    if stale:
        raise ValueError(f"decisions that match no occurrence: {sorted(stale)[:5]}")
    with open(HERE / f"identity_{set_name}.jsonl", "w", encoding="utf-8") as out:
        out.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    print(len(rows), "rows,", sum(len(r["mentions"]) for r in rows), "mentions")


def gaps(spec: Spec, set_name: str) -> None:
    """List occurrences of a gold surname or first name that no mention, blocker or decision covers."""
    tokens = {name.split()[-1] for name, e in spec.entities.items() if e["type"] == "PERSON"} - {"Jr."}
    tokens |= {name.split()[0] for name, e in spec.entities.items() if e["type"] == "PERSON"}
    word = re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, tokens))) + r")(?!\w)")
    decisions = load_decisions(set_name)
    for doc, split in selection()[set_name]:
        text = read_text(doc, split)
        covered = bytearray(len(text) + 1)
        spans = [(c.start, c.end) for c in non_overlapping(spec.candidates(text)) if c.kind == "blocker"]
        spans += [(r.start, r.end) for r in resolve(spec, text) if decisions.get((doc, r.start)) != OMIT]
        spans += [(start, start + 1) for (d, start) in decisions if d == doc]
        for start, end in spans:
            covered[start:end] = b"\x01" * (end - start)
        for m in word.finditer(text):
            if not any(covered[m.start() : m.end()]):
                print(
                    f"{doc}\t{m.start()}\t{m.group()}\t"
                    + text[max(0, m.start() - 60) : m.end() + 30].replace("\n", " ")
                )


def write_selection() -> None:
    """selection.tsv lists every selected article, also those that name no gold entity."""
    lines = ["set\tdoc\tsplit"] + [
        f"{set_name}\t{doc}\t{split}" for set_name, docs in selection().items() for doc, split in docs
    ]
    (HERE / "selection.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def stats(set_name: str) -> None:
    """Counts for the README."""
    text = (HERE / f"identity_{set_name}.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines()]
    entities = {row["entity"]: row["type"] for row in rows}
    per_type: dict[str, int] = {}
    for entity_type in entities.values():
        per_type[entity_type] = per_type.get(entity_type, 0) + 1
    decisions = load_decisions(set_name)
    named_in: dict[str, set[str]] = {}
    for row in rows:
        named_in.setdefault(row["entity"], set()).add(row["doc"])
    pairs = tomllib.loads((HERE / "entities.toml").read_text(encoding="utf-8"))["apart"]["pairs"]
    for first, second in pairs:
        both = named_in.get(first, set()) & named_in.get(second, set())
        seen = (len(named_in.get(first, ())), len(named_in.get(second, ())))
        print(f"  apart: {first} / {second}: articles {seen[0]} / {seen[1]}, both in {len(both)}")
    print(
        f"{set_name}: {len(selection()[set_name])} articles selected, {len({r['doc'] for r in rows})} with a gold"
        f" entity; {len(entities)} entities {per_type}; {len(rows)} (article, entity) rows;"
        f" {sum(len(r['mentions']) for r in rows)} mentions; {len(decisions)} hand decisions"
        f" ({sum(v == OMIT for v in decisions.values())} left out)"
    )


def main() -> None:
    command = sys.argv[1]
    if command == "select":
        write_selection()
    elif command == "stats":
        stats(sys.argv[2])
    else:
        spec = Spec(HERE / "entities.toml")
        {"review": write_review, "build": build, "gaps": gaps}[command](spec, sys.argv[2])


if __name__ == "__main__":
    main()
