"""Lambda functions run in-process: the real handler named by template.yaml, called with
the event and a context shaped like Lambda's."""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

from infra.localcloud.template import ACCOUNT_ID


class Delivery(NamedTuple):
    """An asynchronous invocation: Lambda's retries of it keep its request id."""

    function: str  # name or ARN
    event: Any
    request_id: str


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


def environments_per_function() -> int:
    """How many execution environments a function may have at once (Lambda scales out to
    its concurrency limit; a laptop has fewer cores)."""
    return max(1, int(os.environ.get("HIREFLOW_ENVIRONMENTS_PER_FUNCTION", "4")))


@dataclass
class _Environment:
    """One execution environment: its own instance of the handler module, and its own
    thread, so what native libraries keep per thread is kept once per environment."""

    module: ModuleType
    thread: ThreadPoolExecutor


@dataclass
class LocalFunction:
    """A template function with a pool of execution environments, as Lambda runs it: each
    environment is its own instance of the handler module (its own module state, e.g.
    Powertools' resolver and the current request) on its own thread, and handles one
    event at a time; a new one starts (a cold start) when all are busy, up to
    ``concurrency``, after which events wait."""

    logical_id: str
    name: str
    code_dir: Path
    handler: str
    memory_mb: int
    timeout_seconds: int
    environment: dict[str, str]
    concurrency: int = field(default_factory=environments_per_function)
    _idle: list[_Environment] = field(default_factory=list)
    _started: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _slots: threading.Semaphore | None = None

    def __post_init__(self) -> None:
        self._slots = threading.BoundedSemaphore(self.concurrency)

    def limit_concurrency(self, limit: int) -> None:
        """The template's reserved concurrency, when lower than the local pool size."""
        self.concurrency = max(1, min(self.concurrency, limit))
        self._slots = threading.BoundedSemaphore(self.concurrency)

    @property
    def environments(self) -> int:
        """Execution environments started so far."""
        return self._started

    def _cold_start(self) -> _Environment:
        module_path = self.handler.rpartition(".")[0]
        source = self.code_dir / (module_path.replace(".", "/") + ".py")
        if not source.is_file():
            raise FileNotFoundError(f"{self.logical_id}: handler file {source} not found")
        with self._lock:
            self._started += 1
            number = self._started
        name = f"hireflow_local_fn_{self.logical_id}_{number}"
        spec = importlib.util.spec_from_file_location(name, source)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # as an import would: findable by name
        thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        thread.submit(spec.loader.exec_module, module).result()
        return _Environment(module, thread)

    @contextmanager
    def _environment(self) -> Iterator[_Environment]:
        assert self._slots
        with self._slots:
            with self._lock:
                environment = self._idle.pop() if self._idle else None
            if environment is None:
                environment = self._cold_start()
            try:
                yield environment
            finally:
                with self._lock:
                    self._idle.append(environment)

    def invoke(
        self, event: Any, region: str, request_id: str | None = None
    ) -> tuple[Any, str | None]:
        """Run the handler; returns (result, None) or (Lambda's error payload, error type).
        ``request_id``: a retry's, which Lambda keeps from the first attempt."""
        context = LambdaContext(self.name, self.memory_mb, self.timeout_seconds, region)
        if request_id:
            context.aws_request_id = request_id
        attribute = self.handler.rpartition(".")[2]
        try:
            with self._environment() as environment:
                handler: Callable[[Any, Any], Any] = getattr(environment.module, attribute)
                return environment.thread.submit(handler, event, context).result(), None
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

    def invoke(
        self, name_or_arn: str, event: Any, request_id: str | None = None
    ) -> tuple[Any, str | None]:
        return self.get(name_or_arn).invoke(event, self.region, request_id)
