#!/usr/bin/env python3
"""Check the cascade answer key against its five texts (stdlib only).

Verifies that every title and quote in tasks.json, coverage.json and findings.json
is an exact substring of the file it names, that every item in *.expected.jsonl
has text == source[start:end], and prints counts per verdict class.
Exit status 1 if anything fails.
"""
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = ["national.txt", "sichuan.txt", "mianyang.txt", "henan.txt", "luoyang.txt"]
TASK_VERDICTS = {"已承接", "部分承接", "未承接"}
TARGET_VERDICTS = {"不弱于上级", "弱于上级", "未设目标"}
KINDS = {"下级目标低于上级", "目标年份超出规划期", "同一指标目标不一致", "专栏与正文不符", "目标编制时已达到", "其他"}
SEVERITIES = {"严重", "警告", "提示"}
ITEM_FIELDS = ["doc", "start", "end", "text", "value", "value_max", "unit", "kind", "relation", "year", "subject"]

errors = []


def err(msg):
    errors.append(msg)


def load(name):
    return json.loads((HERE / name).read_text(encoding="utf-8"))


text = {}
for d in DOCS:
    raw = (HERE / d).read_bytes()
    if b"\r" in raw:
        err(f"{d}: contains CR characters")
    text[d] = raw.decode("utf-8")


def need(doc, quote, where, lo=None, hi=None):
    if doc not in text:
        err(f"{where}: unknown document {doc!r}")
        return
    if not isinstance(quote, str) or quote not in text[doc]:
        err(f"{where}: not an exact substring of {doc}: {quote!r}")
    elif lo is not None and not (lo <= len(quote) <= hi):
        err(f"{where}: length {len(quote)} outside {lo}-{hi}: {quote!r}")


# meta.json
meta = load("meta.json")
for d in DOCS:
    m = meta.get(d)
    if not m:
        err(f"meta.json: missing {d}")
        continue
    need(d, m["title"], f"meta {d} title")
    need(d, m["doc_number"], f"meta {d} doc_number")
    need(d, m["issuer"], f"meta {d} issuer")
    if m["implements"] is not None:
        hm = meta[m["implements"]]
        if hm["doc_number"] not in text[d]:
            err(f"meta {d}: does not cite the 文号 of {m['implements']}")

# tasks.json
tasks = load("tasks.json")
for d, ts in tasks.items():
    for t in ts:
        need(d, t["title"], f"tasks {d} {t['label']}")
        need(d, t["section"], f"tasks {d} {t['label']} section")
        if t.get("lead"):
            need(d, t["lead"] + "牵头", f"tasks {d} {t['label']} lead")
        for c in t.get("cooperating", []):
            need(d, c, f"tasks {d} {t['label']} cooperating")

# coverage.json
cov = load("coverage.json")
task_counts, target_counts = Counter(), Counter()
for p in cov:
    h, l = p["higher"], p["lower"]
    if meta[l]["implements"] != h:
        err(f"coverage {h}->{l}: lower does not implement higher per meta.json")
    labels = [t["label"] for t in tasks[h]]
    got = [t["label"] for t in p["tasks"]]
    if got != labels:
        err(f"coverage {h}->{l}: task labels {got} != tasks.json {labels}")
    for t in p["tasks"]:
        where = f"coverage {h}->{l} {t['label']}"
        need(h, t["title"], where + " title")
        if t["verdict"] not in TASK_VERDICTS:
            err(where + f": bad verdict {t['verdict']}")
        if t["verdict"] == "未承接":
            if t["lower_quote"] is not None:
                err(where + ": 未承接 with a lower_quote")
        else:
            need(l, t["lower_quote"], where + " lower_quote", 15, 60)
        task_counts[t["verdict"]] += 1
    for g in p["targets"]:
        where = f"coverage {h}->{l} target {g['indicator']}"
        need(h, g["higher_quote"], where + " higher_quote")
        if g["verdict"] not in TARGET_VERDICTS:
            err(where + f": bad verdict {g['verdict']}")
        if g["lower_quote"] is None:
            if g["verdict"] != "未设目标":
                err(where + ": no lower_quote but verdict is not 未设目标")
        else:
            need(l, g["lower_quote"], where + " lower_quote")
        target_counts[g["verdict"]] += 1

# findings.json
fd = load("findings.json")
finding_counts = {}
for part in ("present", "absent"):
    c = Counter()
    for i, x in enumerate(fd[part]):
        where = f"findings {part}[{i}]"
        if x["kind"] not in KINDS:
            err(where + f": bad kind {x['kind']}")
        if x["severity"] not in SEVERITIES:
            err(where + f": bad severity {x['severity']}")
        need(x["doc"], x["quote"], where + " quote", 10, 60)
        if x.get("other_quote") is not None:
            need(x["other_doc"], x["other_quote"], where + " other_quote")
        c[x["kind"]] += 1
    finding_counts[part] = c

# items
item_counts = {}
kinds = Counter()
for d in DOCS:
    path = HERE / d.replace(".txt", ".expected.jsonl")
    n = 0
    prev = -1
    for ln, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        it = json.loads(line)
        where = f"{path.name}:{ln}"
        for k in ITEM_FIELDS:
            if k not in it:
                err(where + f": missing field {k}")
        if it["doc"] != d:
            err(where + f": doc {it['doc']} != {d}")
        s, e = it["start"], it["end"]
        if text[d][s:e] != it["text"]:
            err(where + f": text {it['text']!r} != source[{s}:{e}] {text[d][s:e]!r}")
        if s <= prev:
            err(where + ": items not sorted by start or duplicated")
        prev = s
        if it["kind"] not in ("target", "baseline"):
            err(where + f": bad kind {it['kind']}")
        if it["relation"] not in (">=", "<=", "~", "="):
            err(where + f": bad relation {it['relation']}")
        kinds[it["kind"]] += 1
        n += 1
    item_counts[d] = n

print("tasks per file:", {d: len(tasks[d]) for d in DOCS})
print("coverage task verdicts:", dict(task_counts), "total", sum(task_counts.values()))
print("coverage target verdicts:", dict(target_counts), "total", sum(target_counts.values()))
for p in cov:
    print(f"  {p['higher']} -> {p['lower']}: tasks {dict(Counter(t['verdict'] for t in p['tasks']))}; "
          f"targets {dict(Counter(g['verdict'] for g in p['targets']))}")
print("findings present:", dict(finding_counts["present"]), "total", len(fd["present"]))
print("  severity:", dict(Counter(x["severity"] for x in fd["present"])))
print("findings absent:", dict(finding_counts["absent"]), "total", len(fd["absent"]))
print("items per file:", item_counts, "total", sum(item_counts.values()), dict(kinds))
if errors:
    print(f"\n{len(errors)} ERROR(S):")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("OK: all quotes are exact substrings and all item offsets match.")
