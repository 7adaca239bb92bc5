"""Start-up and batch speed of aichoice, as ratios to a hello-world Typer app measured in the same run.

    python bench/run.py            # 15 runs a command, 10,000 files for batch
    python bench/run.py --quick    # fewer runs, for a smoke check

The floor is what any Typer CLI pays: a two-command hello-world Typer app in
this same environment. Targets (issue 7): `assess --format json` at most
1.25x the floor; `batch` over 10,000 answers files at most 12x the floor,
with peak memory at most 100 MiB and flat in the number of inputs. Bounded
work (issue 19): ten needs on a 648 KB rule set of 5,000 number thresholds
at most 20x the floor (about 5 s), and a file of 22,000 needs refused at
most 8x the floor. Batch
memory is the proportional set size of the whole process tree (the main
process and its workers), sampled every 20 ms, so shared pages count once.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "examples" / "hospital-group.yaml"
HELLO = """
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")


@app.command()
def bye() -> None:
    print("bye")


if __name__ == "__main__":
    app()
"""


def tree_pss_kib(root: int) -> int:
    """Proportional set size (KiB) of a process and all its descendants: memory really used,
    pages shared between a parent and its forked workers counted once."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
        except (OSError, StopIteration):
            continue
    return total


def timed(argv: list[str], sample_memory: bool = False) -> tuple[float, int]:
    """Wall seconds and peak memory (KiB) of one run, output discarded.

    Memory is the peak resident size of the process, or with `sample_memory`
    the peak proportional size of its whole process tree (worker processes
    included), sampled every 20 ms.
    """
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0]
    done = threading.Event()  # not process.poll(): it would reap the child before wait4 reads its usage
    if sample_memory:

        def sample() -> None:
            while not done.wait(0.02):
                peak[0] = max(peak[0], tree_pss_kib(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 2):
        raise SystemExit(f"{' '.join(argv)} failed")
    return elapsed, max(peak[0], usage.ru_maxrss) if sample_memory else usage.ru_maxrss


def median_of(
    commands: dict[str, list[str]], runs: int, sample_memory: bool = False
) -> dict[str, tuple[float, int, float]]:
    """Median wall time, peak memory and fastest wall time per command, runs interleaved so
    noise hits all alike."""
    samples: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            samples[name].append(timed(argv, sample_memory))
    return {
        name: (statistics.median(s[0] for s in runs_), max(s[1] for s in runs_), min(s[0] for s in runs_))
        for name, runs_ in samples.items()
    }


def make_answers(folder: Path, count: int, seed: int = 7) -> None:
    """`count` valid answers files with varied answers."""
    from aichoice.ruleset import load_ruleset

    questions = load_ruleset().questions
    rng = random.Random(seed)
    for index in range(count):
        answers = {}
        for qid, q in questions.items():
            if q.type == "choice":
                answers[qid] = rng.choice(q.values)
            elif q.type == "list":
                answers[qid] = [v for v in q.values if rng.random() < 0.3] or q.values[:1]
            elif q.type == "bool":
                answers[qid] = rng.random() < 0.5
            else:
                answers[qid] = rng.randint(q.min or 0, 500_000)
        sub = folder / f"unit-{index % 100:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"team-{index:05d}.yaml").write_text(
            yaml.safe_dump({"project": f"Team {index}", "answers": answers}, sort_keys=False)
        )


def make_bounds(folder: Path) -> tuple[Path, Path, Path]:
    """The red team's inputs: a rule set with 5,000 thresholds on one number question, a file of ten
    needs for it, and a file of 22,000 one-line needs (more than a file may hold)."""
    import shutil

    from aichoice.ruleset import default_rules_dir

    rules = folder / "thresholds"
    shutil.copytree(default_rules_dir(), rules)
    with (rules / "scoring.yaml").open("a", encoding="utf-8") as scoring:
        for i in range(5000):
            scoring.write(
                f"  - {{id: v{i}, supports: {'api' if i % 2 else 'chat'}, principle: P, weight: 1, "
                f"when: {{question: monthly_volume, gte: {1000 + 37 * i}}}, reason: R, source: S}}\n"
            )
    example = yaml.safe_load((ROOT / "examples" / "staff-and-support.yaml").read_text())
    ten = folder / "ten-needs.yaml"
    ten.write_text(
        yaml.safe_dump(
            {
                "answers": example["answers"],
                "needs": [{"name": f"Need {i}", "answers": example["needs"][i % 2]["answers"]} for i in range(10)],
            }
        )
    )
    many = folder / "many-needs.yaml"
    many.write_text("answers: {team_size: 3}\nneeds:\n" + "".join(f"  - {{name: N{i}}}\n" for i in range(22_000)))
    return rules, ten, many


def compile_package() -> None:
    """Byte-compile aichoice as `pip install` does, so an editable checkout (or
    PYTHONDONTWRITEBYTECODE) does not charge it for compiling its source every run."""
    import aichoice

    compileall.compile_dir(str(Path(aichoice.__file__).parent), quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and files")
    args = parser.parse_args()
    compile_package()
    runs = 5 if args.quick else 15
    files = 2_000 if args.quick else 10_000
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO)
        small, large = Path(tmp) / "small", Path(tmp) / "large"
        small.mkdir()
        large.mkdir()
        make_answers(small, files // 10)
        make_answers(large, files)

        start = median_of(
            {
                "floor": [py, str(hello), "hello"],
                "assess": [py, "-m", "aichoice", "assess", "--answers", str(EXAMPLE), "--format", "json"],
            },
            runs,
        )
        rules, ten, many = make_bounds(Path(tmp))
        subprocess.run([py, "-m", "aichoice", "rules", "check", str(rules)], capture_output=True, check=True)
        bounds = median_of(
            {
                "thresholds": [py, "-m", "aichoice", "assess", "--rules", str(rules), "-a", str(ten), "-f", "json"],
                "many_needs": [py, "-m", "aichoice", "assess", "-a", str(many), "-f", "json"],
            },
            max(3, runs // 5),
        )
        batch_runs = max(3, runs // 5)
        batches = median_of(
            {
                "batch_small": [py, "-m", "aichoice", "batch", str(small), "--format", "jsonl"],
                "batch_large": [py, "-m", "aichoice", "batch", str(large), "--format", "jsonl"],
            },
            batch_runs,
            sample_memory=True,
        )

    floor, _, floor_best = start["floor"]
    assess, _, assess_best = start["assess"]
    large_t, large_mem, _ = batches["batch_large"]
    _, small_mem, _ = batches["batch_small"]
    rows = [
        ("assess --format json / floor", assess / floor, 1.25, "x"),
        (f"batch of {files:,} files / floor", large_t / floor, 12.0, "x"),
        (f"batch of {files:,} files, peak memory of all its processes (MiB)", large_mem / 1024, 100.0, " MiB"),
        (f"peak memory, {files:,} / {files // 10:,} files", large_mem / small_mem, 1.25, "x"),
        ("ten needs, 5,000-threshold rule set / floor", bounds["thresholds"][0] / floor, 20.0, "x"),
        ("a file of 22,000 needs refused / floor", bounds["many_needs"][0] / floor, 8.0, "x"),
    ]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    print(
        f"floor (hello-world Typer app): {floor * 1000:.0f} ms median of {runs}; "
        f"assess: {assess * 1000:.0f} ms; batch of {files:,}: {large_t:.2f} s "
        f"({files / large_t:,.0f} assessments/s) median of {batch_runs}"
    )
    print(
        f"fastest runs, less sensitive to a busy machine: floor {floor_best * 1000:.0f} ms, "
        f"assess {assess_best * 1000:.0f} ms = {assess_best / floor_best:.2f}x"
    )
    failed = False
    for name, value, target, unit in rows:
        ok = value <= target
        failed |= not ok
        print(f"  {'ok  ' if ok else 'OVER'} {name}: {value:.2f}{unit} (target <= {target:g}{unit})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
