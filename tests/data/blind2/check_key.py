#!/usr/bin/env python3
"""Check the blind2 answer keys against their documents (stdlib only).

For every X.expected.jsonl in this folder: the document X.txt / X.html exists,
is UTF-8 without BOM and with LF line endings; every record has exactly the
SPEC fields with the right types; text == document[start:end]; spans do not
overlap. Also checks every X.meta.json. Prints item counts; exits 1 on error.

usage: python3 check_key.py [FOLDER]
"""
import json
import re
import sys
from pathlib import Path

FIELDS = ["doc", "start", "end", "text", "value", "value_max", "unit",
          "kind", "relation", "year", "subject"]
KINDS = {"target", "baseline"}
RELATIONS = {">=", "<=", "~", "="}
LEVELS = {"国家", "省", "自治区", "直辖市", "市", "县", "区", ""}
META_FIELDS = ["title", "doc_number", "issuer", "issue_date", "region", "level",
               "period_start", "period_end", "period_stated", "implements"]
TRAD_UNIT_CHARS = set("個張冊學時萬億項門節臺條間")


def is_num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def check_doc_file(path, errors):
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append(f"{path.name}: has a BOM")
    if b"\r" in raw:
        errors.append(f"{path.name}: contains CR characters")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        errors.append(f"{path.name}: not UTF-8: {e}")
        return None


def check_key(key, errors):
    stem = key.name[: -len(".expected.jsonl")]
    docs = [p for p in (key.parent / (stem + ".txt"), key.parent / (stem + ".html")) if p.exists()]
    if len(docs) != 1:
        errors.append(f"{key.name}: expected exactly one document {stem}.txt|.html, found {len(docs)}")
        return []
    doc = docs[0]
    text = check_doc_file(doc, errors)
    if text is None:
        return []
    recs = []
    for n, line in enumerate(key.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{key.name}:{n}"
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"{where}: not JSON: {e}")
            continue
        if list(r.keys()) != FIELDS:
            errors.append(f"{where}: fields {list(r.keys())} != {FIELDS}")
            continue
        if r["doc"] != doc.name:
            errors.append(f"{where}: doc {r['doc']!r} != {doc.name!r}")
        s, e = r["start"], r["end"]
        if not (isinstance(s, int) and isinstance(e, int) and not isinstance(s, bool)
                and 0 <= s < e <= len(text)):
            errors.append(f"{where}: bad span {s}..{e}")
            continue
        if text[s:e] != r["text"]:
            errors.append(f"{where}: text {r['text']!r} != source {text[s:e]!r}")
        if r["text"] != r["text"].strip():
            errors.append(f"{where}: span has leading/trailing whitespace")
        if not is_num(r["value"]):
            errors.append(f"{where}: value not a number")
        vm = r["value_max"]
        if vm is not None and not (is_num(vm) and is_num(r["value"]) and vm > r["value"]):
            errors.append(f"{where}: value_max {vm!r} must be null or a number above value")
        if not isinstance(r["unit"], str) or not r["unit"].strip():
            errors.append(f"{where}: empty unit")
        elif set(r["unit"]) & TRAD_UNIT_CHARS:
            errors.append(f"{where}: unit {r['unit']!r} not in simplified characters")
        if r["kind"] not in KINDS:
            errors.append(f"{where}: kind {r['kind']!r}")
        if r["relation"] not in RELATIONS:
            errors.append(f"{where}: relation {r['relation']!r}")
        y = r["year"]
        if y is not None and not (isinstance(y, int) and not isinstance(y, bool) and 1990 <= y <= 2040):
            errors.append(f"{where}: year {y!r}")
        if not isinstance(r["subject"], str) or not r["subject"].strip():
            errors.append(f"{where}: empty subject")
        recs.append(r)
    recs.sort(key=lambda r: r["start"])
    for a, b in zip(recs, recs[1:]):
        if b["start"] < a["end"]:
            errors.append(f"{key.name}: overlapping spans at {a['start']} and {b['start']}")
    return recs


def check_meta(path, errors):
    try:
        m = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        errors.append(f"{path.name}: {e}")
        return
    if list(m.keys()) != META_FIELDS:
        errors.append(f"{path.name}: fields {list(m.keys())} != {META_FIELDS}")
        return
    for k in ("title", "doc_number", "issuer", "issue_date", "region", "level"):
        if not isinstance(m[k], str):
            errors.append(f"{path.name}: {k} must be a string")
    if m["issue_date"] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", m["issue_date"]):
        errors.append(f"{path.name}: issue_date {m['issue_date']!r}")
    if m["level"] not in LEVELS:
        errors.append(f"{path.name}: level {m['level']!r}")
    for k in ("period_start", "period_end"):
        if m[k] is not None and not (isinstance(m[k], int) and not isinstance(m[k], bool)):
            errors.append(f"{path.name}: {k} must be int or null")
    if isinstance(m["period_start"], int) and isinstance(m["period_end"], int) and m["period_start"] > m["period_end"]:
        errors.append(f"{path.name}: period_start after period_end")
    if not isinstance(m["period_stated"], bool):
        errors.append(f"{path.name}: period_stated must be a boolean")
    if not (isinstance(m["implements"], list) and all(isinstance(x, str) for x in m["implements"])):
        errors.append(f"{path.name}: implements must be a list of strings")
    elif any("《" in x or "》" in x for x in m["implements"]):
        errors.append(f"{path.name}: implements titles must not carry 《》")


def main():
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    errors = []
    keys = sorted(folder.glob("*.expected.jsonl"))
    total = {"target": 0, "baseline": 0}
    print(f"{'document':44s} {'items':>5s} {'target':>6s} {'base':>5s}")
    for key in keys:
        recs = check_key(key, errors)
        t = sum(r["kind"] == "target" for r in recs)
        b = sum(r["kind"] == "baseline" for r in recs)
        total["target"] += t
        total["baseline"] += b
        print(f"{key.name[:-len('.expected.jsonl')]:44s} {len(recs):5d} {t:6d} {b:5d}")
        meta = folder / (key.name[: -len(".expected.jsonl")] + ".meta.json")
        if meta.exists():
            check_meta(meta, errors)
        else:
            errors.append(f"{meta.name}: missing")
    for d in sorted(list(folder.glob("*.txt")) + list(folder.glob("*.html"))):
        if not (folder / (d.stem + ".expected.jsonl")).exists():
            errors.append(f"{d.name}: no answer key")
    n = total["target"] + total["baseline"]
    print(f"{'TOTAL (' + str(len(keys)) + ' documents)':44s} {n:5d} {total['target']:6d} {total['baseline']:5d}")
    for e in errors:
        print("ERROR", e)
    if errors:
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
