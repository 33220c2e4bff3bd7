"""The ledger at national scale: every read command timed on ledgers of 1,000 to 30,000 plans.

Generates a national corpus of education plans: for each real province, city and county of
the division dataset (provinces first, then their cities and counties in turn) a general plan
and four sector plans (学前教育, 义务教育, 高中阶段与职业教育, 教师队伍) for each of two
periods (“十三五” 2016—2020 and “十四五” 2021—2025). Each local plan implements its
province's plan of the same sector and period (为贯彻落实《…》（文号）), carries 20–60 items and
10–40 tasks with their 牵头/配合单位, and one plan in five has a 专栏 of school building
projects. The corpus is seeded, so it is the same on every run; files are cached under
``benchmarks/.cache``.

The corpus is ingested into a fresh ledger (setup: two ``planwatch ingest`` processes), then
each command runs as its own process, as a user runs it. Its wall time, CPU time (its
worker processes' included) and peak memory (the largest resident set of the command or any
one of its workers) come from ``wait4`` and from /proc, sampled every quarter second (the
workers a forkserver forks are not the command's children, so ``wait4`` misses them). The
memory of the command and its workers together is the largest sum of their proportional set
sizes: a page they share counts once. A command of under ``QUICK`` seconds runs at least
``QUICK_RUNS`` times; the median is given.

    .venv/bin/python benchmarks/bench_scale.py --plans 1000 10000 30000
    .venv/bin/python benchmarks/bench_scale.py --plans 10000 --postgres

PLANWATCH_BIN names another planwatch command to time (a checkout of another commit).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import bench_analyze as corpus
from machine import machine

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache"
PLANWATCH = os.environ.get("PLANWATCH_BIN", str(ROOT / ".venv/bin/planwatch"))
SEED = 20261204
QUICK, QUICK_RUNS = 5.0, 5  # commands under QUICK seconds run at least QUICK_RUNS times
# As a user's installation runs: Python writes and reuses the .pyc files of the sources (a
# sandbox's PYTHONDONTWRITEBYTECODE would add a third of a second to every start).
USERS_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
PERIODS = ((2016, 2020, "“十三五”"), (2021, 2025, "“十四五”"))
# Sector: (key, title after the region's name, task groups it draws from first, indicators).
SECTORS = [
    ("general", "教育事业发展{era}规划", range(9), None),
    ("preschool", "学前教育发展提升行动计划（{s}—{e}年）", (0, 4), ("学前", "普惠", "公办园")),
    (
        "compulsory",
        "义务教育优质均衡发展实施方案（{s}—{e}年）",
        (1, 7),
        ("义务", "大班额", "小学", "初中", "体质"),
    ),
    (
        "secondary",
        "高中阶段教育和职业教育发展行动计划（{s}—{e}年）",
        (2, 3),
        ("高中", "中职", "双师"),
    ),
    ("teachers", "教师队伍建设实施方案（{s}—{e}年）", (5, 6), ("师", "多媒体")),
]
TOWNS = "城关镇 城东街道 城西街道 新城镇 河口镇 白沙镇 青山镇 石桥镇 龙泉镇 东关镇".split()
STAGES = (("幼儿园", "幼儿园", 180, 540), ("小学", "小学", 900, 2700), ("初中", "中学", 900, 2000))


@dataclass(frozen=True, slots=True)
class Command:
    """One command as a user runs it; ``{doc}`` and ``{written}`` are filled in per ledger."""

    name: str
    args: tuple[str, ...]
    aim: str = ""


COMMANDS = [
    Command("docs", ("docs",)),
    Command(
        "targets --indicator X --region 某省",
        ("targets", "--indicator", "学前教育毛入园率", "--region", "河北省"),
        "< 1 s",
    ),
    Command("compare --indicator X", ("compare", "--indicator", "学前教育毛入园率"), "< 1 s"),
    Command("check --doc D", ("check", "--doc", "{doc}"), "< 1 s"),
    Command("check", ("check",), "< 60 s"),
    Command("coverage", ("coverage",), "< 120 s"),
    Command(
        "export --format xlsx", ("export", "--format", "xlsx", "-o", "{written}.xlsx"), "< 60 s"
    ),
    Command("targets --format json", ("targets", "--format", "json")),
    Command("status --plan D", ("status", "--plan", "{doc}")),
    Command("report --region 某市", ("report", "--region", "石家庄市", "-o", "{written}.md")),
]


# --- the corpus -----------------------------------------------------------------------


def sector_indicators(sector: tuple[str, ...] | None, rng: random.Random) -> list[corpus.Indicator]:
    pool = corpus.INDICATORS
    if sector is not None:
        mine = [i for i in pool if any(word in i.name for word in sector)]
        rest = [i for i in pool if i not in mine]
        return mine + rng.sample(rest, min(len(rest), max(0, 7 - len(mine))))
    return rng.sample(pool, rng.randint(7, 10))


def sector_tasks(groups: range | tuple[int, ...], rng: random.Random) -> list[int]:
    """The sector's own tasks first, then others, 10 to 30 of them."""
    mine = [t for t, task in enumerate(corpus.TASKS) if task[0] in groups]
    others = [t for t in range(len(corpus.TASKS)) if t not in mine]
    want = rng.randint(12, 30)
    picked = mine if len(mine) <= want else rng.sample(mine, want)
    picked += rng.sample(others, max(0, min(len(others), want - len(picked))))
    return sorted(picked)


def project_table(plan: corpus.Plan, rng: random.Random) -> list[str]:
    """专栏 of school building projects, one row per school (tab-separated, as Word pastes)."""
    scope = plan.unit.name
    lines = [f"专栏  {scope}学校建设项目表", ""]
    lines.append("学段\t乡镇\t学校名称\t设置学位（人）\t建设年限\t公办/民办\t建设方式")
    for n in range(rng.randint(5, 12)):
        stage, noun, lo, hi = rng.choice(STAGES)
        town = rng.choice(TOWNS)
        start = rng.randint(plan.start, plan.end - 1)
        seats = rng.randint(lo // 90, hi // 90) * 90
        way = rng.choice(("新建", "新建", "改扩建", "迁建"))
        lines.append(
            f"{stage}\t{town}\t{town}第{corpus.CN_NUM[n % 10]}{noun}\t{seats}\t"
            f"{start}—{start + 1}\t公办\t{way}"
        )
    return [*lines, ""]


def make_plan(  # noqa: PLR0913 - one plan's place in the corpus
    n: int,
    unit: corpus.OrgUnit,
    sector: int,
    period: int,
    parent: corpus.Plan | None,
    rng: random.Random,
    numbers: corpus.Numbers,
) -> tuple[corpus.Plan, str]:
    key, title, groups, words = SECTORS[sector]
    start, end, era = PERIODS[period]
    name = unit.name + title.format(era=era, s=start, e=end)
    issuer, kind = rng.choice(
        [("人民政府", "政发"), ("人民政府办公室", "政办发"), ("教育局", "教发")]
    )
    if parent is None:
        prefix = corpus.ABBR[unit.code[:2]] + kind
        issuer = "教育厅" if issuer == "教育局" else issuer
    else:
        prefix = unit.name[0] + kind
    plan = corpus.Plan(
        f"{n:05d}_{unit.code[:6]}_{key}_{start}.txt",
        unit,
        name,
        numbers.new(prefix, start),
        start,
        end,
    )
    plan.issuer = unit.name + issuer
    plan.parent = parent
    for ind in sector_indicators(words, rng):
        base = parent.targets.get(ind.name) if parent else None
        plan.targets[ind.name] = (
            corpus.local_value(ind, base, rng)
            if base is not None
            else corpus.province_value(ind, rng)
        )
    reworded: set[int] = set()
    if parent is None:
        plan.tasks = sector_tasks(groups, rng)
    else:
        reworded = corpus.choose_tasks(plan, parent, rng)
    text = corpus.plan_text(plan, rng, reworded)
    if end == 2020:  # a plan issued in 2016 looks back on 2015, not on 2017
        text = text.replace("“十三五”以来", "“十二五”期间").replace("2017年，", "2015年，", 1)
    if n % 5 == 0:
        text = text.replace("四、保障措施", "\n".join([*project_table(plan, rng), "四、保障措施"]))
    return plan, text


def units_in_turn(rng: random.Random) -> list[tuple[corpus.OrgUnit, corpus.OrgUnit | None]]:
    """Every province, then their cities and counties taken one province at a time."""
    tops = corpus.provinces(31)
    pools = {p.code: corpus.local_units(p, rng) for p in tops}
    order: list[tuple[corpus.OrgUnit, corpus.OrgUnit | None]] = [(p, None) for p in tops]
    while any(pools.values()):
        for top in tops:
            if pools[top.code]:
                order.append((pools[top.code].pop(0), top))
    return order


def generate(count: int) -> Path:
    """The first ``count`` plans of the national corpus, in two halves (two ingest processes)."""
    folder = CACHE / f"scale-{count}"
    done = folder / ".complete"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    for half in ("a", "b"):
        (folder / half).mkdir(parents=True)
    rng = random.Random(SEED)
    numbers = corpus.Numbers(rng)
    provincial: dict[tuple[str, int, int], corpus.Plan] = {}
    n = 0
    for unit, top in units_in_turn(rng):
        for period in range(len(PERIODS)):
            for sector in range(len(SECTORS)):
                if n >= count:
                    done.write_text(str(n))
                    return folder
                parent = provincial.get((top.code, sector, period)) if top else None
                plan, text = make_plan(n, unit, sector, period, parent, rng, numbers)
                if top is None:
                    provincial[(unit.code, sector, period)] = plan
                (folder / "ab"[n % 2] / plan.file).write_text(text, encoding="utf-8")
                n += 1
    raise SystemExit(f"the division dataset holds regions for only {n} plans")


# --- ledgers and runs -----------------------------------------------------------------


@dataclass(slots=True)
class Run:
    """One command's cost: wall and CPU seconds, peak resident memory, bytes written."""

    wall: float
    cpu: float
    peak_mb: float
    out_bytes: int
    code: int
    tree_mb: float = 0.0  # the command and its worker processes together (PSS), sampled


@dataclass(slots=True)
class Family:
    """A command and its descendants as sampled from /proc: the largest sum of their
    proportional set sizes (a page two processes share counts half in each), and each
    one's largest resident set and its CPU seconds when last seen. Worker processes forked
    by multiprocessing's forkserver are not the command's children, so ``wait4`` does not
    count them: sampling does (all but their last quarter second)."""

    pss: int = 0
    rss: dict[int, int] = field(default_factory=dict)
    cpu: dict[int, float] = field(default_factory=dict)

    def sample(self, pid: int) -> None:
        parents: dict[int, int] = {}
        stats: dict[int, list[str]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry.name)], stats[int(entry.name)] = int(fields[1]), fields
        family, pss = {pid}, 0
        for child, parent in sorted(parents.items()):
            if parent in family:
                family.add(child)
        for member in family:
            try:
                rollup = dict(
                    line.split(":", 1)
                    for line in (Path("/proc") / str(member) / "smaps_rollup")
                    .read_text()
                    .splitlines()
                    if ":" in line
                )
            except OSError:
                continue
            pss += int(rollup["Pss"].split()[0]) * 1024
            rss = int(rollup["Rss"].split()[0]) * 1024
            self.rss[member] = max(self.rss.get(member, 0), rss)
            utime, stime = int(stats[member][11]), int(stats[member][12])  # fields 14, 15
            self.cpu[member] = (utime + stime) / os.sysconf("SC_CLK_TCK")
        self.pss = max(self.pss, pss)


def run(args: list[str], out: Path, timeout: float) -> Run:
    """``planwatch ARGS`` as its own process, its output to ``out``; its own rusage and its
    family's, sampled."""
    began = time.perf_counter()
    family = Family()
    with out.open("wb") as sink:
        proc = subprocess.Popen(
            [PLANWATCH, *args], stdout=sink, stderr=subprocess.DEVNULL, env=USERS_ENVIRONMENT
        )
        deadline = began + timeout
        sampled = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            if time.perf_counter() - sampled > 0.25:
                family.sample(proc.pid)
                sampled = time.perf_counter()
            time.sleep(0.005)
    wall = time.perf_counter() - began
    proc.returncode = os.waitstatus_to_exitcode(status)
    size = out.stat().st_size
    for written in out.parent.glob("written.*"):  # the file a command wrote with -o
        size += written.stat().st_size
        written.unlink()
    # the largest single process, the command or a worker; CPU with the workers'
    peak = max(usage.ru_maxrss * 1024, *family.rss.values(), 0) / 2**20
    # wait4 counts the command and the children it reaped (spawned workers) exactly; the
    # samples count a forkserver's workers too, all but their last quarter second
    cpu = max(usage.ru_utime + usage.ru_stime, sum(family.cpu.values()))
    return Run(wall, cpu, peak, size, proc.returncode, max(peak, family.pss / 2**20))


def ingest(folder: Path, url: str) -> tuple[float, str]:
    """Both halves at once (two processes, as two clerks would); the wall time and summary."""
    began = time.perf_counter()
    procs = [
        subprocess.Popen(
            [PLANWATCH, "ingest", str(folder / half), "--db", url],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        for half in ("a", "b")
    ]
    outs = [p.communicate()[0].strip().splitlines() for p in procs]
    summary = " + ".join(o[-1] if o else "(无输出)" for o in outs)
    return time.perf_counter() - began, summary


def postgres_url() -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine(corpus_admin(), isolation_level="AUTOCOMMIT")
    name = "pw_bench_scale"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def corpus_admin() -> str:
    return "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def a_county_plan(folder: Path) -> str:
    """The name of a county's general plan (the last one written), for --doc and --plan."""
    names = sorted(p.name for p in folder.glob("*/*_general_2021.txt"))
    return names[-1]


def bench(  # noqa: PLR0913 - the options of one size
    count: int,
    postgres: bool,
    runs: int,
    timeout: float,
    work: Path,
    reuse: bool,
    only: list[str],
) -> list[str]:
    began = time.perf_counter()
    folder = generate(count)
    made = time.perf_counter() - began
    files = sorted(folder.glob("*/*.txt"))
    size = sum(f.stat().st_size for f in files)
    db = (CACHE if reuse else work) / f"scale-{count}.db"
    url = postgres_url() if postgres else f"sqlite:///{db}"
    if reuse and not postgres and db.exists():
        done = "ledger of an earlier run reused (--reuse)"
    else:
        seconds, summary = ingest(folder, url)
        done = f"{seconds:.0f} s ({len(files) / seconds:.0f} files/s): {summary}"
    database = "PostgreSQL" if postgres else "SQLite"
    db_size = "" if postgres else f"; {db.stat().st_size / 2**20:.0f} MB"
    lines = [
        f"### {count:,} plans, {database}",
        "",
        f"- corpus: {len(files):,} files, {size / 2**20:.1f} MB (generated in {made:.1f} s)",
        f"- ingest (two processes){db_size}: {done}",
        "",
        "| command | median s | CPU s | peak MB | all processes MB | output KB | runs | aim |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    doc = a_county_plan(folder)
    for command in COMMANDS:
        if only and command.name.split()[0] not in only:
            continue
        args = [a.format(doc=doc, written=work / "written") for a in command.args]
        done = [run([*args, "--db", url], work / "out.txt", timeout)]
        # a command of a few seconds runs at least QUICK_RUNS times: its median, not one moment
        # of a shared host, is what is reported
        wanted = max(runs, QUICK_RUNS) if done[0].wall < QUICK else runs
        done += [run([*args, "--db", url], work / "out.txt", timeout) for _ in range(wanted - 1)]
        failed = [r for r in done if r.code != 0]
        walls = sorted(r.wall for r in done)
        median = done[len(done) // 2] if not failed else failed[0]
        note = f" (exit {failed[0].code})" if failed else ""
        lines.append(
            f"| `{command.name}` | {walls[len(walls) // 2]:.2f}{note} | {median.cpu:.2f} | "
            f"{max(r.peak_mb for r in done):.0f} | {max(r.tree_mb for r in done):.0f} | "
            f"{median.out_bytes / 1024:,.0f} | {len(done)} | "
            f"{command.aim} |"
        )
        print(lines[-1], file=sys.stderr, flush=True)
    return [*lines, ""]


def small_ledger(work: Path, runs: int) -> list[str]:
    """``planwatch docs`` on a ledger of five plans: the fixed cost of any ledger command."""
    folder = generate(5)
    url = f"sqlite:///{work / 'small.db'}"
    ingest(folder, url)
    done = [run(["docs", "--db", url], work / "small.txt", 60) for _ in range(runs)]
    walls = sorted(r.wall for r in done)
    return [
        f"- `planwatch docs` on a ledger of 5 plans: median {walls[len(walls) // 2]:.2f} s, "
        f"best {walls[0]:.2f} s over {runs} runs (aim < 0.4 s)",
        "",
    ]


def calibration() -> str:
    """The speed of this machine now, to set runs of other days beside: a fixed Python loop."""
    began = time.process_time()
    sum(n * n for n in range(10_000_000))
    return f"calibration: a loop of 10 million squares in {time.process_time() - began:.2f} s CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, nargs="+", default=[1000, 10000, 30000])
    parser.add_argument("--postgres", action="store_true", help="on PostgreSQL (127.0.0.1:5432)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (median)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds before a run is cut")
    parser.add_argument(
        "--only", nargs="+", default=[], help="only these commands (docs, targets, check …)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the SQLite ledgers in .cache and reuse them"
    )
    opts = parser.parse_args()
    load = os.getloadavg()[0]
    lines = ["```sh", "$ " + " ".join(["python", *sys.argv]), "```", "", *machine()]
    lines += [f"- load average before: {load:.2f}", f"- {calibration()}", ""]
    with tempfile.TemporaryDirectory(prefix="pw-scale-") as tmp:
        work = Path(tmp)
        lines += small_ledger(work, 9)
        for count in opts.plans:
            lines += bench(
                count, opts.postgres, opts.runs, opts.timeout, work, opts.reuse, opts.only
            )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
