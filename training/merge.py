"""`modbench train merge ADAPTER --base MODEL OUT`: fold a LoRA adapter into full-precision base weights.

The result is a plain transformers model folder (config, safetensors weights, generation config, tokenizer with
its chat template) that `modbench eval --model hf:OUT` and vLLM load like any other model. A QLoRA adapter is
merged into the base loaded in 16/32-bit, never into 4-bit weights (merging into quantized weights would round
the update away). The tokenizer comes from the adapter folder when training saved one there (it may carry a chat
template the recipe set), else from the base.
"""

from __future__ import annotations

import json
from pathlib import Path

from .backends import BackendError, model_source

MERGE_INFO = "modbench-merge.json"


def adapter_base(adapter_dir: Path) -> str | None:
    try:
        return json.loads((adapter_dir / "adapter_config.json").read_text(encoding="utf-8")).get(
            "base_model_name_or_path")
    except (OSError, ValueError):
        return None


def merge_adapter(adapter: Path | str, out: Path | str, base: str | None = None, dtype: str = "auto") -> Path:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    adapter, out = Path(adapter), Path(out)
    if not (adapter / "adapter_config.json").is_file():
        raise BackendError(f"{adapter} is not a LoRA adapter folder (no adapter_config.json)")
    base = base or adapter_base(adapter)
    if not base:
        raise BackendError(f"{adapter}: no --base given and adapter_config.json names no base model")
    if out.exists() and any(out.iterdir()):
        raise BackendError(f"{out} exists and is not empty; choose a new folder")
    source = model_source(base)
    if dtype == "auto":
        torch_dtype = torch.bfloat16 if torch.cuda.is_available() and torch.cuda.is_bf16_supported() else torch.float32
    else:
        torch_dtype = getattr(torch, dtype)
    kwargs = {"dtype": torch_dtype}
    cfg_quant = _quant_method(source)
    if cfg_quant == "mxfp4":
        from transformers import Mxfp4Config

        kwargs["quantization_config"] = Mxfp4Config(dequantize=True)
    elif cfg_quant:
        raise BackendError(f"base {base} is a {cfg_quant}-quantized checkpoint; merge into its unquantized "
                           "original instead (e.g. the -BF16 or original hub model)")
    model = AutoModelForCausalLM.from_pretrained(source, **kwargs)
    merged = PeftModel.from_pretrained(model, str(adapter)).merge_and_unload()
    tok_source = adapter if (adapter / "tokenizer_config.json").is_file() else source
    tok = AutoTokenizer.from_pretrained(tok_source)
    if not tok.chat_template:
        raise BackendError(f"the tokenizer from {tok_source} has no chat template; `modbench eval` needs one")
    out.mkdir(parents=True, exist_ok=True)
    merged.save_pretrained(out, safe_serialization=True)
    tok.save_pretrained(out)
    (out / MERGE_INFO).write_text(json.dumps({"base": base, "adapter": str(adapter.resolve()),
                                              "dtype": str(torch_dtype).removeprefix("torch.")}, indent=2) + "\n",
                                  encoding="utf-8")
    return out


def _quant_method(source: str) -> str | None:
    from transformers import AutoConfig

    q = getattr(AutoConfig.from_pretrained(source), "quantization_config", None)
    method = q.get("quant_method") if isinstance(q, dict) else getattr(q, "quant_method", None)
    return str(method) if method else None
