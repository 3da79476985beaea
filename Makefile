# The two commands the README starts with, and their helpers. Both install what they need first.
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
export HF_HUB_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1

export OMP_NUM_THREADS ?= 1

.PHONY: setup setup-train eval test bench

setup:
	@bash scripts/setup.sh

setup-train:
	@bash scripts/setup.sh train

# the main job: every environment's eval split on the embedded default (retrieval baseline), pass@k vs the stored baseline
eval: setup
	$(UV) run --no-sync modbench eval --env all

test: setup-train
	$(UV) run --no-sync pytest -q

bench: setup
	$(UV) run --no-sync python benchmarks/bench_sandbox.py
