"""vf-l4d2: the verifiers v1 taskset. All logic lives in modbench (rubrics.taskset + the l4d2 rubric); this module
binds the generic classes to concrete types, because verifiers rebuilds tasks from the installed package's
own TaskData/Task classes."""

from __future__ import annotations

import verifiers.v1 as vf

from modbench.rubrics.taskset import (
    ModbenchTask,
    ModbenchTaskConfig,
    ModbenchTaskData,
    ModbenchTaskset,
    ModbenchTasksetConfig,
    local_agent,
)


class L4D2Data(ModbenchTaskData):
    pass


class L4D2TaskConfig(ModbenchTaskConfig):
    pass


class L4D2Task(ModbenchTask[L4D2Data, L4D2TaskConfig]):
    pass


class L4D2TasksetConfig(ModbenchTasksetConfig):
    task: L4D2TaskConfig = L4D2TaskConfig()


class L4D2Taskset(ModbenchTaskset, vf.Taskset[L4D2Task, L4D2TasksetConfig]):
    ENV = "l4d2"
    TASK = L4D2Task
    DATA = L4D2Data


class L4D2EnvConfig(vf.SingleAgentEnvConfig):
    agent: vf.AgentConfig = local_agent()


class L4D2Env(vf.SingleAgentEnv, vf.Env[L4D2EnvConfig]):
    """Pins the null harness and the subprocess runtime, so plain `vf-eval vf-l4d2` runs locally (flags still
    override). Subclasses SingleAgentEnv so vf-replay accepts its runs."""
