"""Tiny random causal LMs with a locally trained tokenizer: no hub access, built in well under a second.

They exist so that every training code path (LoRA, 4-bit QLoRA, GRPO, merge, the gpt-oss MoE layout) can run in
CI and on a laptop CPU, and so that `gpu_bench.py` can compare backends on identical weights. The weights are
random: what such a model writes is noise. Nothing here is meant to learn anything.

    build_tiny("build/tiny/llama", arch="llama")     # LlamaForCausalLM, ~0.4M params
    build_tiny("build/tiny/gpt-oss", arch="gpt_oss") # GptOssForCausalLM: attention sinks, MoE experts, eager attn

The tokenizer is a byte-level BPE trained on the task files (prompts and references of both environments) plus the
system prompts, so code tokenizes into a sane number of pieces. Its ChatML template wraps assistant turns in
`{% generation %}` markers, so `return_assistant_tokens_mask` works as well as prompt/completion masking.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

Arch = Literal["llama", "gpt_oss"]

SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|pad|>"]

# ChatML; the assistant content plus its end marker is the trainable span.
CHATML_TEMPLATE = (
    "{%- for message in messages %}"
    "{%- if message['role'] == 'assistant' %}"
    "{{- '<|im_start|>assistant\\n' }}"
    "{% generation %}{{- message['content'] + '<|im_end|>' }}{% endgeneration %}"
    "{{- '\\n' }}"
    "{%- else %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{%- endif %}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)


def corpus(chars_per_file: int = 1500) -> list[str]:
    """Local text to train the tokenizer on: the start of every task file and the system prompts (capped per file,
    so training the tokenizer stays well under a second as the task suite grows)."""
    from modbench.scenarios import ENVS, ROOT

    texts: list[str] = []
    for env in ENVS:
        prompt = ROOT / env / "system_prompt.md"
        if prompt.is_file():
            texts.append(prompt.read_text(encoding="utf-8"))
        texts.extend(p.read_text(encoding="utf-8")[:chars_per_file] for p in sorted((ROOT / env).glob("*/*.toml")))
    # a little prose, so ordinary instructions do not fall apart into single bytes either
    texts.append(__doc__ or "")
    texts.append("Answer with the complete plugin in one code block. Register the command and hook the event. " * 4)
    return texts


def build_tokenizer(vocab_size: int = 2048):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    tok.post_processor = processors.ByteLevel(trim_offsets=False)
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, special_tokens=SPECIAL_TOKENS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(corpus(), trainer=trainer)
    return PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<|endoftext|>", eos_token="<|im_end|>",
                                   pad_token="<|pad|>", unk_token=None,
                                   additional_special_tokens=["<|im_start|>"], chat_template=CHATML_TEMPLATE,
                                   model_max_length=2048)


def _config(arch: Arch, tok, max_positions: int):
    ids = {"bos_token_id": tok.bos_token_id, "eos_token_id": tok.eos_token_id, "pad_token_id": tok.pad_token_id}
    if arch == "llama":
        from transformers import LlamaConfig

        return LlamaConfig(vocab_size=len(tok), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                           num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=max_positions,
                           tie_word_embeddings=True, **ids)
    if arch == "gpt_oss":
        from transformers import GptOssConfig

        # yarn's original context must be max_positions / factor, or transformers warns about an inconsistent factor
        rope = {"rope_type": "yarn", "factor": 32.0, "beta_fast": 32.0, "beta_slow": 1.0, "truncate": False,
                "original_max_position_embeddings": max_positions // 32, "rope_theta": 150000.0}
        return GptOssConfig(vocab_size=len(tok), hidden_size=64, intermediate_size=64, head_dim=16,
                            num_attention_heads=4, num_key_value_heads=2, num_hidden_layers=2, num_local_experts=4,
                            num_experts_per_tok=2, sliding_window=16, max_position_embeddings=max_positions,
                            rope_parameters=rope, **ids)
    raise ValueError(f"unknown tiny architecture {arch!r}; choose llama or gpt_oss")


def build_tiny(out_dir: Path | str, arch: Arch = "llama", *, seed: int = 0, tokenizer=None,
               max_positions: int = 2048) -> Path:
    """Write a random tiny model, its tokenizer (with a chat template) and a generation config to `out_dir`."""
    import torch
    from transformers import AutoModelForCausalLM

    out = Path(out_dir)
    tok = tokenizer if tokenizer is not None else build_tokenizer()
    cfg = _config(arch, tok, max_positions)
    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_config(cfg)
    for name in ("pad_token_id", "eos_token_id", "bos_token_id"):
        setattr(model.generation_config, name, getattr(cfg, name))
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    tok.save_pretrained(out)
    (out / "modbench-tiny.json").write_text(json.dumps(
        {"arch": arch, "seed": seed, "params": sum(p.numel() for p in model.parameters()),
         "note": "random weights built locally by modbench.training.tiny; for tests and benchmarks only"},
        indent=2) + "\n", encoding="utf-8")
    return out
