"""`modbench train sft`: LoRA / QLoRA supervised fine-tuning with TRL's SFTTrainer.

Rows are fed as conversational prompt/completion pairs ([system, user] -> [assistant]), so the loss covers the
assistant answer only with ANY chat template (TRL masks the prompt tokens); no `{% generation %}` markers needed.
Checkpoints go to output_dir/checkpoint-N every save_steps; `resume=True` continues from the newest one. The final
adapter (and tokenizer) is saved to output_dir/adapter, with summary.json and loss.png next to it.

Import order matters for unsloth: call `backends.try_unsloth()` before importing this module.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .backends import Loaded, UnslothProbe, load_for_training, trainable_params
from .recipes import SFTRecipe
from .rows import DataError, read_rows

ADAPTER_DIR = "adapter"


class TrainingError(RuntimeError):
    """A training run that cannot start or continue for a reason the user can fix (one line, exit 2)."""


@dataclass
class RunResult:
    output_dir: Path
    adapter_dir: Path
    summary: dict[str, Any]


def load_dataset_rows(path: str, max_rows: int | None = None):
    from datasets import Dataset

    rows = read_rows(path)[:max_rows] if max_rows else read_rows(path)
    return Dataset.from_list([{"prompt": r.messages()[:-1], "completion": r.messages()[-1:]} for r in rows])


def configure_threads(threads: int | None) -> None:
    import torch

    if threads and not torch.cuda.is_available():
        torch.set_num_threads(threads)


def precision_flags(loaded: Loaded) -> dict[str, Any]:
    """TRL defaults bf16=True, which raises on a CPU-only host unless use_cpu is set: always be explicit."""
    if loaded.device == "cpu":
        return {"use_cpu": True, "bf16": False, "fp16": False}
    return {"use_cpu": False, "bf16": loaded.dtype == "bfloat16", "fp16": loaded.dtype == "float16"}


def common_args(t, loaded: Loaded, count_tokens: bool = True) -> dict[str, Any]:
    """TrainingArguments shared by SFT and GRPO, from the recipe's [train] table."""
    gc = t.gradient_checkpointing and loaded.backend != "unsloth"   # unsloth does its own checkpointing
    return dict(
        output_dir=t.output_dir, seed=t.seed, data_seed=t.seed, max_steps=t.max_steps,
        learning_rate=t.learning_rate, lr_scheduler_type=t.lr_scheduler_type, warmup_steps=t.warmup_steps,
        weight_decay=t.weight_decay, optim=t.optim, max_grad_norm=t.max_grad_norm,
        per_device_train_batch_size=t.per_device_train_batch_size,
        gradient_accumulation_steps=t.gradient_accumulation_steps,
        gradient_checkpointing=gc, gradient_checkpointing_kwargs={"use_reentrant": False} if gc else None,
        logging_steps=t.logging_steps, logging_first_step=True, save_strategy="steps", save_steps=t.save_steps,
        save_total_limit=t.save_total_limit, report_to="none", dataloader_num_workers=0,
        include_num_input_tokens_seen="non_padding" if count_tokens else "no", disable_tqdm=False,
        **precision_flags(loaded))


def resume_arg(resume: bool | str, output_dir: str) -> bool | str | None:
    if not resume:
        return None
    if isinstance(resume, str):
        if not Path(resume).is_dir():
            raise TrainingError(f"checkpoint {resume} does not exist")
        return resume
    if not any(Path(output_dir).glob("checkpoint-*")):
        raise TrainingError(f"--resume: no checkpoint-* folder in {output_dir} to resume from")
    return True


def run_info(recipe, loaded: Loaded, kind: str) -> dict[str, Any]:
    trainable, total = trainable_params(loaded.model)
    return {"kind": kind, "recipe": recipe.name, "model": recipe.model.id, "backend": loaded.backend,
            "device": loaded.device, "dtype": loaded.dtype, "load_in_4bit": recipe.model.load_in_4bit,
            "trainable_params": trainable, "total_params": total, "notes": loaded.notes,
            "recipe_config": recipe.model_dump(mode="json")}


def check_prepared(trainer, rows: int, max_len: int, callback) -> None:
    """TRL silently drops rows whose answer was truncated away entirely (prompt longer than max_length)."""
    left = len(trainer.train_dataset)
    if left == 0:
        raise TrainingError(f"all {rows} rows were dropped while preparing the data: every prompt is longer than "
                            f"model.max_seq_length ({max_len} tokens); raise it or export with a lower --max-tokens")
    if left < rows:
        callback.info.setdefault("notes", []).append(
            f"{rows - left} of {rows} rows dropped by TRL: no answer token left within {max_len} tokens")
    callback.info["train_rows_used"] = left
    ds = trainer.train_dataset
    if "input_ids" in ds.column_names:            # what the loss sees: answer tokens vs all tokens
        callback.info["input_tokens"] = int(sum(len(ids) for ids in ds["input_ids"]))
        if "labels" in ds.column_names:           # TRL folds the completion mask into labels (-100 = no loss)
            callback.info["loss_tokens"] = int(sum(sum(1 for x in lab if x != -100) for lab in ds["labels"]))


def run_sft(recipe: SFTRecipe, *, resume: bool | str = False, unsloth: UnslothProbe | None = None) -> RunResult:
    from trl import SFTConfig, SFTTrainer

    from .summary import SummaryCallback

    t = recipe.train
    configure_threads(t.threads)
    resume_from = resume_arg(resume, t.output_dir)
    try:
        train_ds = load_dataset_rows(recipe.data.train, recipe.data.max_rows)
        eval_ds = load_dataset_rows(recipe.data.eval) if recipe.data.eval else None
    except DataError as exc:
        raise TrainingError(str(exc)) from None
    loaded = load_for_training(recipe.model, recipe.lora, seed=t.seed, gradient_checkpointing=t.gradient_checkpointing,
                               unsloth=unsloth)
    args = SFTConfig(
        **common_args(t, loaded), num_train_epochs=t.num_train_epochs, max_length=recipe.model.max_seq_length,
        packing=t.packing, completion_only_loss=t.completion_only_loss, assistant_only_loss=False,
        eval_strategy=("steps" if t.eval_steps else "epoch") if eval_ds is not None else "no",
        eval_steps=t.eval_steps, per_device_eval_batch_size=t.per_device_train_batch_size)
    callback = SummaryCallback(t.output_dir, {**run_info(recipe, loaded, "sft"), "train_rows": len(train_ds),
                                              "data": recipe.data.model_dump()})
    trainer = SFTTrainer(model=loaded.model, args=args, train_dataset=train_ds, eval_dataset=eval_ds,
                         processing_class=loaded.tokenizer, callbacks=[callback])
    check_prepared(trainer, len(train_ds), recipe.model.max_seq_length, callback)
    trainer.train(resume_from_checkpoint=resume_from)
    adapter_dir = Path(t.output_dir) / ADAPTER_DIR
    trainer.save_model(str(adapter_dir))
    loaded.tokenizer.save_pretrained(str(adapter_dir))
    summary = callback.write({"adapter_dir": str(adapter_dir), "resumed_from": resume_from})
    return RunResult(Path(t.output_dir), adapter_dir, summary)


def describe(summary: dict[str, Any]) -> str:
    keys = ("recipe", "backend", "device", "global_step", "first_loss", "final_loss", "tokens_per_second",
            "train_seconds")
    return json.dumps({k: summary.get(k) for k in keys} | {"peak_rss_mib": summary["memory"]["peak_rss_mib"]})
