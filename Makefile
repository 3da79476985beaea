# The two commands the README starts with, and their helpers. Both install what they need first.
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
export HF_HUB_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1

.PHONY: setup eval test bench

setup:
	@bash scripts/setup.sh

# the main job: every environment's eval split on the embedded default (retrieval baseline), pass@k vs the stored baseline
eval: setup
	$(UV) run --frozen modbench eval --env all

test: setup
	$(UV) run --frozen pytest -q

bench: setup
	$(UV) run --frozen python benchmarks/bench_sandbox.py
