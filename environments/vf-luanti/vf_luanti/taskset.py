"""vf-luanti: the verifiers v1 taskset. All logic lives in modbench (rubrics.taskset + the luanti rubric); this module
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


class LuantiData(ModbenchTaskData):
    pass


class LuantiTaskConfig(ModbenchTaskConfig):
    pass


class LuantiTask(ModbenchTask[LuantiData, LuantiTaskConfig]):
    pass


class LuantiTasksetConfig(ModbenchTasksetConfig):
    task: LuantiTaskConfig = LuantiTaskConfig()


class LuantiTaskset(ModbenchTaskset, vf.Taskset[LuantiTask, LuantiTasksetConfig]):
    ENV = "luanti"
    TASK = LuantiTask
    DATA = LuantiData


class LuantiEnvConfig(vf.SingleAgentEnvConfig):
    agent: vf.AgentConfig = local_agent()


class LuantiEnv(vf.SingleAgentEnv, vf.Env[LuantiEnvConfig]):
    """Pins the null harness and the subprocess runtime, so plain `vf-eval vf-luanti` runs locally (flags still
    override). Subclasses SingleAgentEnv so vf-replay accepts its runs."""
