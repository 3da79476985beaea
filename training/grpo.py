"""`modbench train grpo`: GRPO with TRL's GRPOTrainer, rewarded by the environments' real rubrics.

Prompts are the TRAIN-split tasks of the recipe's environments (system prompt + task prompt, exactly what
`modbench eval` sends); the eval split is never loaded here. Each row carries `env` and `task_id`, which TRL
passes to the reward function, which scores every completion with `rubric_for(env).score_answer` (see reward.py).
Generation uses `model.generate` (no vLLM), which is fine for the tiny CPU recipes and small GPU runs; for
multi-GPU runs with a vLLM rollout server use the prime-rl configs in training/prime-rl/.
"""

from __future__ import annotations

from pathlib import Path

from modbench.scenarios import TaskSpec, load_tasks

from .backends import UnslothProbe, load_for_training
from .recipes import GRPORecipe
from .sft import ADAPTER_DIR, RunResult, TrainingError, common_args, configure_threads, resume_arg, run_info

TRAIN_SPLIT = "train"


def train_tasks(recipe: GRPORecipe) -> list[TaskSpec]:
    t = recipe.tasks
    specs = [s for env in t.envs for s in load_tasks(env, split=TRAIN_SPLIT, families=t.families or None,
                                                      ids=t.ids or None)]
    if any(s.split != TRAIN_SPLIT for s in specs):       # load_tasks filters already; this is the guard rail
        raise TrainingError("refusing to train on eval-split tasks")
    if t.ids:
        missing = sorted(set(t.ids) - {s.id for s in specs})
        if missing:
            raise TrainingError(f"tasks.ids not found in the train split of {', '.join(t.envs)}: {missing}")
    if not specs:
        raise TrainingError(f"no train-split tasks for {', '.join(t.envs)} (families {t.families or 'all'})")
    return specs


def prompt_dataset(specs: list[TaskSpec]):
    from datasets import Dataset

    from modbench.rubrics.taskset import system_prompt

    return Dataset.from_list([{"prompt": [{"role": "system", "content": system_prompt(s.env)},
                                          {"role": "user", "content": s.prompt.strip()}],
                               "env": s.env, "task_id": s.id} for s in specs])


def run_grpo(recipe: GRPORecipe, *, resume: bool | str = False, unsloth: UnslothProbe | None = None,
             reward=None) -> RunResult:
    """Train; returns the output dir, the adapter dir and the summary. `reward` overrides the rubric reward
    (tests pass a RubricReward they keep a handle on; production never needs to)."""
    from trl import GRPOConfig, GRPOTrainer

    from .reward import RubricReward
    from .summary import SummaryCallback

    t = recipe.train
    configure_threads(t.threads)
    resume_from = resume_arg(resume, t.output_dir)
    specs = train_tasks(recipe)
    dataset = prompt_dataset(specs)
    reward = reward or RubricReward({(s.env, s.id): s for s in specs}, recipe.reward)
    loaded = load_for_training(recipe.model, recipe.lora, seed=t.seed, gradient_checkpointing=t.gradient_checkpointing,
                               unsloth=unsloth)
    args = GRPOConfig(
        **common_args(t, loaded, count_tokens=False), num_generations=t.num_generations,
        max_completion_length=t.max_completion_length,
        temperature=t.temperature, top_p=t.top_p, beta=t.beta, num_iterations=t.num_iterations,
        loss_type=t.loss_type, mask_truncated_completions=t.mask_truncated_completions,
        log_completions=t.log_completions, use_vllm=False)
    callback = SummaryCallback(t.output_dir, {**run_info(recipe, loaded, "grpo"), "train_tasks": len(specs),
                                              "tasks": recipe.tasks.model_dump(), "reward": recipe.reward.model_dump()})
    trainer = GRPOTrainer(model=loaded.model, reward_funcs=[reward], args=args, train_dataset=dataset,
                          processing_class=loaded.tokenizer, callbacks=[callback])
    try:
        trainer.train(resume_from_checkpoint=resume_from)
    finally:
        reward.close()
    adapter_dir = Path(t.output_dir) / (ADAPTER_DIR if recipe.lora is not None else "model")
    trainer.save_model(str(adapter_dir))
    loaded.tokenizer.save_pretrained(str(adapter_dir))
    summary = callback.write({"adapter_dir": str(adapter_dir), "resumed_from": resume_from,
                              "reward_stats": reward.stats(),
                              "reward_curve": [{"step": s, "reward": v} for s, v in callback.curve("reward")]})
    return RunResult(Path(t.output_dir), adapter_dir, summary)
