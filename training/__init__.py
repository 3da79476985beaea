"""Training on the modbench environments: data, SFT/QLoRA recipes, GRPO on the real rubrics, prime-rl configs.

    modbench data export  -> export.py + quality.py + verify.py   train split -> filtered SFT rows
    modbench data harvest -> harvest.py                            passing train-split rollouts -> SFT rows
    modbench train sft    -> recipes.py + backends.py + sft.py     LoRA / QLoRA (unsloth on GPU, else peft)
    modbench train grpo   -> grpo.py + reward.py                   TRL GRPO, reward = vf-l4d2 / vf-luanti rubric
    modbench train merge  -> merge.py                              adapter + base -> model folder for hf:PATH
    modbench train make-tiny -> tiny.py                            tiny random local models for CPU runs and tests

Modules that need torch/transformers import them inside functions: `import modbench.training` and the data
commands work without the `train` extra.
"""
