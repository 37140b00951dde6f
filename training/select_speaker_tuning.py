"""Seeded selection of tuning articles for issue 12 (train, not blind, not speakers.jsonl)."""
import csv, json, random, re, sys
R = "/work/shared/data/polnear"
WT = "/work/wt-speakers/tests/data/attribution"
tuned = {json.loads(l)["doc"] for l in open(f"{WT}/speakers.jsonl")}
blind = set(re.findall(r"^\d+\. \w+ (\S+) \(", open(f"{WT}/README_blind.md").read(), re.M))
assert len(blind) == 43, len(blind)
rows = csv.DictReader(open(f"{R}/metadata.tsv", encoding="utf-8"), delimiter="\t")
pool = sorted((r["filename"], r["annotators"].split("|")[0]) for r in rows
              if r["compartment"] == "train" and r["filename"] not in tuned and r["filename"] not in blind)
random.Random(12).shuffle(pool)
PRON = {"he","she","they","it","i","we","you","his","her","their","its","him","them","us","me"}
REL = {"who","which","that","where","whom","whose"}
DET = re.compile(r"^(the|a|an|some|many|several|other|his|her|their|its|our|my|one|two|three|few|both|each|another|most|this|these|those|all|any|no|more)\b", re.I)
out = []
for n, (stem, ann) in enumerate(pool[:int(sys.argv[1])]):
    text = open(f"{R}/train/text/{stem}.txt", encoding="utf-8").read()
    spans = {}
    lines = open(f"{R}/train/attributions/{stem}_{ann}.ann", encoding="utf-8").read().splitlines()
    for l in lines:
        if l.startswith("T"):
            tid, mid, txt = l.split("\t")
            label, offs = mid.split(" ", 1)
            parts = [tuple(map(int, p.split())) for p in offs.split(";")]
            spans[tid] = (label, parts[0][0], parts[-1][1])
    for l in lines:
        if not l.startswith("E"):
            continue
        args = dict(a.split(":") for a in l.split("\t")[1].split())
        role = {spans[t][0]: spans[t] for t in args.values() if t in spans}
        if "Source" not in role:
            continue
        _, s, e = role["Source"]
        st = text[s:e]
        w = st.lower().split()
        if w[0] in REL:
            continue
        lower_first = not st[0].isupper()
        cand = (len(w) == 1 and w[0] in PRON) or DET.match(st) or lower_first or re.search(r"’s|'s", st)
        if not cand:
            continue
        cue = role.get("Cue"); con = role.get("Content")
        out.append({"n": n, "doc": stem, "split": "train", "source": [s, e], "source_text": st,
                    "cue": [cue[1], cue[2]] if cue else None, "content": [con[1], con[2]] if con else None})
json.dump(out, open("/tmp/spk/cands.json", "w"), indent=0)
print(len(out), "candidates from", int(sys.argv[1]), "articles")
for i, stem in enumerate(pool[:int(sys.argv[1])]): print(i, stem)
