"""Model specs for `modbench eval --model`:

    retrieval              the embedded default (see retrieval.py): no GPU, no network, no key
    openai:MODEL           any OpenAI-compatible endpoint (vLLM, OpenAI); --base-url, key from $OPENAI_API_KEY
                           (or the variable named by --api-key-var)
    hf:PATH                a local transformers model (optionally --adapter PATH, a LoRA adapter), served on
                           loopback by modbench itself; needs the `train` extra (torch)
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

from .endpoint import ChatEndpoint
from .retrieval import LABEL as RETRIEVAL_LABEL
from .retrieval import model_for


class ModelSpecError(ValueError):
    pass


@dataclass(frozen=True)
class ModelSpec:
    kind: str            # retrieval | openai | hf
    name: str            # model id sent upstream
    path: Path | None = None
    adapter: Path | None = None

    @property
    def label(self) -> str:
        if self.kind == "retrieval":
            return RETRIEVAL_LABEL
        return f"{self.kind}:{self.name}" + (f" + adapter {self.adapter}" if self.adapter else "")


def parse_model_spec(spec: str, adapter: str | None = None) -> ModelSpec:
    spec = (spec or "").strip()
    if spec == "retrieval":
        if adapter:
            raise ModelSpecError("--adapter only applies to hf:PATH models")
        return ModelSpec("retrieval", "retrieval")
    kind, sep, rest = spec.partition(":")
    if not sep or not rest:
        raise ModelSpecError(f"bad model spec {spec!r}: use retrieval, openai:MODEL or hf:PATH")
    if kind == "openai":
        if adapter:
            raise ModelSpecError("--adapter only applies to hf:PATH models")
        return ModelSpec("openai", rest)
    if kind == "hf":
        path = Path(rest).expanduser()
        if not path.is_dir():
            raise ModelSpecError(f"hf model folder {path} does not exist (hub downloads are not used)")
        ad = Path(adapter).expanduser() if adapter else None
        if ad is not None and not (ad / "adapter_config.json").is_file():
            raise ModelSpecError(f"adapter folder {ad} has no adapter_config.json")
        return ModelSpec("hf", path.name, path, ad)
    raise ModelSpecError(f"unknown model kind {kind!r} in {spec!r}: use retrieval, openai:MODEL or hf:PATH")


def retrieval_endpoint(env: str, samples: int, answered: dict[str, list[str]] | None = None) -> ChatEndpoint:
    """`answered`: prompt -> replies already in the run dir (when resuming), so that a resumed run hands out
    exactly the neighbours that are still missing and ends identical to an uninterrupted one."""
    model = model_for(env)
    k = max(samples, 1)
    used: dict[str, set[int]] = {}
    for prompt, replies in (answered or {}).items():
        refs = [t.reference for t in model.neighbours(prompt, k)]
        used[prompt] = {refs.index(r) for r in replies if r in refs}

    def generate(messages: list[dict], sampling: dict) -> str:
        prompt = next((m["content"] for m in reversed(messages) if m.get("role") == "user"), "")
        if isinstance(prompt, list):   # content parts
            prompt = " ".join(p.get("text", "") for p in prompt if isinstance(p, dict))
        free = [i for i in range(k) if i not in used.get(prompt, set())] or list(range(k))
        return model.answer(prompt, free[sampling["sample"] % len(free)], k=k)

    return ChatEndpoint(generate, "retrieval")


def hf_endpoint(spec: ModelSpec) -> ChatEndpoint:
    """Serve a local transformers model (+ LoRA adapter). Imports torch lazily: the base install has none."""
    try:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer
    except ImportError as exc:
        raise ModelSpecError("hf: models need the training extra: uv sync --extra train") from exc
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    tok = AutoTokenizer.from_pretrained(spec.path)
    model = AutoModelForCausalLM.from_pretrained(spec.path)
    if spec.adapter is not None:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, spec.adapter)
    model.eval()
    lock = threading.Lock()   # one generation at a time; the endpoint's threads queue here

    def generate(messages: list[dict], sampling: dict) -> str:
        msgs = [{"role": m["role"], "content": m.get("content") or ""} for m in messages]
        if tok.chat_template:
            ids = tok.apply_chat_template(msgs, add_generation_prompt=True, return_tensors="pt", return_dict=True)
            input_ids = ids["input_ids"]
        else:
            input_ids = tok("\n".join(m["content"] for m in msgs), return_tensors="pt")["input_ids"]
        temperature = sampling.get("temperature") or 0.0
        kwargs = {"max_new_tokens": int(sampling.get("max_tokens") or 256), "do_sample": temperature > 0,
                  "pad_token_id": tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id}
        if temperature > 0:
            kwargs.update(temperature=temperature, top_p=sampling.get("top_p") or 1.0)
        with lock, torch.no_grad():
            seed = sampling.get("seed")
            torch.manual_seed(int(seed if seed is not None else 0) + int(sampling.get("sample", 0)))
            out = model.generate(input_ids=input_ids, **kwargs)
        return tok.decode(out[0, input_ids.shape[1]:], skip_special_tokens=True)

    return ChatEndpoint(generate, spec.name)
