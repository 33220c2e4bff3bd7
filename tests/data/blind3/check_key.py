#!/usr/bin/env python3
"""Check the blind3 answer keys: offsets, fields, types, counts (stdlib only).

usage: python3 check_key.py [FOLDER]      (default: the folder of this script)

For every document X.txt / X.html in the folder it checks that
X.expected.jsonl and X.meta.json exist and are well formed, that every record
follows the SPEC record layout, that text == source[start:end] on the file's
UTF-8-decoded text, that spans are sorted and do not overlap, that value agrees
with the digits written in the span (allowing for 万/亿 and a unit taken from
a table header), and that the item counts are the ones listed below.
Exits 1 on any error.
"""
import json
import re
import sys
from pathlib import Path

EXPECTED_COUNTS = {
    "01_gansu_shisiwu_plan.txt": 106,
    "02_dafang_county_action_plan.txt": 55,
    "03_siping_preschool_opinion.txt": 35,
    "04_haikou_news_report.txt": 27,
    "05_xining_midterm_review.txt": 54,
    "06_ordos_vocational_web.html": 28,
    "07_liupanshui_speech.txt": 22,
    "08_hongshan_work_points_2023.txt": 35,
}
MIN_TOTAL = 160

FIELDS = ["doc", "start", "end", "text", "value", "value_max", "unit", "kind",
          "relation", "year", "subject"]
KNOWN_UNITS = {"%", "‰", "pp", "ratio", "元", "人", "人次", "所", "所次", "个", "间", "门",
               "节", "项", "家", "座", "台", "套", "本", "学时", "班", "平方米", "亩", "次",
               "批", "条", "支", "册", "GB", "M", "届", "学分", "分钟", "小时", "年", "天",
               "倍", "月"}
TRAD_IN_UNIT = set("個間門節項臺學時畝條冊萬億鐘")
META_FIELDS = {"title": str, "doc_number": str, "issuer": str, "issue_date": str,
               "region": str, "level": str, "period_start": (int, type(None)),
               "period_end": (int, type(None)), "period_stated": bool}
LEVELS = {"国家", "省", "自治区", "市", "县", "区"}
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_number(s):
    total, cur = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            cur = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (cur or 1) * CN_UNITS[ch]
            cur = 0
    return total + cur


def written_numbers(text):
    """Numbers written in a span, as (number, multiplier written after it)."""
    t = re.sub(r"\s+", "", text)
    out = []
    for m in re.finditer(r"(\d+(?:\.\d+)?)[余多餘]?([万萬亿億]?)", t):
        mult = {"": 1, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}[m.group(2)]
        out.append((float(m.group(1)), mult))
    if not out:
        m = re.search(r"[零〇一二两兩三四五六七八九十百千]+", t)
        if m:
            out.append((float(cn_number(m.group(0))), 1))
    return out


def close(a, b):
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def check_value(r, errs, where):
    t = re.sub(r"\s+", "", r["text"])
    if r["unit"] == "%" and ("分之" in t or t == "一半"):
        return
    if r["unit"] == "ratio":
        m = re.fullmatch(r"(\d+(?:\.\d+)?)[：:]1", t)
        if not m or not close(float(m.group(1)), r["value"]):
            errs.append(f"{where}: ratio text {r['text']!r} vs value {r['value']}")
        return
    nums = written_numbers(t)
    if not nums:
        errs.append(f"{where}: no number in text {r['text']!r}")
        return
    want = [r["value"]] + ([r["value_max"]] if r["value_max"] is not None else [])
    if len(nums) < len(want):
        errs.append(f"{where}: range value_max set but one number written in {r['text']!r}")
        return
    for (n, mult), v in zip(nums, want):
        # a multiplier may be written once for both ends of a range (100—800万元),
        # or only in a table header such as （万人）, so allow 1, 1e4 and 1e8
        if not any(close(n * m, v) for m in (mult, 1e4, 1e8) if m):
            errs.append(f"{where}: value {v} does not follow from {r['text']!r}")


def check_doc(folder, doc, errs):
    path = folder / doc
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        errs.append(f"{doc}: has a BOM")
    if b"\r" in raw:
        errs.append(f"{doc}: has CR characters")
    src = raw.decode("utf-8")
    stem = doc.rsplit(".", 1)[0]
    key = folder / f"{stem}.expected.jsonl"
    meta = folder / f"{stem}.meta.json"
    recs = []
    if not key.exists():
        errs.append(f"{doc}: missing {key.name}")
    else:
        kraw = key.read_bytes()
        if kraw.startswith(b"\xef\xbb\xbf") or b"\r" in kraw:
            errs.append(f"{key.name}: BOM or CR")
        for n, line in enumerate(kraw.decode("utf-8").split("\n"), 1):
            if not line.strip():
                continue
            where = f"{key.name}:{n}"
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                errs.append(f"{where}: not JSON ({e})")
                continue
            if sorted(r) != sorted(FIELDS):
                errs.append(f"{where}: fields {sorted(r)}")
                continue
            if r["doc"] != doc:
                errs.append(f"{where}: doc {r['doc']!r} != {doc!r}")
            if not (isinstance(r["start"], int) and isinstance(r["end"], int)
                    and not isinstance(r["start"], bool)
                    and 0 <= r["start"] < r["end"] <= len(src)):
                errs.append(f"{where}: bad offsets {r['start']}..{r['end']}")
                continue
            if src[r["start"]:r["end"]] != r["text"]:
                errs.append(f"{where}: text {r['text']!r} != source {src[r['start']:r['end']]!r}")
            if r["text"] != r["text"].strip():
                errs.append(f"{where}: span has outer whitespace")
            for f in ("value",):
                if not isinstance(r[f], (int, float)) or isinstance(r[f], bool):
                    errs.append(f"{where}: {f} not a number")
            if r["value_max"] is not None:
                if not isinstance(r["value_max"], (int, float)) or r["value_max"] <= r["value"]:
                    errs.append(f"{where}: bad value_max {r['value_max']}")
            if not isinstance(r["unit"], str) or not r["unit"] or r["unit"] != r["unit"].strip():
                errs.append(f"{where}: bad unit {r['unit']!r}")
            elif r["unit"] not in KNOWN_UNITS or TRAD_IN_UNIT & set(r["unit"]):
                errs.append(f"{where}: unexpected unit {r['unit']!r}")
            if r["kind"] not in ("target", "baseline"):
                errs.append(f"{where}: bad kind {r['kind']!r}")
            if r["relation"] not in (">=", "<=", "~", "="):
                errs.append(f"{where}: bad relation {r['relation']!r}")
            y = r["year"]
            if y is not None and (not isinstance(y, int) or isinstance(y, bool) or not 1990 <= y <= 2050):
                errs.append(f"{where}: bad year {y!r}")
            if not isinstance(r["subject"], str) or not r["subject"].strip():
                errs.append(f"{where}: empty subject")
            if isinstance(r["value"], (int, float)):
                check_value(r, errs, where)
            recs.append(r)
        starts = [r["start"] for r in recs]
        if starts != sorted(starts):
            errs.append(f"{key.name}: records not sorted by start")
        ordered = sorted(recs, key=lambda r: r["start"])
        for a, b in zip(ordered, ordered[1:]):
            if b["start"] < a["end"]:
                errs.append(f"{key.name}: spans overlap at {a['start']} and {b['start']}")
    if not meta.exists():
        errs.append(f"{doc}: missing {meta.name}")
    else:
        mraw = meta.read_bytes()
        if mraw.startswith(b"\xef\xbb\xbf") or b"\r" in mraw:
            errs.append(f"{meta.name}: BOM or CR")
        m = json.loads(mraw.decode("utf-8"))
        if sorted(m) != sorted(META_FIELDS):
            errs.append(f"{meta.name}: fields {sorted(m)}")
        else:
            for f, t in META_FIELDS.items():
                if not isinstance(m[f], t) or (t is not bool and isinstance(m[f], bool)):
                    errs.append(f"{meta.name}: {f} has type {type(m[f]).__name__}")
            if m["level"] not in LEVELS:
                errs.append(f"{meta.name}: level {m['level']!r}")
            if m["issue_date"] and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", m["issue_date"]):
                errs.append(f"{meta.name}: issue_date {m['issue_date']!r}")
            if not m["title"]:
                errs.append(f"{meta.name}: empty title")
            ps, pe = m["period_start"], m["period_end"]
            if isinstance(ps, int) and isinstance(pe, int) and ps > pe:
                errs.append(f"{meta.name}: period_start > period_end")
            if m["doc_number"] and m["doc_number"] not in src:
                errs.append(f"{meta.name}: doc_number not found in the document")
            for r in recs:
                if r["kind"] == "target" and isinstance(pe, int) and r["year"] is not None \
                        and r["year"] > pe:
                    errs.append(f"{meta.name}: target year {r['year']} after period_end {pe}")
    return len(recs)


def main():
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    docs = sorted(p.name for p in folder.iterdir()
                  if p.suffix in (".txt", ".html") and p.is_file())
    errs = []
    total = 0
    for doc in docs:
        n = check_doc(folder, doc, errs)
        total += n
        want = EXPECTED_COUNTS.get(doc)
        flag = "" if want == n else f"  (expected {want})"
        if want != n:
            errs.append(f"{doc}: {n} items, expected {want}")
        print(f"{doc:40s} {n:4d} items{flag}")
    missing = set(EXPECTED_COUNTS) - set(docs)
    for d in sorted(missing):
        errs.append(f"{d}: listed but not found")
    print(f"{'total':40s} {total:4d} items in {len(docs)} documents")
    if total < MIN_TOTAL:
        errs.append(f"total {total} < {MIN_TOTAL}")
    for e in errs:
        print("ERROR", e)
    print("OK" if not errs else f"{len(errs)} error(s)")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
