"""Lambda functions run in-process: the real handler named by template.yaml, called with
the event and a context shaped like Lambda's."""

from __future__ import annotations

import importlib.util
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from infra.localcloud.template import ACCOUNT_ID


@dataclass
class LambdaContext:
    """The attributes of Lambda's context object that handlers and powertools read."""

    function_name: str
    memory_limit_in_mb: int
    timeout_seconds: int
    region: str
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    _started: float = field(default_factory=time.monotonic)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{self.region}:{ACCOUNT_ID}:function:{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return f"local/{self.aws_request_id}"

    def get_remaining_time_in_millis(self) -> int:
        elapsed = time.monotonic() - self._started
        return max(0, int((self.timeout_seconds - elapsed) * 1000))


@dataclass
class LocalFunction:
    logical_id: str
    name: str
    code_dir: Path
    handler: str
    memory_mb: int
    timeout_seconds: int
    environment: dict[str, str]
    _module: ModuleType | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _load(self) -> Callable[[Any, Any], Any]:
        module_path, _, attribute = self.handler.rpartition(".")
        with self._lock:
            if self._module is None:
                source = self.code_dir / (module_path.replace(".", "/") + ".py")
                if not source.is_file():
                    raise FileNotFoundError(f"{self.logical_id}: handler file {source} not found")
                spec = importlib.util.spec_from_file_location(
                    f"hireflow_local_fn_{self.logical_id}", source
                )
                assert spec and spec.loader
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)  # the cold start
                self._module = module
        handler: Callable[[Any, Any], Any] = getattr(self._module, attribute)
        return handler

    def invoke(self, event: Any, region: str) -> tuple[Any, str | None]:
        """Run the handler; returns (result, None) or (Lambda's error payload, error type)."""
        context = LambdaContext(self.name, self.memory_mb, self.timeout_seconds, region)
        try:
            return self._load()(event, context), None
        except Exception as exc:
            error = {
                "errorType": type(exc).__name__,
                "errorMessage": str(exc),
                "requestId": context.aws_request_id,
                "stackTrace": traceback.format_tb(exc.__traceback__),
            }
            return error, type(exc).__name__


class FunctionRegistry:
    """Functions by physical name, with a record of recent invocations for the curious."""

    def __init__(self, region: str) -> None:
        self.region = region
        self.by_name: dict[str, LocalFunction] = {}
        self.by_logical_id: dict[str, LocalFunction] = {}

    def add(self, function: LocalFunction) -> None:
        self.by_name[function.name] = function
        self.by_logical_id[function.logical_id] = function

    def get(self, name_or_arn: str) -> LocalFunction:
        name = name_or_arn.split(":function:")[-1].split(":")[0]
        function = self.by_name.get(name) or self.by_logical_id.get(name)
        if function is None:
            raise KeyError(f"no local function {name_or_arn}")
        return function

    def invoke(self, name_or_arn: str, event: Any) -> tuple[Any, str | None]:
        return self.get(name_or_arn).invoke(event, self.region)
