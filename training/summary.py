"""The run summary every training command leaves in its output dir: summary.json and loss.png.

summary.json: recipe and backend, steps, the loss curve, tokens seen and tokens/s, train time, peak memory
(process RSS; on a GPU also the allocator's peak), trainable parameters and library versions; GRPO adds the reward
statistics. Written by a transformers TrainerCallback so it works the same for SFT and GRPO, and rewritten at the
end of every run (a resumed run's curve includes the steps logged before the interruption, from trainer state).
"""

from __future__ import annotations

import json
import platform
import resource
import time
from pathlib import Path
from typing import Any

from transformers import TrainerCallback

SUMMARY_FILE = "summary.json"
LOSS_PNG = "loss.png"
VERSIONED = ("torch", "transformers", "trl", "peft", "bitsandbytes", "unsloth", "datasets", "accelerate")


def peak_memory() -> dict[str, float | None]:
    import torch

    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss      # KiB on Linux
    out: dict[str, float | None] = {"peak_rss_mib": round(rss_kib / 1024, 1), "gpu_peak_allocated_mib": None,
                                    "gpu_peak_reserved_mib": None}
    if torch.cuda.is_available():
        out["gpu_peak_allocated_mib"] = round(torch.cuda.max_memory_allocated() / 2**20, 1)
        out["gpu_peak_reserved_mib"] = round(torch.cuda.max_memory_reserved() / 2**20, 1)
    return out


def versions() -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, str | None] = {"python": platform.python_version()}
    for dist in VERSIONED:
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = None
    return out


class SummaryCallback(TrainerCallback):
    """Collects the log history and timing; `write()` produces summary.json and loss.png."""

    def __init__(self, output_dir: Path | str, info: dict[str, Any]):
        self.output_dir = Path(output_dir)
        self.info = dict(info)
        self.state = None
        self._started = None
        self.train_seconds = 0.0

    def on_train_begin(self, args, state, control, **kwargs):
        self._started = time.perf_counter()
        self.state = state

    def on_train_end(self, args, state, control, **kwargs):
        if self._started is not None:
            self.train_seconds = time.perf_counter() - self._started
        self.state = state

    def curve(self, key: str = "loss") -> list[tuple[int, float]]:
        history = self.state.log_history if self.state else []
        return [(int(h["step"]), float(h[key])) for h in history if key in h and "step" in h]

    def write(self, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        state = self.state
        # SFT: the Trainer counts non-padding input tokens; GRPO: TRL logs prompt+completion tokens as num_tokens
        tokens = int(getattr(state, "num_input_tokens_seen", 0) or 0) or int(max(
            (v for _, v in self.curve("num_tokens")), default=0))
        losses = self.curve("loss")
        summary = {
            **self.info,
            "global_step": int(state.global_step) if state else 0,
            "max_steps": int(state.max_steps) if state else 0,
            "epoch": round(float(state.epoch or 0), 4) if state else 0,
            "train_seconds": round(self.train_seconds, 3),
            "tokens_seen": tokens,
            "tokens_per_second": round(tokens / self.train_seconds, 1) if self.train_seconds and tokens else None,
            "first_loss": losses[0][1] if losses else None,
            "final_loss": losses[-1][1] if losses else None,
            "loss_curve": [{"step": s, "loss": v} for s, v in losses],
            "eval_loss_curve": [{"step": s, "loss": v} for s, v in self.curve("eval_loss")],
            "memory": peak_memory(),
            "versions": versions(),
            "written_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            **(extra or {}),
        }
        self.output_dir.mkdir(parents=True, exist_ok=True)
        (self.output_dir / SUMMARY_FILE).write_text(json.dumps(summary, indent=2, default=str) + "\n",
                                                    encoding="utf-8")
        plot_loss(losses, self.curve("eval_loss"), self.output_dir / LOSS_PNG, title=str(self.info.get("recipe")))
        return summary


def plot_loss(losses: list[tuple[int, float]], eval_losses: list[tuple[int, float]], path: Path,
              title: str = "") -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.5), dpi=100)
    if losses:
        ax.plot([s for s, _ in losses], [v for _, v in losses], marker="." if len(losses) < 50 else None,
                label="train loss")
    if eval_losses:
        ax.plot([s for s, _ in eval_losses], [v for _, v in eval_losses], marker="o", label="eval loss")
    if not losses and not eval_losses:
        ax.text(0.5, 0.5, "no loss logged", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3)
    if losses or eval_losses:
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
