"""Training on tiny RANDOM local models (built here, no hub): LoRA and 4-bit QLoRA SFT with checkpoints, resume and
merge; gpt-oss's MoE layout with expert LoRA; two GRPO steps rewarded by the real rubric on real train tasks.

Everything shares one pytest session (the torch/transformers/trl imports cost more than all the training), and the
models have ~0.4M parameters, so the whole file runs in well under two minutes on 2 cores.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import json  # noqa: E402
import math  # noqa: E402

import pytest  # noqa: E402

torch = pytest.importorskip("torch", reason="the training extra is not installed (uv sync --extra train)")
pytest.importorskip("trl")

from modbench.scenarios import ENVS, load_tasks  # noqa: E402
from modbench.training.backends import UnslothProbe, load_for_training, try_unsloth  # noqa: E402
from modbench.training.export import row_for  # noqa: E402
from modbench.training.grpo import run_grpo  # noqa: E402
from modbench.training.merge import merge_adapter  # noqa: E402
from modbench.training.recipes import LoraSection, ModelSection, load_recipe  # noqa: E402
from modbench.training.reward import RubricReward  # noqa: E402
from modbench.training.rows import write_rows  # noqa: E402
from modbench.training.sft import TrainingError, run_sft  # noqa: E402
from modbench.training.tiny import build_tiny, build_tokenizer  # noqa: E402

pytestmark = pytest.mark.slow
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def train_specs(n: int):
    """The n shortest train tasks of the first env that has any (short rows keep the tiny runs fast)."""
    for env in ENVS:
        specs = load_tasks(env, split="train")
        if specs:
            return sorted(specs, key=lambda s: len(s.prompt) + len(s.reference))[:n]
    pytest.fail("no train-split tasks in any environment")


@pytest.fixture(scope="session")
def tiny(tmp_path_factory):
    torch.set_num_threads(1)
    root = tmp_path_factory.mktemp("tiny-models")
    tok = build_tokenizer()
    return {"llama": build_tiny(root / "llama", "llama", tokenizer=tok),
            "gpt_oss": build_tiny(root / "gpt-oss", "gpt_oss", tokenizer=tok)}


@pytest.fixture(scope="session")
def sft_data(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "train.jsonl"
    write_rows([row_for(s) for s in train_specs(6)], path)
    return path


def sft_recipe(name: str, model, data, out, **train):
    recipe = load_recipe(name)
    recipe.model.id = str(model)
    recipe.data.train = str(data)
    recipe.train.output_dir = str(out)
    for k, v in train.items():
        setattr(recipe.train, k, v)
    return recipe


def logits(model, ids):
    with torch.no_grad():
        return model(input_ids=ids).logits


def test_sft_lora_checkpoints_resume_and_merge(tiny, sft_data, tmp_path):
    recipe = sft_recipe("tiny-cpu-lora", tiny["llama"], sft_data, tmp_path / "run", max_steps=2, save_steps=1)
    result = run_sft(recipe)
    s = json.loads((tmp_path / "run" / "summary.json").read_text())
    assert s == json.loads(json.dumps(result.summary, default=str))
    assert s["global_step"] == 2 and s["backend"] == "peft" and s["device"] == "cpu"
    assert [p["step"] for p in s["loss_curve"]] == [1, 2] and all(math.isfinite(p["loss"]) for p in s["loss_curve"])
    assert s["tokens_seen"] > 0 and s["tokens_per_second"] > 0 and s["memory"]["peak_rss_mib"] > 0
    assert 0 < s["loss_tokens"] < s["input_tokens"]            # the loss covers the answers, not the prompts
    assert s["trainable_params"] == 2 * 4 * 8 * (64 + 64) - 2 * 2 * 8 * 32   # r=8 on q,k,v,o of 2 layers
    assert (tmp_path / "run" / "loss.png").read_bytes()[:8] == PNG_MAGIC
    assert (tmp_path / "run" / "checkpoint-2").is_dir()
    assert (result.adapter_dir / "adapter_config.json").is_file()

    recipe.train.max_steps = 3
    resumed = run_sft(recipe, resume=True)
    assert resumed.summary["global_step"] == 3 and resumed.summary["resumed_from"] is True
    assert [p["step"] for p in resumed.summary["loss_curve"]] == [1, 2, 3]

    merged = merge_adapter(resumed.adapter_dir, tmp_path / "merged")
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    ids = torch.tensor([[5, 17, 99, 250, 3, 42]])
    with_adapter = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(tiny["llama"]), resumed.adapter_dir)
    base = logits(AutoModelForCausalLM.from_pretrained(tiny["llama"]), ids)
    peft_out = logits(with_adapter, ids)
    merged_out = logits(AutoModelForCausalLM.from_pretrained(merged), ids)
    assert (peft_out - base).abs().max() > 1e-4                # training changed the model
    assert torch.allclose(merged_out, peft_out, atol=1e-5)     # and the merge kept exactly that change
    assert {"config.json", "model.safetensors", "tokenizer.json", "generation_config.json"} <= {
        p.name for p in merged.iterdir()}
    assert AutoTokenizer.from_pretrained(merged).chat_template

    # what `modbench eval --model hf:OUT` does with the folder
    from modbench.results.models import hf_endpoint, parse_model_spec

    endpoint = hf_endpoint(parse_model_spec(f"hf:{merged}"))
    reply = endpoint.generate([{"role": "system", "content": "s"}, {"role": "user", "content": "Write a mod."}],
                              {"max_tokens": 4, "temperature": 0.0, "sample": 0, "seed": 1})
    assert isinstance(reply, str)


def test_resume_without_a_checkpoint_is_a_clear_error(tiny, sft_data, tmp_path):
    recipe = sft_recipe("tiny-cpu-lora", tiny["llama"], sft_data, tmp_path / "empty")
    with pytest.raises(TrainingError, match="no checkpoint"):
        run_sft(recipe, resume=True)


def test_qlora_4bit_sft_and_the_cpu_repacking_workaround(tiny, sft_data, tmp_path):
    import bitsandbytes as bnb

    recipe = sft_recipe("tiny-cpu-qlora", tiny["llama"], sft_data, tmp_path / "q", max_steps=2, save_steps=10)
    result = run_sft(recipe)
    assert result.summary["global_step"] == 2 and result.summary["load_in_4bit"]
    assert all(math.isfinite(p["loss"]) for p in result.summary["loss_curve"])

    # The pitfall: an eval-mode no-grad forward (generation) repacks 4-bit weights on avx512_bf16 CPUs, after which
    # backward silently computes wrong gradients. With the workaround the layout never changes.
    loaded = load_for_training(recipe.model, recipe.lora, seed=0)
    layers = [m for m in loaded.model.modules() if isinstance(m, bnb.nn.Linear4bit)]
    assert layers and all(m.support_avx512bf16_for_cpu is False for m in layers)
    loaded.model.eval()
    with torch.no_grad():
        loaded.model.generate(input_ids=torch.tensor([[5, 17, 99]]), max_new_tokens=3, do_sample=False)
    assert not any(getattr(m.weight.quant_state, "packing_format_for_cpu", False) for m in layers)
    loaded.model.train()
    loss = loaded.model(input_ids=torch.tensor([[5, 17, 99, 250]]), labels=torch.tensor([[5, 17, 99, 250]])).loss
    loss.backward()
    grads = [p.grad for n, p in loaded.model.named_parameters() if "lora_B" in n]
    assert grads and all(g is not None and torch.isfinite(g).all() for g in grads)

    merged = merge_adapter(result.adapter_dir, tmp_path / "q-merged", base=str(tiny["llama"]))
    assert (merged / "model.safetensors").is_file()


def test_gpt_oss_lora_on_attention_and_experts(tiny, sft_data, tmp_path):
    recipe = sft_recipe("tiny-cpu-lora", tiny["gpt_oss"], sft_data, tmp_path / "oss", max_steps=1, save_steps=10)
    recipe.model.attn_implementation = "eager"
    recipe.lora.target_parameters = ["mlp.experts.gate_up_proj", "mlp.experts.down_proj"]
    result = run_sft(recipe)
    attention_only = 2 * 8 * ((64 + 64) + (64 + 32) + (64 + 32) + (64 + 64))
    assert result.summary["trainable_params"] > attention_only     # the experts' 3-D parameters got adapters too
    assert result.summary["global_step"] == 1 and math.isfinite(result.summary["final_loss"])
    merged = merge_adapter(result.adapter_dir, tmp_path / "oss-merged")
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(merged)
    assert type(model).__name__ == "GptOssForCausalLM"
    assert model.generate(input_ids=torch.tensor([[5, 17]]), max_new_tokens=2, do_sample=False).shape == (1, 4)


def test_unsloth_is_tried_lazily_and_any_failure_falls_back(tiny):
    probe = try_unsloth(ModelSection(id=str(tiny["llama"])))
    assert probe.module is None and probe.reason          # no unsloth / no GPU on CI machines

    class UnslothThatFails:     # stands in for unsloth.FastLanguageModel, an external GPU-only library
        @staticmethod
        def from_pretrained(**_):
            raise AssertionError("Torch not compiled with CUDA enabled")

    loaded = load_for_training(ModelSection(id=str(tiny["llama"])), LoraSection(), seed=0,
                               unsloth=UnslothProbe(UnslothThatFails, "pretend"))
    assert loaded.backend == "peft"
    assert any("unsloth failed" in n and "CUDA" in n for n in loaded.notes)


def test_grpo_two_steps_rewarded_by_the_real_rubric(tiny, tmp_path):
    specs = train_specs(2)
    recipe = load_recipe("tiny-cpu-grpo")
    recipe.model.id = str(tiny["llama"])
    recipe.train.output_dir = str(tmp_path / "grpo")
    recipe.tasks.envs = [specs[0].env]
    recipe.tasks.ids = [s.id for s in specs]
    reward = RubricReward({(s.env, s.id): s for s in specs}, recipe.reward)
    result = run_grpo(recipe, reward=reward)
    s = result.summary
    assert s["global_step"] == 2 and s["kind"] == "grpo"
    # 2 steps x 4 completions, every one judged by the real rubric: random text fails (0.0), none is unjudged (None)
    assert s["reward_stats"]["completions_scored"] == 8 and s["reward_stats"]["has_error"] == 0
    assert [h.reward for h in reward.history] == [0.0] * 8
    assert all(h.feedback for h in reward.history)               # the rubric's own explanation of each failure
    assert {h.task_id for h in reward.history} <= {sp.id for sp in specs}
    assert [p["step"] for p in s["reward_curve"]] == [1, 2] and s["tokens_seen"] > 0
    assert (result.adapter_dir / "adapter_config.json").is_file()


def test_cli_make_tiny_sft_merge(tmp_path, sft_data):
    import typer
    from typer.testing import CliRunner

    from modbench.results.cli_training import register

    app = typer.Typer()
    register(app)
    app.callback()(lambda: None)
    run = lambda *a: CliRunner().invoke(app, [str(x) for x in a], catch_exceptions=False)   # noqa: E731

    assert run("train", "make-tiny", tmp_path / "m", "--arch", "llama").exit_code == 0
    result = run("train", "sft", "--recipe", "tiny-cpu-lora", "--model", tmp_path / "m", "--data", sft_data,
                 "--output-dir", tmp_path / "run", "--max-steps", "1")
    assert result.exit_code == 0, result.output
    assert '"global_step": 1' in result.output
    assert json.loads((tmp_path / "run" / "summary.json").read_text())["global_step"] == 1
    result = run("train", "merge", tmp_path / "run" / "adapter", tmp_path / "merged")
    assert result.exit_code == 0 and (tmp_path / "merged" / "config.json").is_file()
    again = run("train", "merge", tmp_path / "run" / "adapter", tmp_path / "merged")
    assert again.exit_code == 2 and "not empty" in again.output
    bad = run("train", "sft", "--recipe", "tiny-cpu-lora", "--model", tmp_path / "nope" / "x", "--data", sft_data)
    assert bad.exit_code == 2 and "does not exist" in bad.output
    listing = run("train", "recipes")
    assert listing.exit_code == 0 and "gpt-oss-20b-qlora" in listing.output
