"""Measure unsloth vs transformers+peft, LoRA and QLoRA, side by side on one GPU, and write the table to GPU.md.

    uv sync --extra train --extra unsloth          # on a CUDA machine
    uv run python training/gpu_bench.py            # preset "small" (~60M params), 30 steps per run
    uv run python training/gpu_bench.py --preset medium --steps 50

No hub access: the model (random weights, Llama architecture) and its tokenizer are built locally by
modbench.training.tiny, and the data is the exported train split (no rubric verification needed for a speed
test). Every (backend, quantization) pair runs in its own subprocess: unsloth patches transformers at import
time, so a peft measurement in the same process would not be a peft measurement. Each run trains the same rows
in the same order with the same seed, LoRA rank and batch shape, and reports the run summary's tokens/s and peak
GPU memory. The results replace the block between the gpu-bench markers in training/GPU.md.

`--allow-cpu --preset tiny --steps 2 --backends peft` runs the plumbing on a CPU (figures meaningless there).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
GPU_MD = HERE / "GPU.md"
BEGIN, END = "<!-- gpu-bench:begin -->", "<!-- gpu-bench:end -->"
PRESETS = {   # Llama-architecture shapes; params are approximate
    "tiny": dict(hidden_size=64, intermediate_size=128, num_hidden_layers=2, num_attention_heads=4,
                 num_key_value_heads=2),
    "small": dict(hidden_size=512, intermediate_size=1376, num_hidden_layers=8, num_attention_heads=8,
                  num_key_value_heads=4),
    "medium": dict(hidden_size=1024, intermediate_size=2816, num_hidden_layers=16, num_attention_heads=16,
                   num_key_value_heads=8),
}


def build_model(out: Path, preset: str) -> Path:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    from modbench.training.tiny import build_tokenizer

    tok = build_tokenizer(vocab_size=8192)
    cfg = LlamaConfig(vocab_size=len(tok), max_position_embeddings=4096, tie_word_embeddings=False,
                      bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id,
                      **PRESETS[preset])
    torch.manual_seed(0)
    model = LlamaForCausalLM(cfg)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    tok.save_pretrained(out)
    return out


def export_rows(path: Path) -> int:
    from modbench.scenarios import ENVS
    from modbench.training.export import export
    from modbench.training.rows import write_rows

    rows, _ = export(list(ENVS), verify=False, max_tokens=2048)
    return write_rows(rows, path)


def run_one(args) -> None:
    """Child process: one training run; prints one JSON line with the figures."""
    from modbench.training.recipes import parse_recipe

    recipe = parse_recipe({
        "kind": "sft", "name": f"gpu-bench-{args.backend}-{args.quant}",
        "model": {"id": args.model, "backend": args.backend, "load_in_4bit": args.quant == "qlora",
                  "max_seq_length": args.seq},
        "lora": {"r": 16, "alpha": 32, "target_modules": "all-linear"},
        "data": {"train": args.data},
        "train": {"output_dir": args.out, "max_steps": args.steps, "per_device_train_batch_size": args.batch,
                  "gradient_accumulation_steps": 1, "learning_rate": 2e-4, "logging_steps": 1,
                  "save_steps": 10_000, "gradient_checkpointing": True, "seed": 3407}})
    from modbench.training.backends import try_unsloth

    probe = try_unsloth(recipe.model) if args.backend == "unsloth" else None
    from modbench.training.sft import run_sft

    s = run_sft(recipe, unsloth=probe).summary
    print("GPU_BENCH_RESULT " + json.dumps({
        "backend_requested": args.backend, "backend_used": s["backend"], "quant": args.quant,
        "steps": s["global_step"], "tokens_seen": s["tokens_seen"], "tokens_per_second": s["tokens_per_second"],
        "train_seconds": s["train_seconds"], "final_loss": s["final_loss"],
        "gpu_peak_allocated_mib": s["memory"]["gpu_peak_allocated_mib"],
        "gpu_peak_reserved_mib": s["memory"]["gpu_peak_reserved_mib"], "peak_rss_mib": s["memory"]["peak_rss_mib"],
        "trainable_params": s["trainable_params"], "notes": s["notes"], "versions": s["versions"]}))


def device_name() -> str:
    import torch

    if torch.cuda.is_available():
        return f"{torch.cuda.get_device_name(0)} ({torch.cuda.get_device_properties(0).total_memory / 2**30:.0f} GiB)"
    return f"CPU only ({platform.processor() or platform.machine()}, {os.cpu_count()} cores)"


def render(results: list[dict], meta: dict) -> str:
    lines = [BEGIN, "", f"Measured {meta['date']} on {meta['device']} with `{meta['command']}`.",
             f"Model: random Llama, preset `{meta['preset']}` ({meta['params'] / 1e6:.1f}M params), "
             f"{meta['rows']} exported train rows, seq {meta['seq']}, batch {meta['batch']}, {meta['steps']} steps, "
             "LoRA r16 all-linear, gradient checkpointing on.", "",
             "| backend | weights | used | tokens/s | peak GPU alloc (MiB) | peak GPU reserved (MiB) | train s "
             "| final loss |",
             "|---|---|---|---|---|---|---|---|"]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['backend_requested']} | {r['quant']} | failed | - | - | - | - | {r['error'][:80]} |")
            continue
        used = r["backend_used"]
        if used != r["backend_requested"]:
            used = f"**{used}** (fallback)"
        lines.append(f"| {r['backend_requested']} | {'4-bit nf4' if r['quant'] == 'qlora' else '16-bit'} | {used} "
                     f"| {r['tokens_per_second']} | {r['gpu_peak_allocated_mib']} | {r['gpu_peak_reserved_mib']} "
                     f"| {r['train_seconds']} | {r['final_loss']:.4f} |")
    versions = next((r["versions"] for r in results if "versions" in r), {})
    lines += ["", "Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items() if v), "", END]
    return "\n".join(lines)


def write_gpu_md(block: str) -> None:
    text = GPU_MD.read_text(encoding="utf-8")
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    GPU_MD.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--preset", choices=sorted(PRESETS), default="small")
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--seq", type=int, default=1024)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--backends", default="peft,unsloth", help="comma-separated: peft, unsloth")
    ap.add_argument("--quants", default="lora,qlora", help="comma-separated: lora (16-bit), qlora (4-bit)")
    ap.add_argument("--allow-cpu", action="store_true", help="run without a GPU (plumbing check only)")
    ap.add_argument("--no-write", action="store_true", help="print the table, leave GPU.md alone")
    ap.add_argument("--run-one", action="store_true", help=argparse.SUPPRESS)
    for hidden in ("--backend", "--quant", "--model", "--data", "--out"):
        ap.add_argument(hidden, help=argparse.SUPPRESS)
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    if args.run_one:
        return run_one(args)

    import torch

    if not torch.cuda.is_available() and not args.allow_cpu:
        sys.exit("gpu_bench: no CUDA GPU (use --allow-cpu only to check the plumbing)")
    work = Path(tempfile.mkdtemp(prefix="modbench-gpu-bench-"))
    model = build_model(work / "model", args.preset)
    data = work / "train.jsonl"
    rows = export_rows(data)
    params = sum(p.numel() for p in __import__("transformers").AutoModelForCausalLM.from_pretrained(model).parameters())
    results = []
    for backend in args.backends.split(","):
        for quant in args.quants.split(","):
            cmd = [sys.executable, __file__, "--run-one", "--backend", backend, "--quant", quant, "--model", str(model),
                   "--data", str(data), "--out", str(work / f"run-{backend}-{quant}"), "--steps", str(args.steps),
                   "--seq", str(args.seq), "--batch", str(args.batch)]
            print(f"gpu_bench: {backend} / {quant} ...", flush=True)
            proc = subprocess.run(cmd, capture_output=True, text=True)
            line = next((x for x in proc.stdout.splitlines() if x.startswith("GPU_BENCH_RESULT ")), None)
            if proc.returncode or line is None:
                tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
                results.append({"backend_requested": backend, "quant": quant, "error": tail[0]})
            else:
                results.append(json.loads(line.removeprefix("GPU_BENCH_RESULT ")))
            print(json.dumps(results[-1]), flush=True)
    meta = {"date": time.strftime("%Y-%m-%d"), "device": device_name(), "preset": args.preset, "params": params,
            "rows": rows, "seq": args.seq, "batch": args.batch, "steps": args.steps,
            "command": "python training/gpu_bench.py " + " ".join(sys.argv[1:])}
    block = render(results, meta)
    print(block)
    if not args.no_write:
        write_gpu_md(block)
        print(f"gpu_bench: wrote {GPU_MD}")


if __name__ == "__main__":
    main()
