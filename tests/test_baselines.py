"""Baselines: save/load round trip, name resolution, validation, and the comparability rules."""

import json

import pytest
import typer
from typer.testing import CliRunner

from modbench.results.baselines import (BASELINES_DIR, Baseline, BaselineError, BaselineMismatch, check_comparable,
                                        comparability_warnings, load_baseline, metadata_differences,
                                        resolve_baseline_path, save_baseline)
from modbench.results.cli_results import register
from modbench.results.summary import count_tasks
from modbench.results.traces import RunDirError, read_rollouts
from results_synth import write_named, write_run


@pytest.fixture
def base_run(tmp_path):
    return write_named("base", tmp_path / "runs")


def test_round_trip(base_run, tmp_path):
    path = save_baseline(base_run, "l4d2-base", out_dir=tmp_path / "bl")
    assert path == tmp_path / "bl" / "l4d2-base.json"
    by_path = load_baseline(path)
    by_name = load_baseline("l4d2-base", baselines_dir=tmp_path / "bl")
    assert by_path.tasks == by_name.tasks == count_tasks(read_rollouts(base_run))
    ammo = next(t for t in by_path.tasks if t.key == "l4d2-repair-ammo")
    assert (ammo.family, ammo.split, ammo.n, ammo.c, ammo.n_errors) == ("repair", "eval", 3, 1, 1)
    m = by_path.metadata
    assert (m["environment"], m["environment_version"], m["model"]) == ("vf-l4d2", "0.1.0",
                                                                          "qwen2.5-coder-1.5b-instruct")
    assert m["toolchains"] == {"bwrap": "0.8.0", "spcomp": "1.11.0.6970"}
    assert m["sampling"] == {"temperature": 0.7, "top_p": 0.95, "max_tokens": 2048, "seed": 1234}
    assert (m["seed"], m["date"], m["modbench_version"]) == (1234, "2026-11-24T12:00:00+00:00", "0.1.0")
    assert (m["n_tasks"], m["n_rollouts"], m["n_errors"]) == (7, 40, 4)
    assert by_path.name == "l4d2-base" and by_path.saved_at
    # the file is plain JSON with one task per line, and survives a second round trip unchanged
    text = path.read_text()
    assert sum(line.strip().startswith('{"key"') for line in text.splitlines()) == 7
    assert Baseline.from_json(json.loads(text), path).to_json() == json.loads(text)


def test_bare_name_resolves_to_the_package_folder():
    assert resolve_baseline_path("l4d2-qwen") == BASELINES_DIR / "l4d2-qwen.json"
    assert BASELINES_DIR.name == "baselines" and BASELINES_DIR.parent.name == "results"
    assert resolve_baseline_path("some/dir/x.json").as_posix() == "some/dir/x.json"
    assert resolve_baseline_path("x.json").as_posix() == "x.json"


def test_metadata_argument_overrides_the_run(base_run, tmp_path):
    path = save_baseline(base_run, "b", out_dir=tmp_path, metadata={"toolchains": {"spcomp": "1.12.0.7100"}})
    m = load_baseline(path).metadata
    assert m["toolchains"] == {"spcomp": "1.12.0.7100"} and m["sources"]["toolchains"] == "metadata argument"


def test_save_refusals(base_run, tmp_path):
    save_baseline(base_run, "b", out_dir=tmp_path)
    with pytest.raises(BaselineError, match="already exists"):
        save_baseline(base_run, "b", out_dir=tmp_path)
    save_baseline(base_run, "b", out_dir=tmp_path, overwrite=True)
    for bad in ("../x", "a/b", "", ".hidden", "x y"):
        with pytest.raises(BaselineError, match="must be letters, digits"):
            save_baseline(base_run, bad, out_dir=tmp_path)
    with pytest.raises(RunDirError, match="does not exist"):
        save_baseline(tmp_path / "missing", "c", out_dir=tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "traces.jsonl").write_text("")
    with pytest.raises(RunDirError, match="holds no rollouts"):
        save_baseline(tmp_path / "empty", "c", out_dir=tmp_path)


def test_load_refusals(base_run, tmp_path):
    save_baseline(base_run, "known", out_dir=tmp_path)
    with pytest.raises(BaselineError, match="no baseline at .*unknown.json; saved baselines: known"):
        load_baseline("unknown", baselines_dir=tmp_path)
    doc = json.loads((tmp_path / "known.json").read_text())

    def refused(mutate, message):
        bad = json.loads(json.dumps(doc))
        mutate(bad)
        (tmp_path / "bad.json").write_text(json.dumps(bad))
        with pytest.raises(BaselineError, match=message):
            load_baseline(tmp_path / "bad.json")

    refused(lambda d: d.update(format="something"), "not a modbench baseline")
    refused(lambda d: d.update(format_version=9), "format_version 9 is not supported")
    refused(lambda d: d.pop("tasks"), "needs a 'metadata' object and a 'tasks' list")
    refused(lambda d: d["tasks"][0].update(c=99), r"tasks\[0\] has c=99 > n=")
    refused(lambda d: d["tasks"][1].update(n=-1), r"tasks\[1\] needs a non-negative integer 'n'")
    refused(lambda d: d["tasks"][2].pop("family"), r"tasks\[2\] needs a non-empty string 'family'")
    refused(lambda d: d["tasks"].append(d["tasks"][0]), "a task appears twice")
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(BaselineError, match="broken.json is not valid JSON"):
        load_baseline(tmp_path / "broken.json")


META = {"environment": "vf-l4d2", "environment_version": "0.1.0",
        "toolchains": {"bwrap": "0.8.0", "spcomp": "1.11.0.6970"},
        "sampling": {"temperature": 0.7, "top_p": 0.95, "max_tokens": 2048, "seed": 1}, "verifiers_version": "0.4.0"}


def test_differences_that_refuse_a_comparison():
    assert metadata_differences(META, META) == []
    other = {**META, "environment_version": "0.2.0", "toolchains": {"bwrap": "0.8.0", "spcomp": "1.12.0.7100",
                                                                     "luajit": "2.1.0-beta3"}}
    diffs = [str(d) for d in metadata_differences(META, other)]
    assert diffs == ['environment_version: run "0.1.0" vs baseline "0.2.0"',
                     'toolchains.luajit: run unknown vs baseline "2.1.0-beta3"',
                     'toolchains.spcomp: run "1.11.0.6970" vs baseline "1.12.0.7100"']
    # recorded on one side only: nothing shows they match
    assert [d.field for d in metadata_differences(META, {**META, "toolchains": {}})] == ["toolchains"]
    assert [d.field for d in metadata_differences(META, {**META, "environment": "vf-luanti"})] == ["environment"]
    # a different model is what a comparison is for; a different seed is not a difference in method
    assert metadata_differences(META, {**META, "model": "other", "sampling": {**META["sampling"], "seed": 2}}) == []


def test_check_comparable_raises_unless_allowed(base_run, tmp_path):
    baseline = load_baseline(save_baseline(base_run, "b", out_dir=tmp_path))
    run_meta = {**baseline.metadata, "toolchains": {"bwrap": "0.8.0", "spcomp": "1.12.0.7100"}}
    with pytest.raises(BaselineMismatch) as info:
        check_comparable(run_meta, baseline)
    assert 'toolchains.spcomp: run "1.12.0.7100" vs baseline "1.11.0.6970"' in str(info.value)
    assert [d.field for d in info.value.differences] == ["toolchains.spcomp"]
    assert [d.field for d in check_comparable(run_meta, baseline, allow_mismatch=True)] == ["toolchains.spcomp"]


def test_warnings_that_qualify_a_comparison():
    assert comparability_warnings(META, META) == []
    warned = comparability_warnings(META, {**META, "sampling": {**META["sampling"], "temperature": 0.2}})
    assert warned == ["sampling.temperature differs: run 0.7 vs baseline 0.2; pass@k depends on it"]
    unknown = comparability_warnings({"sampling": {}}, {"sampling": {}})
    assert any("environment_version is unknown for both" in w for w in unknown)
    assert any("toolchain versions are unknown for both" in w for w in unknown)


def test_readme_documents_every_field(base_run, tmp_path):
    readme = (BASELINES_DIR / "README.md").read_text()
    doc = load_baseline(save_baseline(base_run, "b", out_dir=tmp_path)).to_json()
    for key in [*doc, *doc["metadata"], *doc["tasks"][0], *doc["metadata"]["sampling"]]:
        assert f"`{key}`" in readme, key


def cli():
    app = typer.Typer()
    register(app)
    return app


def test_cli_baseline_save(base_run, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli(), ["baseline", "save", str(base_run), "b1", "--out", str(tmp_path / "bl")])
    assert result.exit_code == 0, result.output
    assert "saved baseline 'b1': 7 tasks, 40 rollouts (4 errored), environment vf-l4d2 0.1.0" in result.stdout
    assert load_baseline(tmp_path / "bl" / "b1.json").metadata["n_rollouts"] == 40

    again = runner.invoke(cli(), ["baseline", "save", str(base_run), "b1", "--out", str(tmp_path / "bl")])
    assert again.exit_code == 2
    assert again.stderr.count("\n") == 1 and "already exists" in again.stderr and "Traceback" not in again.output
    forced = runner.invoke(cli(), ["baseline", "save", str(base_run), "b1", "--out", str(tmp_path / "bl"),
                                   "--force"])
    assert forced.exit_code == 0

    missing = runner.invoke(cli(), ["baseline", "save", str(tmp_path / "nope"), "b2", "--out", str(tmp_path)])
    assert missing.exit_code == 2
    assert missing.stderr.startswith("modbench: run dir ") and "does not exist" in missing.stderr


def test_cli_save_with_a_broken_trace(tmp_path):
    run = write_run(tmp_path / "r", "r", "m", {"l4d2-doc-natives": "PP"})
    with (run / "traces.jsonl").open("a") as f:
        f.write("{oops\n")
    result = CliRunner().invoke(cli(), ["baseline", "save", str(run), "b", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (f"modbench: {run / 'traces.jsonl'}:3: not valid JSON "
                             f"(Expecting property name enclosed in double quotes at column 2)\n")
