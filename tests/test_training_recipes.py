"""Training recipes: every shipped recipe validates, every field is documented, and mistakes name the field."""

from __future__ import annotations

import re
import tomllib

import pytest

from modbench.training.recipes import (
    RECIPES_DIR,
    GRPORecipe,
    RecipeError,
    SFTRecipe,
    list_recipes,
    load_recipe,
    parse_recipe,
)

KEY_LINE = re.compile(r"^\s*[A-Za-z_][\w.\-]*\s*=")
REQUIRED = {"gpt-oss-20b-qlora", "tinyllama-lora", "tinyllama-qlora", "tiny-cpu-lora", "tiny-cpu-qlora",
            "tiny-cpu-grpo"}


def minimal_sft(**changes) -> dict:
    data = {"kind": "sft", "name": "x", "model": {"id": "m"}, "lora": {}, "data": {"train": "t.jsonl"},
            "train": {"output_dir": "o"}}
    for dotted, value in changes.items():
        *path, last = dotted.split("__")
        node = data
        for p in path:
            node = node.setdefault(p, {})
        node[last] = value
    return data


def test_the_required_recipes_ship_and_validate():
    names = list_recipes()
    assert REQUIRED <= set(names)
    for name in names:
        recipe = load_recipe(name)
        assert recipe.name == name, f"{name}.toml declares name = {recipe.name!r}"
        assert recipe.description


def test_recipe_facts_from_the_issue():
    oss = load_recipe("gpt-oss-20b-qlora")
    assert oss.model.id == "unsloth/gpt-oss-20b-unsloth-bnb-4bit" and oss.model.load_in_4bit
    assert oss.lora.r == 8 and oss.lora.target_modules == ["q_proj", "k_proj", "v_proj", "o_proj"]
    assert oss.train.seed == 3407
    assert "target_parameters" in oss.model_fields_set | oss.lora.model_fields_set   # the expert option is spelled out
    for name in ("tinyllama-lora", "tinyllama-qlora"):
        assert load_recipe(name).model.id == "TinyLlama/TinyLlama-1.1B-Chat-v1.0"
    assert load_recipe("tinyllama-qlora").model.load_in_4bit and not load_recipe("tinyllama-lora").model.load_in_4bit
    assert load_recipe("tiny-cpu-qlora").model.load_in_4bit
    assert isinstance(load_recipe("tiny-cpu-grpo"), GRPORecipe)


@pytest.mark.parametrize("name", list_recipes())
def test_every_recipe_line_is_commented(name):
    lines = (RECIPES_DIR / f"{name}.toml").read_text().splitlines()
    undocumented = []
    for i, line in enumerate(lines):
        if not KEY_LINE.match(line) or line.lstrip().startswith("#"):
            continue
        previous = next((x for x in reversed(lines[:i]) if x.strip()), "")
        if "#" not in line and not previous.lstrip().startswith("#"):
            undocumented.append(line.strip())
    assert undocumented == []


@pytest.mark.parametrize("name", list_recipes())
def test_every_recipe_key_is_a_model_field(name):
    # parse_recipe forbids unknown keys; this also shows that the TOML and the model agree on every section
    data = tomllib.loads((RECIPES_DIR / f"{name}.toml").read_text())
    recipe = parse_recipe(data, name)
    assert set(data) <= set(type(recipe).model_fields)


def test_every_model_field_has_a_docstring():
    from pydantic import BaseModel

    seen, missing = set(), []

    def walk(model: type[BaseModel]):
        if model in seen:
            return
        seen.add(model)
        for fname, field in model.model_fields.items():
            ann = field.annotation
            nested = [a for a in (getattr(ann, "__args__", None) or (ann,)) if isinstance(a, type)
                      and issubclass(a, BaseModel)]
            if nested:
                walk(nested[0])
            elif not field.description:
                missing.append(f"{model.__name__}.{fname}")

    walk(SFTRecipe)
    walk(GRPORecipe)
    assert missing == []


@pytest.mark.parametrize("changes, expected", [
    ({"lora__rr": 3}, "unknown field 'lora.rr' (allowed in [lora]: r, alpha"),
    ({"model__load_in_8bit": True}, "unknown field 'model.load_in_8bit'"),
    ({"bogus": 1}, "unknown field 'bogus'"),
    ({"train__learning_rate": "fast"}, "field 'train.learning_rate': Input should be a valid number"),
    ({"lora__r": 0}, "field 'lora.r'"),
    ({"model__dtype": "int4"}, "field 'model.dtype'"),
])
def test_mistakes_name_the_field(changes, expected):
    with pytest.raises(RecipeError) as exc:
        parse_recipe(minimal_sft(**changes), "r.toml")
    assert expected in str(exc.value) and "recipe r.toml" in str(exc.value)


def test_missing_fields_and_wrong_kind():
    data = minimal_sft()
    del data["data"]
    with pytest.raises(RecipeError, match="missing required field 'data'"):
        parse_recipe(data)
    with pytest.raises(RecipeError, match="missing required field 'kind'"):
        parse_recipe({"name": "x"})
    with pytest.raises(RecipeError, match="this command needs kind = 'grpo'"):
        load_recipe("tiny-cpu-lora", kind="grpo")
    with pytest.raises(RecipeError, match="not found"):
        load_recipe("no-such-recipe")


def test_grpo_batch_must_hold_whole_groups():
    data = {"kind": "grpo", "name": "g", "model": {"id": "m"},
            "train": {"output_dir": "o", "per_device_train_batch_size": 3, "num_generations": 4}}
    with pytest.raises(RecipeError, match=r"\(3\) must be a multiple of train.num_generations \(4\)"):
        parse_recipe(data)
    data["train"]["gradient_accumulation_steps"] = 4
    assert parse_recipe(data).train.num_generations == 4
    data["reward"] = {"partial_credit": {"l4d3": {"compiled": 0.1}}}
    with pytest.raises(RecipeError, match="reward.partial_credit"):
        parse_recipe(data)
    data["reward"] = {"max_partial": 1.0}
    with pytest.raises(RecipeError, match="reward.max_partial"):
        parse_recipe(data)


def test_overrides_are_validated():
    recipe = load_recipe("tiny-cpu-lora")
    recipe.train.max_steps = 7
    assert recipe.train.max_steps == 7
    with pytest.raises(ValueError):
        recipe.lora.r = 0
