"""build_report on synthetic run dirs: table values, report.md, the chart, the gate both ways, mismatches, CLI."""

import json
import math
from fractions import Fraction

import pytest
import typer
from rich.console import Console
from typer.testing import CliRunner

from modbench.results.baselines import BaselineMismatch, load_baseline, save_baseline
from modbench.results.cli_results import register
from modbench.results.render import print_report
from modbench.results.report import build_report
from modbench.results.summary import TaskCounts, bootstrap_ci, summarize
from results_synth import FAMILY, RUNS, write_named, write_run

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def ref(metric, n, c):
    """Exact reference estimators (comb-based), independent of modbench.results.passk."""
    k = 1 if metric == "pass@1" else 5
    if n < k:
        return None
    m = {"pass@1": 1, "pass@5": 1, "cons@5": 3, "all@5": 5}[metric]
    return sum(Fraction(math.comb(c, j) * math.comb(n - c, k - j), math.comb(n, k)) for j in range(m, k + 1))


def expected(run, family=None):
    """(metric values, error rate, excluded@5) for a synthetic run, straight from its outcome strings."""
    _, tasks = RUNS[run]
    rows = [(o.count("P") + o.count("F"), o.count("P"), len(o)) for t, o in tasks.items()
            if family in (None, FAMILY[t])]
    values = {}
    for metric in ("pass@1", "pass@5", "cons@5", "all@5"):
        per_task = [v for n, c, _ in rows if (v := ref(metric, n, c)) is not None]
        values[metric] = float(sum(per_task) / len(per_task))
    errors = sum(total - n for n, _, total in rows)
    return values, errors / sum(total for _, _, total in rows), sum(n < 5 for n, _, _ in rows)


@pytest.fixture
def runs(tmp_path):
    root = tmp_path / "runs"
    paths = {name: write_named(name, root) for name in RUNS}
    paths["baseline"] = save_baseline(paths["base"], "base", out_dir=tmp_path / "baselines")
    return paths


def test_table_values_match_hand_computation(runs):
    report = build_report(runs["base"], write=False)
    s = report.summary
    # a few literal values, worked out by hand from the outcome strings in results_synth.py
    assert s.by_family["scaffold"].value("pass@1") == pytest.approx(23 / 60)          # (1/6 + 3/5) / 2
    assert s.by_family["scaffold"].value("pass@5") == pytest.approx((5 / 6 + 1) / 2)
    assert s.by_family["scaffold"].value("cons@5") == pytest.approx(0.5)
    assert s.by_family["doc"].value("all@5") == pytest.approx(0.5)
    assert s.overall.error_rate == pytest.approx(4 / 40)
    assert s.by_family["repair"].metrics["pass@5"].n_excluded == 1                   # ammo has 3 valid rollouts
    assert s.by_family["repair"].metrics["pass@1"].n_excluded == 0
    # and every cell against the reference formulas
    for family in (None, "scaffold", "repair", "refactor", "doc"):
        group = s.overall if family is None else s.by_family[family]
        values, error_rate, excluded = expected("base", family)
        for metric, value in values.items():
            assert group.value(metric) == pytest.approx(value, abs=1e-12), (family, metric)
        assert group.error_rate == pytest.approx(error_rate)
        assert group.metrics["all@5"].n_excluded == excluded
    assert list(s.by_environment) == ["vf-l4d2"]
    assert s.by_environment["vf-l4d2"].metrics == s.overall.metrics
    assert list(s.by_environment_family["vf-l4d2"]) == ["scaffold", "repair", "refactor", "doc"]


def test_intervals_are_deterministic_and_contain_the_estimate(runs):
    a = build_report(runs["base"], write=False).summary.overall
    b = build_report(runs["base"], write=False).summary.overall
    for metric, summary in a.metrics.items():
        assert summary.ci == b.metrics[metric].ci
        assert summary.ci[0] <= summary.value <= summary.ci[1]
    other_seed = build_report(runs["base"], write=False, seed=1).summary.overall
    assert other_seed.metrics["pass@1"].ci != a.metrics["pass@1"].ci
    assert bootstrap_ci([0.3]) == (0.3, 0.3) and bootstrap_ci([]) is None


def test_report_files(runs):
    report = build_report(runs["better"], baseline=runs["baseline"])
    md = (runs["better"] / "report.md").read_text()
    assert report.files == {"chart": runs["better"] / "pass_at_k.png", "markdown": runs["better"] / "report.md"}
    assert "# modbench report: better" in md
    assert "**Gate PASS: pass@5 +36.1 points over 6 paired tasks" in md
    assert "| scaffold | 2 | 0 | 56.7% [" in md and "base 38.3%, **+18.3**" in md
    assert "Paired pass@5 per task: 3 improved, 0 worsened, 3 same over 6 tasks" in md
    assert "`l4d2-repair-ammo` (n=3, 1 errored)" in md
    assert "| trace error TaskError: task L4D2Task scoring: InfrastructureError: spcomp crashed | 1 |" in md
    assert "![pass@1 and pass@5 by family](pass_at_k.png)" in md
    png = (runs["better"] / "pass_at_k.png").read_bytes()
    assert png.startswith(PNG_SIGNATURE)
    from matplotlib.image import imread
    height, width, _ = imread(runs["better"] / "pass_at_k.png").shape
    assert width > 400 and height > 300


def test_gate_both_ways(runs):
    better = build_report(runs["better"], baseline=runs["baseline"], write=False)
    # paired pass@5 deltas: healthkit 1 - 5/6, witchfix +1, convars +1, three tasks unchanged at 1; ammo unpaired
    assert better.gate.delta == pytest.approx(13 / 36)
    assert better.gate.passed is True and better.gate.n_tasks == 6
    c = better.comparison
    assert (c.improved, c.worsened, c.same, c.not_eligible, c.run_only, c.baseline_only) == (3, 0, 3, 1, 0, 0)
    assert c.ci[0] <= c.mean_delta <= c.ci[1]

    worse = build_report(runs["worse"], baseline=runs["baseline"], write=False)
    assert worse.gate.delta == pytest.approx(-1 / 6)                 # healthkit 5/6 -> 0, menu 1 -> 5/6
    assert worse.gate.passed is False
    assert (worse.comparison.improved, worse.comparison.worsened) == (0, 2)
    assert "misses the gate of +15.0 points" in worse.gate.reason

    # the threshold is inclusive and absolute
    assert build_report(runs["better"], baseline=runs["baseline"], gate=13 / 36,
                        write=False).gate.passed is True
    assert build_report(runs["better"], baseline=runs["baseline"], gate=0.37, write=False).gate.passed is False
    assert build_report(runs["worse"], baseline=runs["baseline"], gate=-0.2, write=False).gate.passed is True
    # no baseline: nothing to judge
    alone = build_report(runs["better"], write=False)
    assert alone.gate.passed is None and alone.comparison is None
    with pytest.raises(ValueError, match="between -1 and 1"):
        build_report(runs["better"], gate=15, write=False)


def test_to_json(runs):
    data = build_report(runs["better"], baseline=runs["baseline"], write=False).to_json()
    json.dumps(data, allow_nan=False)
    for key in ("pass@1", "pass@5", "cons@5", "all@5", "error_rate", "by_family", "baseline", "gate", "n_tasks",
                "n_rollouts", "intervals", "per_task", "paired", "warnings", "metadata"):
        assert key in data, key
    values, error_rate, _ = expected("better")
    assert data["pass@5"] == pytest.approx(values["pass@5"]) and data["error_rate"] == pytest.approx(error_rate)
    base_values, _, _ = expected("base")
    assert data["baseline"]["pass@5"] == pytest.approx(base_values["pass@5"])
    assert data["baseline"]["delta"]["pass@1"] == pytest.approx(values["pass@1"] - base_values["pass@1"])
    scaffold = data["by_family"]["scaffold"]
    assert scaffold["delta"]["pass@1"] == pytest.approx(expected("better", "scaffold")[0]["pass@1"]
                                                        - expected("base", "scaffold")[0]["pass@1"])
    assert scaffold["excluded"] == {"pass@1": 0, "pass@5": 0, "cons@5": 0, "all@5": 0}
    assert data["by_family"]["repair"]["excluded"]["pass@5"] == 1
    assert data["gate"]["passed"] is True and data["gate"]["threshold"] == 0.15
    ammo = next(t for t in data["per_task"] if t["key"] == "l4d2-repair-ammo")
    assert (ammo["n"], ammo["c"], ammo["pass@5"], ammo["baseline"]["c"]) == (3, 2, None, 1)
    assert data["paired"]["n_tasks"] == 6 and len(data["paired"]["tasks"]) == 6
    alone = build_report(runs["better"], write=False).to_json()
    assert alone["baseline"] is None and alone["gate"]["passed"] is None and "delta" not in alone["by_family"]["doc"]


def test_mismatch_refused_unless_allowed(runs):
    run_meta = json.loads((runs["better"] / "modbench_run.json").read_text())
    run_meta.update(environment_version="0.2.0", toolchains={"bwrap": "0.8.0", "spcomp": "1.12.0.7100"})
    (runs["better"] / "modbench_run.json").write_text(json.dumps(run_meta))
    with pytest.raises(BaselineMismatch) as info:
        build_report(runs["better"], baseline=runs["baseline"], write=False)
    message = str(info.value)
    assert 'environment_version: run "0.2.0" vs baseline "0.1.0"' in message
    assert 'toolchains.spcomp: run "1.12.0.7100" vs baseline "1.11.0.6970"' in message
    assert "bwrap" not in message
    report = build_report(runs["better"], baseline=runs["baseline"], allow_mismatch=True, write=False)
    assert report.gate.passed is True
    assert [d.field for d in report.allowed_differences] == ["environment_version", "toolchains.spcomp"]
    assert any(w.startswith("compared despite a mismatch") and "toolchains.spcomp" in w for w in report.warnings)


def test_different_task_sets_pair_only_the_common_tasks(runs, tmp_path):
    baseline = load_baseline(runs["baseline"])
    baseline.tasks = [t for t in baseline.tasks if t.key != "l4d2-doc-convars"]
    report = build_report(runs["better"], baseline=baseline, write=False)
    assert (report.comparison.run_only, len(report.comparison.tasks)) == (1, 5)
    assert report.gate.delta == pytest.approx((1 / 6 + 1) / 5)
    assert any("task sets differ: 1 task(s) only in the run" in w for w in report.warnings)


def test_several_environments():
    tasks = [TaskCounts("a", "vf-l4d2", "doc", "eval", 5, 5), TaskCounts("b", "vf-luanti", "doc", "eval", 5, 0),
             TaskCounts("c", "vf-luanti", "repair", "eval", 2, 1, n_errors=3)]
    s = summarize(tasks)
    assert s.by_environment["vf-l4d2"].value("pass@5") == 1.0
    assert s.by_environment["vf-luanti"].value("pass@5") == 0.0
    assert s.by_environment["vf-luanti"].metrics["pass@5"].n_excluded == 1
    assert s.by_family["doc"].value("pass@1") == 0.5 and s.by_family["doc"].n_tasks == 2
    assert s.by_environment_family["vf-luanti"]["repair"].error_rate == pytest.approx(3 / 5)
    assert s.overall.metrics["pass@5"].n_tasks == 2


def test_task_with_no_valid_rollouts(tmp_path):
    run = write_run(tmp_path / "r", "r", "m", {"l4d2-doc-natives": "PPPPP", "l4d2-doc-convars": "NNEX"})
    report = build_report(run)
    doc = report.summary.by_family["doc"]
    assert doc.value("pass@1") == 1.0 and doc.metrics["pass@1"].n_excluded == 1
    assert doc.error_rate == pytest.approx(4 / 9)
    assert (run / "report.md").is_file()


def test_print_report(runs):
    console = Console(record=True, width=200)
    print_report(build_report(runs["worse"], baseline=runs["baseline"], write=False), console)
    text = console.export_text()
    assert "vf-l4d2 (vs baseline base)" in text
    for column in ("family", "pass@1", "pass@5", "cons@5", "all@5", "error rate"):
        assert column in text
    assert "base 91.7% -41.7" in text                                       # scaffold pass@5: 5/12 vs 11/12
    assert "Paired pass@5 per task: 0 improved, 2 worsened, 4 same over 6 tasks" in text
    assert text.rstrip().splitlines()[-1].startswith("Gate FAIL: pass@5 -16.7 points over 6 paired tasks")


# ---------------------------------------------------------------------------------------------- CLI

def cli():
    app = typer.Typer()
    register(app)
    return app


def test_cli_report_tables_and_json(runs):
    runner = CliRunner()
    result = runner.invoke(cli(), ["report", str(runs["better"]), "--baseline", str(runs["baseline"])])
    assert result.exit_code == 0, result.output
    assert "Gate PASS" in result.stdout and "vf-l4d2 (vs baseline base)" in result.stdout
    as_json = runner.invoke(cli(), ["report", str(runs["better"]), "--baseline", str(runs["baseline"]), "--json",
                                    "--gate", "0.5"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert data["gate"]["passed"] is False and data["gate"]["threshold"] == 0.5
    assert (runs["better"] / "report.md").is_file() and (runs["better"] / "pass_at_k.png").is_file()


def test_cli_require_gate(runs):
    runner = CliRunner()
    worse = runner.invoke(cli(), ["report", str(runs["worse"]), "-b", str(runs["baseline"]), "--require-gate"])
    assert worse.exit_code == 1 and "Gate FAIL" in worse.stdout
    better = runner.invoke(cli(), ["report", str(runs["better"]), "-b", str(runs["baseline"]), "--require-gate"])
    assert better.exit_code == 0


def test_cli_errors_are_one_line_and_exit_2(runs, tmp_path):
    runner = CliRunner()

    def fails(args, *needles):
        result = runner.invoke(cli(), args)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("modbench: ") and result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.output and result.stdout == ""
        for needle in needles:
            assert needle in result.stderr
        return result.stderr

    fails(["report", str(tmp_path / "nope")], "does not exist")
    with (runs["base"] / "traces.jsonl").open("a") as f:
        f.write('{"traces": "x"}\n')
    fails(["report", str(runs["base"])], f"{runs['base'] / 'traces.jsonl'}:41:", "no 'traces' list")
    fails(["report", str(runs["better"]), "-b", str(tmp_path / "missing.json")], "no baseline at")
    fails(["report", str(runs["better"]), "--gate", "15"], "--gate is an absolute probability")

    meta = json.loads((runs["better"] / "modbench_run.json").read_text())
    meta["toolchains"]["spcomp"] = "1.12.0.7100"
    (runs["better"] / "modbench_run.json").write_text(json.dumps(meta))
    fails(["report", str(runs["better"]), "-b", str(runs["baseline"])],
          'toolchains.spcomp: run "1.12.0.7100" vs baseline "1.11.0.6970"', "--allow-mismatch")
    allowed = runner.invoke(cli(), ["report", str(runs["better"]), "-b", str(runs["baseline"]), "--allow-mismatch"])
    assert allowed.exit_code == 0 and "compared despite a mismatch" in allowed.stdout
