"""Training recipes: TOML files validated by strict pydantic models, so a typo is an error that names the field.

    training/recipes/<name>.toml     kind = "sft" (LoRA / QLoRA SFT) or kind = "grpo" (RL on the rubric)

`load_recipe("tiny-cpu-lora")` finds a shipped recipe by name; a path works too. Relative paths inside a recipe
(model folder, data file, output dir) are relative to the current directory, like every other CLI path.
Every field is documented here (the attribute docstrings) and, for users, by the comments in the TOML files.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

RECIPES_DIR = Path(__file__).resolve().parent / "recipes"
EnvName = Literal["l4d2", "luanti"]
FamilyName = Literal["scaffold", "repair", "refactor", "doc"]


class RecipeError(ValueError):
    """A recipe that cannot be found, parsed or validated; the message names the file and the field."""


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, validate_assignment=True)


class ModelSection(Section):
    id: str
    """Hub id (e.g. TinyLlama/TinyLlama-1.1B-Chat-v1.0) or a local model folder."""
    peft_id: str | None = None
    """Model for the transformers+peft backend when it must differ from id (unsloth's own pre-quantized
    checkpoints load only with unsloth). None: the same id."""
    backend: Literal["auto", "unsloth", "peft"] = "auto"
    """auto: unsloth when a CUDA GPU and unsloth are present, else transformers+peft. unsloth: try it, fall back."""
    load_in_4bit: bool = False
    """QLoRA: load the base weights 4-bit with bitsandbytes (nf4) and train LoRA adapters on top."""
    quant_type: Literal["nf4", "fp4"] = "nf4"
    """bitsandbytes 4-bit data type."""
    double_quant: bool = True
    """bitsandbytes nested quantization of the quantization constants (saves ~0.4 bit per weight)."""
    dtype: Literal["auto", "float32", "bfloat16", "float16"] = "auto"
    """Weights/compute dtype. auto: bfloat16 on a GPU that supports it, float16 on other GPUs, float32 on CPU."""
    attn_implementation: str | None = None
    """eager, sdpa, flash_attention_2, ... (None: transformers picks; gpt-oss supports eager, not sdpa)."""
    max_seq_length: int = Field(2048, ge=64)
    """SFT: longest training sequence in tokens, longer rows are truncated (the export filter drops over-long
    rows). GRPO does not truncate prompts; there it only sizes unsloth's context."""
    chat_template: str | None = None
    """Path to a .jinja chat template that replaces the tokenizer's (None: keep the model's own)."""
    trust_remote_code: bool = False
    """Allow model code from the model folder (never needed for Llama or gpt-oss)."""


class LoraSection(Section):
    r: int = Field(8, ge=1)
    """LoRA rank."""
    alpha: int = Field(16, ge=1)
    """LoRA alpha (the update is scaled by alpha / r)."""
    dropout: float = Field(0.0, ge=0.0, lt=1.0)
    """Dropout on the LoRA input."""
    target_modules: list[str] | Literal["all-linear"] = ["q_proj", "k_proj", "v_proj", "o_proj"]
    """Module names to wrap. gpt-oss experts are not modules: use target_parameters for them."""
    target_parameters: list[str] = []
    """Raw parameters to adapt (PEFT target_parameters), e.g. gpt-oss experts:
    mlp.experts.gate_up_proj, mlp.experts.down_proj. unsloth gets the matching gate/up/down_proj names."""
    bias: Literal["none", "all", "lora_only"] = "none"
    """Which biases to train."""
    use_rslora: bool = False
    """Rank-stabilised LoRA scaling (alpha / sqrt(r))."""


class DataSection(Section):
    train: str
    """JSONL from `modbench data export` or `modbench data harvest` (chatml or prompt-completion rows)."""
    eval: str | None = None
    """Optional held-out JSONL for an eval loss (made from TRAIN tasks you hold back; never the eval split)."""
    max_rows: int | None = Field(None, ge=1)
    """Use only the first N rows (smoke runs)."""


class CommonTrainSection(Section):
    output_dir: str
    """Checkpoints, the final adapter (output_dir/adapter), summary.json and loss.png go here."""
    seed: int = 3407
    """Seed for data order, LoRA init and sampling."""
    max_steps: int = -1
    """Optimizer steps; -1 = run num_train_epochs."""
    learning_rate: float = Field(2e-4, gt=0)
    """Peak learning rate."""
    lr_scheduler_type: str = "linear"
    """transformers scheduler name (linear, cosine, constant, ...)."""
    warmup_steps: int = Field(0, ge=0)
    """Linear warmup steps."""
    weight_decay: float = Field(0.0, ge=0)
    """AdamW weight decay."""
    optim: str = "adamw_torch"
    """transformers optimizer name (adamw_torch; adamw_8bit needs bitsandbytes on a GPU)."""
    max_grad_norm: float = Field(1.0, gt=0)
    """Gradient clipping."""
    per_device_train_batch_size: int = Field(1, ge=1)
    """Rows (SFT) or completions (GRPO) per device per micro-step."""
    gradient_accumulation_steps: int = Field(1, ge=1)
    """Micro-steps per optimizer step."""
    gradient_checkpointing: bool = False
    """Recompute activations in backward: less memory, ~30% slower."""
    logging_steps: int = Field(1, ge=1)
    """Log loss every N steps (the loss curve's resolution)."""
    save_steps: int = Field(100, ge=1)
    """Write a resumable checkpoint every N steps."""
    save_total_limit: int | None = Field(2, ge=1)
    """Keep at most N checkpoints (None: all)."""
    threads: int | None = Field(None, ge=1)
    """CPU only: torch intra-op threads (None: torch's default). 1 gives stable timings on shared machines."""


class SFTTrainSection(CommonTrainSection):
    num_train_epochs: float = Field(1.0, gt=0)
    """Epochs over the data when max_steps is -1."""
    completion_only_loss: bool = True
    """Loss on the assistant answer only (the system and user prompt are masked out)."""
    packing: bool = False
    """Pack several rows into one sequence (faster on short rows; needs a padding-free attention kernel on GPU)."""
    eval_steps: int | None = Field(None, ge=1)
    """Eval loss every N steps when data.eval is set (None: only at the end)."""


class SFTRecipe(Section):
    kind: Literal["sft"]
    """Recipe type: sft."""
    name: str
    """Short name, recorded in the run summary."""
    description: str = ""
    """What this recipe is for."""
    model: ModelSection
    lora: LoraSection
    data: DataSection
    train: SFTTrainSection


class TasksSection(Section):
    envs: list[EnvName] = ["l4d2", "luanti"]
    """Environments whose TRAIN split provides the prompts (the eval split is never used for training)."""
    families: list[FamilyName] = []
    """Only these task families (empty: all)."""
    ids: list[str] = []
    """Only these task ids (empty: all)."""

    @field_validator("envs")
    @classmethod
    def _some_env(cls, v: list[str]) -> list[str]:
        if not v:
            raise ValueError("name at least one environment")
        return v


class RewardSection(Section):
    partial_credit: dict[EnvName, dict[str, float]] = {}
    """Shaping for FAILED rollouts: reward = min(sum(weight * verdict metric), max_partial). A pass is always 1.0.
    Keys are verdict metric names (l4d2: compiled, api_ok, behaviour_pass_rate; luanti: syntax_ok, lint_ok,
    api_ok, sim_ok, engine_ok, probe_pass_rate). Empty: the binary `passed` reward."""
    max_partial: float = Field(0.5, ge=0, lt=1)
    """Cap on partial credit, below 1 so any pass beats any failure."""
    tiers: dict[EnvName, list[str]] = {}
    """Run only these rubric tiers per env (empty: all). Skipping slow tiers makes the reward cheaper but weaker."""
    tier_timeouts: dict[EnvName, dict[str, float]] = {}
    """Per-tier wall-clock limits in seconds, overriding the rubric's defaults."""
    scoring_timeout: float = Field(180.0, gt=0)
    """Seconds for scoring one completion; beyond it the completion is an infrastructure error (reward None)."""
    max_concurrency: int = Field(0, ge=0)
    """Completions scored at once (0: the sandbox slot pool size, i.e. the number of cores)."""


class GRPOTrainSection(CommonTrainSection):
    num_generations: int = Field(4, ge=2)
    """Completions per prompt (the GRPO group). per_device_train_batch_size * gradient_accumulation_steps
    must be a multiple of it."""
    max_completion_length: int = Field(1024, ge=1)
    """Tokens per completion."""
    temperature: float = Field(1.0, gt=0)
    """Sampling temperature for rollouts."""
    top_p: float = Field(1.0, gt=0, le=1)
    """Nucleus sampling for rollouts."""
    beta: float = Field(0.0, ge=0)
    """KL coefficient against the reference (with LoRA: the base with adapters disabled). 0: no reference pass."""
    num_iterations: int = Field(1, ge=1)
    """Optimisation passes per generated batch."""
    loss_type: str = "dapo"
    """TRL GRPO loss (dapo, grpo, dr_grpo, bnpo)."""
    mask_truncated_completions: bool = True
    """Exclude completions cut off at max_completion_length from the loss (they never finished their answer)."""
    log_completions: bool = False
    """Print a sample of completions with their rewards at each logging step."""


class GRPORecipe(Section):
    kind: Literal["grpo"]
    """Recipe type: grpo."""
    name: str
    """Short name, recorded in the run summary."""
    description: str = ""
    """What this recipe is for."""
    model: ModelSection
    lora: LoraSection | None = None
    """LoRA adapters (omit the [lora] table for a full fine-tune)."""
    tasks: TasksSection = TasksSection()
    reward: RewardSection = RewardSection()
    train: GRPOTrainSection

    @model_validator(mode="after")
    def _group_fits(self) -> "GRPORecipe":
        t = self.train
        batch = t.per_device_train_batch_size * t.gradient_accumulation_steps
        if batch % t.num_generations:
            raise ValueError(f"train.per_device_train_batch_size * train.gradient_accumulation_steps ({batch}) must "
                             f"be a multiple of train.num_generations ({t.num_generations})")
        return self


Recipe = Annotated[Union[SFTRecipe, GRPORecipe], Field(discriminator="kind")]


class _Any(BaseModel):
    recipe: Recipe


def recipe_path(name_or_path: str | Path) -> Path:
    p = Path(name_or_path)
    if p.is_file():
        return p
    shipped = RECIPES_DIR / f"{p.stem if p.suffix == '.toml' else p.name}.toml"
    if shipped.is_file() and (p.parent == Path(".") or p.parent == RECIPES_DIR or not p.is_absolute()):
        return shipped
    raise RecipeError(f"recipe {name_or_path!r} not found (shipped recipes: {', '.join(list_recipes())})")


def list_recipes() -> list[str]:
    return sorted(p.stem for p in RECIPES_DIR.glob("*.toml"))


def _describe(exc: ValidationError, source: str, kind: str) -> str:
    lines = []
    for err in exc.errors():
        loc = [str(x) for x in err["loc"] if x not in ("recipe", "sft", "grpo")]
        where = ".".join(loc) or "(top level)"
        if err["type"] == "extra_forbidden":
            lines.append(f"unknown field '{where}'" + _allowed(loc[:-1], kind))
        elif err["type"] == "missing":
            lines.append(f"missing required field '{where}'")
        else:
            lines.append(f"field '{where}': {err['msg'].removeprefix('Value error, ')}")
    return f"recipe {source}: " + "; ".join(lines)


def _allowed(section: list[str], kind: str) -> str:
    model: type[BaseModel] | None = None
    for candidate in (GRPORecipe, SFTRecipe) if kind == "grpo" else (SFTRecipe, GRPORecipe):
        m: type[BaseModel] | None = candidate
        for part in section:
            field = m.model_fields.get(part) if m else None
            ann = getattr(field, "annotation", None) if field else None
            args = getattr(ann, "__args__", None) or (ann,)
            m = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if m is not None:
            model = m
            break
    if model is None:
        return ""
    return f" (allowed in [{'.'.join(section) or 'top level'}]: {', '.join(model.model_fields)})"


def parse_recipe(data: dict, source: str = "<dict>") -> SFTRecipe | GRPORecipe:
    if "kind" not in data:
        raise RecipeError(f"recipe {source}: missing required field 'kind' (\"sft\" or \"grpo\")")
    try:
        return _Any.model_validate({"recipe": data}).recipe
    except ValidationError as exc:
        raise RecipeError(_describe(exc, source, str(data.get("kind")))) from None


def load_recipe(name_or_path: str | Path, kind: str | None = None) -> SFTRecipe | GRPORecipe:
    path = recipe_path(name_or_path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RecipeError(f"recipe {path}: not valid TOML ({exc})") from None
    recipe = parse_recipe(data, str(path))
    if kind is not None and recipe.kind != kind:
        raise RecipeError(f"recipe {path} is a {recipe.kind!r} recipe; this command needs kind = {kind!r}")
    return recipe
