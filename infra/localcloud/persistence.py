"""The local cloud's state on disk: a restart (Ctrl-C, a crash, a reboot) keeps what users
put in it.

moto keeps everything in memory. A snapshot takes what matters from its backends and
writes it to the data directory (``.hireflow/`` by default, ``HIREFLOW_DATA_DIR``):

- DynamoDB items, table by table;
- S3 objects with every version (ids, metadata and ETags as they were); the bodies go to
  ``blobs/`` once each, named by ETag and size, so a snapshot writes only new recordings;
- Cognito user pools whole (users, passwords, groups, app clients, refresh tokens): the
  pool keeps its id, so signed-in HR users stay signed in;
- the symmetric KMS keys (id and key material), put back before provisioning, which
  adopts them: secrets encrypted before a restart (webhook signing secrets, robot
  addresses) still decrypt after it;
- every e-mail and SMS the emulator accepted (the outbox);
- running Step Functions executions: the state each had entered and that state's input;
- asynchronous invocations not yet finished (S3 and EventBridge deliveries).

A restart provisions the template afresh, then puts the data back: items and objects into
the new tables and buckets of the same names, the user pools before provisioning (which
adopts a pool of the template's name). Running executions start again under their own
ARN at the state they had entered, with that state's input, as a checkpoint would: task
states are idempotent, and a wait for a task token asks for a new token, with what was
left of its timeout. Unfinished asynchronous invocations are delivered again, as Lambda
retries an asynchronous event.

Snapshots are taken between emulator requests (``RequestGate``), every few seconds when
something changed and on stop; each is written to a new file and renamed over the old, so
a crash leaves the previous one whole. The data directory is the user's own: pickle is
fine there and nowhere else.
"""

from __future__ import annotations

import io
import json
import logging
import os
import pickle
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from moto import settings as moto_settings
from moto.cognitoidp.models import cognitoidp_backends
from moto.dynamodb.models import dynamodb_backends
from moto.kms.models import kms_backends
from moto.s3.models import FakeKey, s3_backends
from moto.ses.models import ses_backends
from moto.sns.models import sns_backends
from moto.stepfunctions.parser.models import stepfunctions_parser_backends

from infra.localcloud.functions import Delivery
from infra.localcloud.template import ACCOUNT_ID

log = logging.getLogger("hireflow.localcloud")

SNAPSHOT_FILE = "state.pickle"
BLOB_DIR = "blobs"
FORMAT = 1  # bump when the snapshot's shape changes; an older one is set aside, not read


class RequestGate:
    """Lets a snapshot see the emulator between requests. Each request that can touch
    state holds the gate shared; a snapshot holds it alone, briefly."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._active = 0
        self._held = False
        self.changes = 0  # requests that may have changed something, ever

    @contextmanager
    def request(self, changes: bool) -> Iterator[None]:
        with self._condition:
            while self._held:
                self._condition.wait()
            self._active += 1
            self.changes += int(changes)
        try:
            yield
        finally:
            with self._condition:
                self._active -= 1
                self._condition.notify_all()

    @contextmanager
    def alone(self, wait_seconds: float = 2.0) -> Iterator[None]:
        """Hold the gate alone once the requests in flight are done. New requests wait
        meanwhile, so a request that waits for another (none should) could stall them
        all: after ``wait_seconds`` the gate opens again and ``Busy`` says so."""
        deadline = time.monotonic() + wait_seconds
        with self._condition:
            while self._held:
                self._condition.wait()
            self._held = True
            while self._active:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._held = False
                    self._condition.notify_all()
                    raise Busy(f"{self._active} emulator requests still running")
                self._condition.wait(left)
        try:
            yield
        finally:
            with self._condition:
                self._held = False
                self._condition.notify_all()


class Busy(Exception):
    """The emulator did not come to rest for a snapshot; the next round tries again."""


@dataclass(frozen=True)
class Resumable:
    """A running execution, as far as it had gone."""

    state_machine_arn: str
    execution_arn: str
    name: str
    state: str
    state_input: str
    entered: datetime


@dataclass
class Snapshot:
    format: int
    taken: datetime
    tables: dict[str, Any] = field(default_factory=dict)  # table name -> moto's items
    buckets: dict[str, Any] = field(default_factory=dict)  # bucket name -> moto's key store
    user_pools: dict[str, Any] = field(default_factory=dict)  # pool id -> moto's pool
    emails: list[Any] = field(default_factory=list)
    sms: dict[str, tuple[str, str]] = field(default_factory=dict)
    executions: list[Resumable] = field(default_factory=list)
    # Signing keys' private halves by the key's description (the template's), so a letter
    # sealed before a restart still checks as sealed by the same key after it.
    signing_keys: dict[str, Any] = field(default_factory=dict)
    invocations: list[Delivery] = field(default_factory=list)
    # Symmetric keys by description: (key id, key material). Ciphertexts name their key's
    # id, so the key comes back under the same id.
    data_keys: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    def summary(self) -> str:
        records = sum(_count_items(items) for items in self.tables.values())
        objects = sum(len(list(store.iterlists())) for store in self.buckets.values())
        users = sum(len(pool.users) for pool in self.user_pools.values())
        return (
            f"{records} records, {objects} stored files, {users} users, "
            f"{len(self.emails) + len(self.sms)} sent messages, "
            f"{len(self.executions)} running workflows, "
            f"{len(self.invocations)} unfinished deliveries"
        )


def _count_items(items: dict[Any, Any]) -> int:
    return sum(len(v) if isinstance(v, dict) else 1 for v in items.values())


# ---------------------------------------------------------------------- capture
def capture(region: str, invocations: list[Delivery]) -> Snapshot:
    """What is in the emulator now. Call it with the gate held alone."""
    dynamodb = dynamodb_backends[ACCOUNT_ID][region]
    s3 = s3_backends[ACCOUNT_ID]["global"]
    return Snapshot(
        format=FORMAT,
        taken=datetime.now(UTC),
        tables={name: table.items for name, table in dynamodb.tables.items()},
        buckets={name: bucket.keys for name, bucket in s3.buckets.items()},
        user_pools=dict(cognitoidp_backends[ACCOUNT_ID][region].user_pools),
        emails=list(ses_backends[ACCOUNT_ID][region].sent_messages),
        sms=dict(sns_backends[ACCOUNT_ID][region].sms_messages),
        executions=_running_executions(region),
        invocations=list(invocations),
        signing_keys={
            key.description: key.private_key
            for key in kms_backends[ACCOUNT_ID][region].keys.values()
            if key.key_usage == "SIGN_VERIFY"
        },
        data_keys={
            key.description: (key.id, key.key_material)
            for key in kms_backends[ACCOUNT_ID][region].keys.values()
            if key.key_usage == "ENCRYPT_DECRYPT"
        },
    )


def _running_executions(region: str) -> list[Resumable]:
    backend = stepfunctions_parser_backends[ACCOUNT_ID][region]
    found = []
    for machine in list(backend.state_machines):
        executions: list[Any] = list(machine.executions)  # the parser's executions
        for execution in executions:
            if execution.exec_status != "RUNNING" or execution.exec_worker is None:
                continue
            entered = _last_entered_state(execution.to_history_output()["events"])
            if entered is not None:
                state, state_input, when = entered
                found.append(
                    Resumable(
                        machine.arn, execution.exec_arn, execution.name, state, state_input, when
                    )
                )
    return found


def _last_entered_state(events: list[dict[str, Any]]) -> tuple[str, str, datetime] | None:
    for event in reversed(events):
        details = event.get("stateEnteredEventDetails")
        if details:
            return details["name"], details.get("input") or "{}", _moment(event["timestamp"])
    return None


def _moment(timestamp: datetime | str) -> datetime:
    when = timestamp if isinstance(timestamp, datetime) else datetime.fromisoformat(timestamp)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


# ---------------------------------------------------------------------- restore
def restore_user_pools(snapshot: Snapshot, region: str) -> None:
    """Before provisioning, which adopts a pool of the template's name."""
    cognitoidp_backends[ACCOUNT_ID][region].user_pools.update(snapshot.user_pools)


def restore_data_keys(snapshot: Snapshot, region: str) -> None:
    """Before provisioning, which adopts a symmetric key of the template's description."""
    backend = kms_backends[ACCOUNT_ID][region]
    for description, (key_id, material) in getattr(snapshot, "data_keys", {}).items():
        key = backend.create_key(None, "ENCRYPT_DECRYPT", "SYMMETRIC_DEFAULT", description, None)
        del backend.keys[key.id]  # it takes back its id and material
        key.id, key.key_material = key_id, material
        key.arn = f"arn:aws:kms:{region}:{ACCOUNT_ID}:key/{key_id}"
        backend.keys[key_id] = key


def restore_data(snapshot: Snapshot, region: str) -> list[str]:
    """After provisioning: items, objects and messages into the fresh resources. Returns
    what the template no longer has (and was therefore left out)."""
    dynamodb = dynamodb_backends[ACCOUNT_ID][region]
    s3 = s3_backends[ACCOUNT_ID]["global"]
    dropped = []
    for name, items in snapshot.tables.items():
        if name in dynamodb.tables:
            dynamodb.tables[name].items = items
        else:
            dropped.append(f"table {name}")
    for name, keys in snapshot.buckets.items():
        if name in s3.buckets:
            s3.buckets[name].keys = keys
        else:
            dropped.append(f"bucket {name}")
    # The template's signing keys were created anew; they take back their key material.
    kept = getattr(snapshot, "signing_keys", {})  # snapshots from before signing keys
    for key in kms_backends[ACCOUNT_ID][region].keys.values():
        if key.key_usage == "SIGN_VERIFY" and key.description in kept:
            key.private_key = kept[key.description]
    ses = ses_backends[ACCOUNT_ID][region]
    ses.sent_messages[:0] = snapshot.emails
    sns_backends[ACCOUNT_ID][region].sms_messages.update(snapshot.sms)
    return dropped


# History events that show a resumed execution has run the state it restarted at far
# enough that its task token (if it waits for one) is stored anew.
_SETTLED = {"TaskSubmitted", "TaskSucceeded", "TaskFailed", "TaskStateExited"}


def resume_executions(snapshot: Snapshot, region: str, settle_seconds: float = 30) -> int:
    """Start each running execution again, under its own ARN, at the state it had entered,
    and wait (a while) until each has run that state: a candidate who finishes right after
    a restart must find the new task token, not the spent one."""
    backend = stepfunctions_parser_backends[ACCOUNT_ID][region]
    started = []
    for execution in snapshot.executions:
        try:
            machine = backend.describe_state_machine(execution.state_machine_arn)
        except Exception:  # the template no longer has it
            log.warning("not resumed: %s (no state machine)", execution.execution_arn)
            continue
        definition = machine.definition
        machine.definition = _starting_at(definition, execution.state)
        try:
            started.append(
                backend.start_execution(
                    machine.arn, execution.name, _with_time_left(definition, execution)
                )
            )
        finally:
            machine.definition = definition
    deadline = time.monotonic() + settle_seconds
    for running in started:
        while time.monotonic() < deadline and not _settled(running):
            time.sleep(0.05)
    return len(started)


def _settled(execution: Any) -> bool:
    if execution.exec_status != "RUNNING":
        return True
    events = execution.to_history_output()["events"]
    return any(event["type"] in _SETTLED for event in events)


def _starting_at(definition: str, state: str) -> str:
    return json.dumps({**json.loads(definition), "StartAt": state})


def _with_time_left(definition: str, execution: Resumable) -> str:
    """A wait keeps its deadline: the timeout it reads from its input loses the time spent."""
    state = json.loads(definition)["States"].get(execution.state, {})
    path = state.get("TimeoutSecondsPath", "")
    state_input = json.loads(execution.state_input)
    if path.startswith("$.") and "." not in path[2:] and path[2:] in state_input:
        spent = (datetime.now(UTC) - execution.entered).total_seconds()
        state_input[path[2:]] = max(1, int(state_input[path[2:]] - spent))
    return json.dumps(state_input)


# ---------------------------------------------------------------------- on disk
class _BlobRef(str):
    """The name of an object body in ``blobs/``."""


def _restore_key(state: dict[str, Any], value: bytes) -> Any:
    key: Any = FakeKey.__new__(FakeKey)
    # The body stays in memory only up to today's buffer size, the rest in a temp file.
    buffer_size = moto_settings.get_s3_default_key_buffer_size()
    key.__setstate__({**state, "_max_buffer_size": buffer_size, "value": value})
    return key


def _load_private_key(pem: bytes) -> Any:
    return serialization.load_pem_private_key(pem, password=None)


class _Pickler(pickle.Pickler):
    """Pickles S3 object bodies as references to blob files, writing each once."""

    def __init__(self, file: io.BytesIO, blobs: Path, written: set[str]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.blobs = blobs
        self.written = written
        self.used: set[str] = set()

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, rsa.RSAPrivateKey):  # a user pool's token signing key
            pem = obj.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            return _load_private_key, (pem,)
        if type(obj) is not FakeKey:
            return NotImplemented
        state = {k: v for k, v in obj.__dict__.items() if k not in ("_value_buffer", "lock")}
        name = f"{obj.etag.strip(chr(34))}-{obj.size}"
        if name not in self.written:
            target = self.blobs / name
            if not target.exists():
                partial = target.with_suffix(".partial")
                partial.write_bytes(obj.value)
                os.replace(partial, target)
            self.written.add(name)
        self.used.add(name)
        return _restore_key, (state, _BlobRef(name))

    def persistent_id(self, obj: Any) -> Any:
        return ("blob", str(obj)) if type(obj) is _BlobRef else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BufferedReader, blobs: Path) -> None:
        super().__init__(file)
        self.blobs = blobs

    def persistent_load(self, pid: Any) -> Any:
        kind, name = pid
        if kind != "blob":
            raise pickle.UnpicklingError(f"unknown reference {kind}")
        return (self.blobs / name).read_bytes()


class DataDirectory:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.blobs = path / BLOB_DIR
        self._written: set[str] = set()

    @property
    def snapshot_file(self) -> Path:
        return self.path / SNAPSHOT_FILE

    def load(self) -> Snapshot | None:
        if not self.snapshot_file.exists():
            return None
        try:
            with self.snapshot_file.open("rb") as file:
                snapshot = _Unpickler(file, self.blobs).load()
        except Exception as exc:  # unreadable: keep it for a person, start empty
            aside = self.snapshot_file.with_suffix(f".unreadable-{int(time.time())}")
            os.replace(self.snapshot_file, aside)
            log.error("the saved state could not be read (%s); kept as %s", exc, aside.name)
            return None
        if not isinstance(snapshot, Snapshot) or snapshot.format != FORMAT:
            aside = self.snapshot_file.with_suffix(f".format-{int(time.time())}")
            os.replace(self.snapshot_file, aside)
            log.error("the saved state is of another version; kept as %s", aside.name)
            return None
        self._written = {p.name for p in self.blobs.iterdir()} if self.blobs.exists() else set()
        return snapshot

    def pickle(self, snapshot: Snapshot) -> tuple[bytes, set[str]]:
        """The snapshot's bytes (bodies go to blob files now). Call with the gate held."""
        self.blobs.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        pickler = _Pickler(buffer, self.blobs, self._written)
        pickler.dump(snapshot)
        return buffer.getvalue(), pickler.used

    def write(self, data: bytes, used_blobs: set[str]) -> None:
        partial = self.snapshot_file.with_suffix(".partial")
        with partial.open("wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, self.snapshot_file)
        for unused in self._written - used_blobs:  # deleted objects' bodies
            (self.blobs / unused).unlink(missing_ok=True)
        self._written &= used_blobs


class Snapshots:
    """Saves the emulator's state every ``interval`` seconds when something changed, and
    once more on ``stop``."""

    def __init__(
        self,
        directory: DataDirectory,
        gate: RequestGate,
        region: str,
        invocations: Callable[[], list[Delivery]],
        interval: float,
    ) -> None:
        self.directory = directory
        self.gate = gate
        self.region = region
        self.invocations = invocations
        self.interval = interval
        self._saved_at_change = -1
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def save(self) -> Snapshot:
        with self._lock:
            with self.gate.alone():
                changes = self.gate.changes
                snapshot = capture(self.region, self.invocations())
                data, used = self.directory.pickle(snapshot)
            self.directory.write(data, used)
            self._saved_at_change = changes
            return snapshot

    def _changed(self) -> bool:
        return self.gate.changes != self._saved_at_change

    def start(self) -> None:
        def loop() -> None:
            while not self._stop.wait(self.interval):
                if self._changed():
                    try:
                        self.save()
                    except Busy as busy:
                        log.info("snapshot put off: %s", busy)
                    except Exception:  # keep serving; the next round tries again
                        log.exception("saving the local cloud's state failed")

        self._saved_at_change = self.gate.changes
        self._thread = threading.Thread(target=loop, name="snapshots", daemon=True)
        self._thread.start()

    def stop(self) -> Snapshot:
        self._stop.set()
        if self._thread:
            self._thread.join()
        for _ in range(4):
            try:
                return self.save()
            except Busy:
                continue
        return self.save()
