"""training/prime-rl/*.toml: every referenced taskset, split and recipe exists and agrees with the config.

prime-rl itself is not installed here (it needs GPUs); this checks what can be checked without it: the TOML
parses, each `env.taskset.id` resolves the way verifiers resolves it (module name = id with '-' -> '_', exactly
one Taskset in `__all__`), each split is a real split with tasks, evals are pass@5-capable (group_size >= 5) on
the eval split, training never touches the eval split, and the named SFT recipe matches the model and LoRA.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from pathlib import Path

import pytest
import verifiers.v1 as vf

from modbench.scenarios import load_tasks
from modbench.training.recipes import load_recipe

CONFIG_DIR = Path(__file__).resolve().parent.parent / "training" / "prime-rl"
CONFIGS = sorted(CONFIG_DIR.glob("*.toml"))
RECIPE_LINE = re.compile(r"^# recipe: (\S+)", re.MULTILINE)


def taskset_class(taskset_id: str):
    module = importlib.import_module(taskset_id.split("/")[-1].split("@")[0].replace("-", "_").lower())
    found = [getattr(module, n) for n in getattr(module, "__all__", [])
             if isinstance(getattr(module, n), type) and issubclass(getattr(module, n), vf.Taskset)]
    assert len(found) == 1, f"{module.__name__}.__all__ must export exactly one Taskset, found {found}"
    return found[0]


def sources(cfg: dict, kind: str) -> list[dict]:
    return cfg.get("orchestrator", {}).get(kind, {}).get("source", [])


def test_configs_exist_for_both_models():
    names = {p.stem for p in CONFIGS}
    assert {"tinyllama-lora-rl", "gpt-oss-20b-lora-rl"} <= names


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_config_references_resolve(path):
    text = path.read_text()
    cfg = tomllib.loads(text)
    train, evals = sources(cfg, "train"), sources(cfg, "eval")
    assert train and evals
    names = [s["name"] for s in train + evals]
    assert len(names) == len(set(names)), "source names must be unique"
    envs_trained = set()
    for src, expected_split in [(s, "train") for s in train] + [(s, "eval") for s in evals]:
        env = src["env"]
        taskset = env["taskset"]
        cls = taskset_class(taskset["id"])
        assert taskset["split"] == expected_split
        assert load_tasks(cls.ENV, split=taskset["split"]), f"{taskset['id']} has no {taskset['split']} tasks"
        assert env["agent"]["harness"]["id"] == "null" and env["agent"]["runtime"]["type"] == "subprocess"
        if expected_split == "eval":
            assert src["group_size"] >= 5, "pass@5 needs at least 5 rollouts per eval task"
        else:
            envs_trained.add(cls.ENV)
    assert envs_trained == {"l4d2", "luanti"}
    ratios = [s.get("ratio") for s in train]
    assert all(r is None for r in ratios) or all(r is not None for r in ratios)

    recipe_ref = RECIPE_LINE.search(text)
    assert recipe_ref, "each config names its SFT recipe in a '# recipe: ...' header line"
    recipe = load_recipe(Path(__file__).resolve().parent.parent / recipe_ref.group(1))
    assert cfg["model"]["name"] in {recipe.model.id, recipe.model.peft_id}
    lora = cfg["trainer"]["model"]["lora"]
    assert (lora["rank"], lora["alpha"], lora.get("dropout", 0.0)) == (recipe.lora.r, recipe.lora.alpha,
                                                                       recipe.lora.dropout)
    targets = recipe.lora.target_modules
    expected = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"] \
        if targets == "all-linear" else targets
    assert lora["target_modules"] == expected
    assert cfg["orchestrator"]["model"]["lora"]["name"] and cfg["inference"]["vllm"]["enable_lora"] is True


def test_taskset_config_has_the_knobs_the_configs_set():
    for path in CONFIGS:
        for src in sources(tomllib.loads(path.read_text()), "train") + sources(tomllib.loads(path.read_text()),
                                                                               "eval"):
            cls = taskset_class(src["env"]["taskset"]["id"])
            config_type = cls.__orig_bases__[-1].__args__[1] if hasattr(cls, "__orig_bases__") else None
            fields = set(getattr(config_type, "model_fields", {}))
            assert {"split", "max_concurrency"} <= fields
            unknown = set(src["env"]["taskset"]) - {"id"} - fields
            assert not unknown, f"{path.name}: {unknown} are not fields of {config_type}"
