"""Load a model + tokenizer ready for LoRA training: unsloth when it can run, else transformers + peft.

unsloth patches transformers at import time, so it must be imported BEFORE transformers/trl/peft:
`try_unsloth()` is called first by the CLI, and this module imports nothing heavy at load time. It only runs on a
CUDA GPU; any exception while importing it, loading with it or wrapping with it falls back to transformers +
peft (+ bitsandbytes for 4-bit), and the reason is recorded in the run summary.

QLoRA on CPU pitfall (training-on-cpu notes §5): on CPUs with avx512_bf16, bitsandbytes repacks 4-bit weights
into an inference layout on the first no-grad forward in eval mode (an eval pass, or GRPO's generation), and from
then on backward silently computes WRONG gradients. `disable_cpu_weight_repacking` turns that path off for every
Linear4bit; it is applied after loading and after wrapping, on every 4-bit model.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .recipes import LoraSection, ModelSection

UNSLOTH_EXPERT_NAMES = {"gate_up_proj": ["gate_proj", "up_proj"], "down_proj": ["down_proj"]}
ALL_LINEAR = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


class BackendError(RuntimeError):
    """The model cannot be loaded (missing folder, no hub access, unsupported combination)."""


@dataclass
class Loaded:
    model: Any
    tokenizer: Any
    backend: str                       # "unsloth" or "peft"
    device: str                        # "cuda" or "cpu"
    dtype: str
    notes: list[str] = field(default_factory=list)   # why unsloth was not used, workarounds applied, ...


@dataclass
class UnslothProbe:
    module: Any | None                 # unsloth.FastLanguageModel when usable
    reason: str


def try_unsloth(cfg: ModelSection) -> UnslothProbe:
    """Import unsloth if this recipe may use it and it can run here. Never raises."""
    if cfg.backend == "peft":
        return UnslothProbe(None, "backend = peft in the recipe")
    if importlib.util.find_spec("unsloth") is None:
        return UnslothProbe(None, "unsloth is not installed (uv sync --extra unsloth, GPU machines only)")
    try:
        import torch

        if not torch.cuda.is_available():
            return UnslothProbe(None, "no CUDA GPU: unsloth cannot train on CPU")
        late = [m for m in ("transformers", "trl", "peft") if m in sys.modules]
        from unsloth import FastLanguageModel  # noqa: PLC0415 - must precede transformers

        note = f"unsloth {_version('unsloth')}" + (f" (imported after {', '.join(late)})" if late else "")
        return UnslothProbe(FastLanguageModel, note)
    except Exception as exc:  # ImportError, NotImplementedError, RuntimeError, AssertionError all seen in practice
        return UnslothProbe(None, f"import unsloth failed: {type(exc).__name__}: {str(exc)[:300]}")


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def model_source(model_id: str) -> str:
    """A local folder as an absolute path; a hub id unchanged. A path-like id that does not exist is an error."""
    p = Path(model_id).expanduser()
    if p.is_dir():
        return str(p.resolve())
    if model_id.startswith((".", "/", "~")) or model_id.count("/") > 1:   # hub ids are "org/name"
        raise BackendError(f"model folder {model_id} does not exist (tiny local models: "
                           f"`modbench train make-tiny {model_id}`)")
    if os.environ.get("HF_HUB_OFFLINE") == "1":
        from huggingface_hub import try_to_load_from_cache

        if not isinstance(try_to_load_from_cache(model_id, "config.json"), str):
            raise BackendError(f"{model_id} is not a local folder and is not in the HF cache, and HF_HUB_OFFLINE=1")
    return model_id


def resolve_dtype(name: str, cuda: bool):
    import torch

    if name == "auto":
        if not cuda:
            return torch.float32
        return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
    return getattr(torch, name)


def disable_cpu_weight_repacking(model) -> int:
    """Turn off bitsandbytes' CPU inference repacking on every Linear4bit (see the module docstring)."""
    try:
        import bitsandbytes as bnb
    except Exception:
        return 0
    n = 0
    for module in model.modules():
        if isinstance(module, bnb.nn.Linear4bit) and hasattr(module, "support_avx512bf16_for_cpu"):
            module.support_avx512bf16_for_cpu = False
            n += 1
    return n


def load_tokenizer(source: str, cfg: ModelSection):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(source, trust_remote_code=cfg.trust_remote_code)
    apply_tokenizer_settings(tok, cfg)
    return tok


def apply_tokenizer_settings(tok, cfg: ModelSection) -> None:
    if cfg.chat_template:
        path = Path(cfg.chat_template)
        if not path.is_file():
            raise BackendError(f"model.chat_template {path} does not exist")
        tok.chat_template = path.read_text(encoding="utf-8")
    if not tok.chat_template:
        raise BackendError("the tokenizer has no chat template: set model.chat_template to a .jinja file")
    if tok.pad_token is None:      # Llama-style tokenizers ship without one; padding is masked out anyway
        tok.pad_token = tok.eos_token


def lora_config(lora: LoraSection, *, with_task_type: bool = True):
    from peft import LoraConfig

    kwargs: dict[str, Any] = dict(r=lora.r, lora_alpha=lora.alpha, lora_dropout=lora.dropout, bias=lora.bias,
                                  target_modules=lora.target_modules, use_rslora=lora.use_rslora)
    if lora.target_parameters:
        kwargs["target_parameters"] = list(lora.target_parameters)
    if with_task_type:
        kwargs["task_type"] = "CAUSAL_LM"
    return LoraConfig(**kwargs)


def unsloth_targets(lora: LoraSection) -> list[str]:
    targets = list(ALL_LINEAR if lora.target_modules == "all-linear" else lora.target_modules)
    for param in lora.target_parameters:
        for suffix, names in UNSLOTH_EXPERT_NAMES.items():
            if param.endswith(suffix):
                targets += [n for n in names if n not in targets]
    return targets


def load_for_training(cfg: ModelSection, lora: LoraSection | None, *, seed: int,
                      gradient_checkpointing: bool = False, unsloth: UnslothProbe | None = None) -> Loaded:
    """The model wrapped with LoRA (or bare, for a full fine-tune when `lora` is None) and its tokenizer."""
    probe = unsloth or UnslothProbe(None, "not tried")
    notes: list[str] = []
    if probe.module is not None and lora is not None:
        try:
            return _load_unsloth(probe, cfg, lora, seed, gradient_checkpointing)
        except Exception as exc:
            notes.append(f"unsloth failed, fell back to transformers+peft: {type(exc).__name__}: {str(exc)[:300]}")
    elif cfg.backend != "peft":
        notes.append(f"unsloth not used: {probe.reason}")
    loaded = _load_peft(cfg, lora, seed, gradient_checkpointing)
    loaded.notes[:0] = notes
    return loaded


def _load_unsloth(probe: UnslothProbe, cfg: ModelSection, lora: LoraSection, seed: int, gc: bool) -> Loaded:
    FastLanguageModel = probe.module
    dtype = None if cfg.dtype == "auto" else resolve_dtype(cfg.dtype, True)
    model, tok = FastLanguageModel.from_pretrained(model_name=model_source(cfg.id), max_seq_length=cfg.max_seq_length,
                                                   load_in_4bit=cfg.load_in_4bit, dtype=dtype,
                                                   full_finetuning=False, trust_remote_code=cfg.trust_remote_code)
    model = FastLanguageModel.get_peft_model(model, r=lora.r, lora_alpha=lora.alpha, lora_dropout=lora.dropout,
                                             bias=lora.bias, target_modules=unsloth_targets(lora),
                                             use_gradient_checkpointing="unsloth" if gc else False,
                                             random_state=seed, use_rslora=lora.use_rslora)
    apply_tokenizer_settings(getattr(tok, "tokenizer", tok), cfg)
    return Loaded(model, tok, "unsloth", "cuda", str(model.dtype).removeprefix("torch."), [probe.reason])


def _load_peft(cfg: ModelSection, lora: LoraSection | None, seed: int, gc: bool) -> Loaded:
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, BitsAndBytesConfig

    torch.manual_seed(seed)
    cuda = torch.cuda.is_available()
    dtype = resolve_dtype(cfg.dtype, cuda)
    source = model_source(cfg.peft_id or cfg.id)
    notes: list[str] = [f"transformers+peft loads {cfg.peft_id}"] if cfg.peft_id else []
    kwargs: dict[str, Any] = {"dtype": dtype, "trust_remote_code": cfg.trust_remote_code}
    if cfg.attn_implementation:
        kwargs["attn_implementation"] = cfg.attn_implementation
    if cuda:
        kwargs["device_map"] = {"": int(os.environ.get("LOCAL_RANK", 0))}
    hub_quant = getattr(AutoConfig.from_pretrained(source, trust_remote_code=cfg.trust_remote_code),
                        "quantization_config", None)
    quant_method = (hub_quant or {}).get("quant_method") if isinstance(hub_quant, dict) else getattr(
        hub_quant, "quant_method", None)
    if str(quant_method) == "mxfp4":
        from transformers import Mxfp4Config

        kwargs["quantization_config"] = Mxfp4Config(dequantize=True)   # MXFP4 weights cannot be trained
        notes.append("MXFP4 checkpoint dequantized for training")
    elif cfg.load_in_4bit:
        if quant_method:
            notes.append(f"checkpoint is already quantized ({quant_method}); loading it as is")
        else:
            kwargs["quantization_config"] = BitsAndBytesConfig(
                load_in_4bit=True, bnb_4bit_quant_type=cfg.quant_type, bnb_4bit_use_double_quant=cfg.double_quant,
                bnb_4bit_compute_dtype=dtype)
    try:
        model = AutoModelForCausalLM.from_pretrained(source, **kwargs)
    except (OSError, ValueError, ImportError) as exc:
        raise BackendError(f"cannot load {cfg.id}: {type(exc).__name__}: {str(exc)[:400]}") from None
    tok = load_tokenizer(source, cfg)
    quantized = bool(getattr(model, "is_loaded_in_4bit", False) or getattr(model, "is_loaded_in_8bit", False))
    if quantized:
        from peft import prepare_model_for_kbit_training

        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=gc)
        if not cuda and disable_cpu_weight_repacking(model):
            notes.append("bitsandbytes CPU 4-bit repacking disabled (avx512_bf16 wrong-gradient pitfall)")
    if lora is not None:
        from peft import get_peft_model

        model = get_peft_model(model, lora_config(lora))
        if quantized and not cuda:
            disable_cpu_weight_repacking(model)
    elif quantized:
        raise BackendError("a 4-bit model needs LoRA adapters: add a [lora] table or set load_in_4bit = false")
    if gc:
        model.config.use_cache = False
    return Loaded(model, tok, "peft", "cuda" if cuda else "cpu", str(dtype).removeprefix("torch."), notes)


def trainable_params(model) -> tuple[int, int]:
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    return trainable, total
