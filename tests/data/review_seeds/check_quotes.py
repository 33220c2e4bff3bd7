#!/usr/bin/env python3
"""Check that every quote in the independent seed review is an exact substring
of the named seed file (decoded as UTF-8).

Usage: python3 check_quotes.py [SEEDS_DIR]
SEEDS_DIR defaults to $SEEDS_DIR or /work/shared/seeds.
Exit status is 0 if every check passes, 1 otherwise. Standard library only.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = (sys.argv[1] if len(sys.argv) > 1
         else os.environ.get("SEEDS_DIR", "/work/shared/seeds"))

_cache = {}


def text(name):
    if name not in _cache:
        with open(os.path.join(SEEDS, name), "rb") as fh:
            _cache[name] = fh.read().decode("utf-8")
    return _cache[name]


errors = []
warnings = []
checked = 0


def check(doc, quote, where, lo=None, hi=None, unique=False):
    global checked
    checked += 1
    if quote is None:
        errors.append(f"{where}: quote is null")
        return
    t = text(doc)
    n = t.count(quote)
    if n == 0:
        errors.append(f"{where}: not found in {doc}: {quote!r}")
        return
    if lo is not None and not (lo <= len(quote) <= hi):
        errors.append(f"{where}: length {len(quote)} outside {lo}-{hi}: {quote!r}")
    if n > 1:
        msg = f"{where}: occurs {n} times in {doc}: {quote!r}"
        (errors if unique else warnings).append(msg)


cov = json.load(open(os.path.join(HERE, "coverage_003_by_001.json"), encoding="utf-8"))
hi_doc, lo_doc = cov["higher"], cov["lower"]
VERDICTS = {"已承接", "部分承接", "未承接"}
for t in cov["tasks"]:
    w = f"coverage task {t['n']}"
    if t["verdict"] not in VERDICTS:
        errors.append(f"{w}: bad verdict {t['verdict']!r}")
    check(hi_doc, t["group"], w + " group")
    check(hi_doc, t["title"], w + " title")
    check(hi_doc, t["label"] + t["title"], w + " label+title")
    if t["lower_quote"] is None:
        if t["verdict"] != "未承接":
            errors.append(f"{w}: null lower_quote with verdict {t['verdict']}")
    else:
        check(lo_doc, t["lower_quote"], w + " lower_quote", 15, 60, unique=True)
TV = {"不弱于上级", "弱于上级", "未设目标"}
for i, g in enumerate(cov["targets"], 1):
    w = f"coverage target {i} ({g['indicator']})"
    if g["verdict"] not in TV:
        errors.append(f"{w}: bad verdict {g['verdict']!r}")
    check(hi_doc, g["higher_quote"], w + " higher_quote")
    if g["lower_quote"] is not None:
        check(lo_doc, g["lower_quote"], w + " lower_quote")
    elif g["verdict"] != "未设目标":
        errors.append(f"{w}: null lower_quote with verdict {g['verdict']}")

fin = json.load(open(os.path.join(HERE, "findings.json"), encoding="utf-8"))
KINDS = {"下级目标低于上级", "目标年份超出规划期", "同一指标目标不一致",
         "专栏与正文不符", "目标编制时已达到", "其他"}
for i, f in enumerate(fin["present"], 1):
    w = f"present {i} ({f['kind']})"
    if f["kind"] not in KINDS:
        errors.append(f"{w}: bad kind")
    if f["severity"] not in {"严重", "警告", "提示"}:
        errors.append(f"{w}: bad severity")
    check(f["doc"], f["quote"], w + " quote", 10, 60)
    if f.get("other_doc"):
        check(f["other_doc"], f["other_quote"], w + " other_quote")
    elif f.get("other_quote"):
        errors.append(f"{w}: other_quote without other_doc")
for i, a in enumerate(fin["absent"], 1):
    w = f"absent {i} ({a['kind']})"
    if a["kind"] not in KINDS:
        errors.append(f"{w}: bad kind")
    check(a["doc"], a["quote"], w + " quote", 10, 60)

for m in warnings:
    print("WARN ", m)
for m in errors:
    print("ERROR", m)
print(f"{checked} quotes checked, {len(errors)} errors, {len(warnings)} warnings")
sys.exit(1 if errors else 0)
