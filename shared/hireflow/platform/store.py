"""The single DynamoDB table and a typed repository over it.

Every stored entity is a pydantic model that knows its own keys (``item_keys``). The
table holds one generic item shape: the keys, the entity kind, a revision for optimistic
locking, an optional TTL, and the entity's fields as a map. Reads are GetItem, BatchGet
or Query; there is deliberately no scan method. Writes that belong together (an entity,
its uniqueness guards, its audit entry) go through one ``Transaction``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel
from pynamodb.attributes import MapAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.operand import Path
from pynamodb.expressions.update import Action
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from hireflow.platform.errors import Transient
from hireflow.platform.settings import settings


class _Gsi1(GlobalSecondaryIndex["Record"]):
    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class _Gsi2(GlobalSecondaryIndex["Record"]):
    class Meta:
        index_name = "gsi2"
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class Record(Model):
    """One item of the hireflow table (see HireflowTable in template.yaml)."""

    class Meta:
        table_name = "hireflow"  # replaced by _bind_table() from the settings
        region = "us-east-1"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    kind = UnicodeAttribute()
    data: MapAttribute[str, Any] = MapAttribute()
    revision = NumberAttribute(default=0)
    updated_at = NumberAttribute()
    expires_at = TTLAttribute(null=True)

    gsi1 = _Gsi1()
    gsi2 = _Gsi2()


class CounterRecord(Model):
    """A number kept in the same table (dashboard counters), changed with ADD so
    concurrent transitions never lose a count."""

    class Meta:
        table_name = "hireflow"
        region = "us-east-1"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute(default="counter")
    value = NumberAttribute(default=0)
    expires_at = TTLAttribute(null=True)


_bound_to: tuple[str, str, str | None] | None = None


def _bind_table() -> None:
    """Point the models at the table, region and endpoint of the settings. Checked at
    every use (a tuple compare), not at import, so tests and the local cloud can change
    the settings later."""
    global _bound_to
    current = settings()
    target = (current.table, current.region, current.endpoint_url)
    if target != _bound_to:
        for model in (Record, CounterRecord):
            model.Meta.table_name, model.Meta.region, _ = target
            model._connection = None
        _bound_to = target


def field(name: str) -> Path:
    """A stored entity field, for filter conditions: ``field("status") == "invited"``."""
    return Record.data[name]


@dataclass(frozen=True)
class ItemKeys:
    pk: str
    sk: str
    gsi1: tuple[str, str] | None = None
    gsi2: tuple[str, str] | None = None


class Stored(BaseModel):
    """Base of every entity kept in the table."""

    KIND: ClassVar[str]

    # Bumped by every conditional save; a save with a stale revision is refused.
    revision: int = 0

    def item_keys(self) -> ItemKeys:
        raise NotImplementedError

    def expires_at(self) -> datetime | None:
        """When DynamoDB's TTL may delete the item (data retention); None keeps it."""
        return None


class AlreadyExists(Exception):
    """A create found an item with the same key (duplicate request or taken value)."""


class RevisionConflict(Transient):
    """The item changed since it was read (optimistic locking): reading again and
    retrying is the cure, so it is transient."""


E = TypeVar("E", bound=Stored)


@dataclass(frozen=True)
class Page(Generic[E]):
    items: list[E]
    cursor: str | None


class BadCursor(ValueError):
    """A pagination cursor that this API did not issue."""


# A cursor is the query's LastEvaluatedKey as base64 JSON. It is checked strictly before
# use: exactly the key attributes of the table or index queried, string values only, and
# the partition (and sort-key prefix) of this very query - so an edited cursor can at most
# start the caller's own query elsewhere in a partition it may read anyway, and anything
# else is refused as a BadCursor instead of reaching DynamoDB.
MAX_CURSOR_CHARS = 2048


def _key_names(index: str | None) -> tuple[str, str]:
    return (f"{index}pk", f"{index}sk") if index else ("pk", "sk")


def _encode_cursor(key: dict[str, Any] | None) -> str | None:
    if not key:
        return None
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


def _decode_cursor(
    cursor: str | None, index: str | None, partition: str, sk_prefix: str
) -> dict[str, Any] | None:
    if not cursor:
        return None
    try:
        if len(cursor) > MAX_CURSOR_CHARS:
            raise ValueError("too long")
        key = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, TypeError) as exc:  # not base64, not UTF-8, not JSON
        raise BadCursor("cursor is not valid") from exc
    hash_name, range_name = _key_names(index)
    expected = {"pk", "sk", hash_name, range_name}
    if not isinstance(key, dict) or set(key) != expected:
        raise BadCursor("cursor is not valid")
    values = {}
    for name, value in key.items():
        if not (isinstance(value, dict) and set(value) == {"S"} and isinstance(value["S"], str)):
            raise BadCursor("cursor is not valid")
        values[name] = value["S"]
    if values[hash_name] != partition or not values[range_name].startswith(sk_prefix):
        raise BadCursor("cursor is not valid")
    return key


def _record(item: Stored, revision: int) -> Record:
    keys = item.item_keys()
    record = Record(
        pk=keys.pk,
        sk=keys.sk,
        kind=type(item).KIND,
        data=item.model_dump(mode="json", exclude={"revision"}),
        revision=revision,
        updated_at=int(datetime.now(UTC).timestamp()),
    )
    if keys.gsi1:
        record.gsi1pk, record.gsi1sk = keys.gsi1
    if keys.gsi2:
        record.gsi2pk, record.gsi2sk = keys.gsi2
    expiry = item.expires_at()
    if expiry:
        record.expires_at = expiry
    return record


def _condition_failed(exc: Exception) -> bool:
    return getattr(exc, "cause_response_code", None) in (
        "ConditionalCheckFailedException",
        "TransactionCanceledException",
    )


class Repository(Generic[E]):
    """Typed access to one entity kind."""

    def __init__(self, entity: type[E]) -> None:
        self.entity = entity

    def _entity(self, record: Record) -> E:
        return self.entity.model_validate(
            {**record.data.as_dict(), "revision": int(record.revision or 0)}
        )

    def create(self, item: E) -> E:
        """Write a new item; AlreadyExists if its key is taken."""
        _bind_table()
        created = item.model_copy(update={"revision": 1})
        try:
            _record(created, 1).save(condition=Record.pk.does_not_exist())
        except PutError as exc:
            if _condition_failed(exc):
                raise AlreadyExists(f"{self.entity.KIND} already exists") from exc
            raise
        return created

    def save(self, item: E) -> E:
        """Write a changed item read at ``item.revision``; RevisionConflict if it moved on."""
        _bind_table()
        saved = item.model_copy(update={"revision": item.revision + 1})
        try:
            _record(saved, saved.revision).save(condition=Record.revision == item.revision)
        except PutError as exc:
            if _condition_failed(exc):
                raise RevisionConflict(f"{self.entity.KIND} was changed by someone else") from exc
            raise
        return saved

    def put(self, item: E) -> E:
        """Write unconditionally (seeding, append-only records)."""
        _bind_table()
        _record(item, item.revision).save()
        return item

    def get(self, pk: str, sk: str) -> E | None:
        _bind_table()
        try:
            return self._entity(Record.get(pk, sk))
        except Record.DoesNotExist:
            return None

    def delete(self, pk: str, sk: str) -> None:
        """Remove an item; removing a missing one is not an error."""
        _bind_table()
        Record(pk=pk, sk=sk).delete()

    def delete_if(self, pk: str, sk: str, condition: Condition) -> bool:
        """Remove an item only while ``condition`` holds (False: it did not, kept)."""
        _bind_table()
        try:
            Record(pk=pk, sk=sk).delete(condition=condition)
        except DeleteError as exc:
            if _condition_failed(exc):
                return False
            raise
        return True

    def put_many(self, items: list[E]) -> None:
        """Write many items unconditionally, 25 to a request (seeding large data sets)."""
        _bind_table()
        with Record.batch_write() as batch:
            for item in items:
                batch.save(_record(item, item.revision))

    def batch_get(self, keys: list[tuple[str, str]]) -> list[E]:
        """Several items by key, in the order asked; missing ones are left out."""
        _bind_table()
        found = {(r.pk, r.sk): r for r in Record.batch_get(list(dict.fromkeys(keys)))}
        return [self._entity(found[k]) for k in keys if k in found]

    def query(
        self,
        pk: str,
        sk_prefix: str = "",
        *,
        index: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
        newest_first: bool = False,
        filter_by: Condition | None = None,
        sk_before: str | None = None,
    ) -> Page[E]:
        """One page of a key (or GSI) query. With a filter, DynamoDB reads ``limit`` items
        and drops the ones that do not match, so this keeps reading until the page is
        full or the partition ends. ``sk_before``: only sort keys below it (with a
        prefix: from the prefix up to it), e.g. the items of a time-ordered index older
        than a cutoff."""
        _bind_table()
        source: Any = {"gsi1": Record.gsi1, "gsi2": Record.gsi2}.get(index or "", Record)
        sk_attr: Any = {"gsi1": Record.gsi1sk, "gsi2": Record.gsi2sk}.get(index or "", Record.sk)
        condition = sk_attr.startswith(sk_prefix) if sk_prefix else None
        if sk_before is not None:
            condition = sk_attr.between(sk_prefix, sk_before) if sk_prefix else sk_attr < sk_before
        items: list[E] = []
        last_key = _decode_cursor(cursor, index, pk, sk_prefix)
        while True:
            result = source.query(
                pk,
                condition,
                filter_condition=filter_by,
                limit=limit - len(items),
                last_evaluated_key=last_key,
                scan_index_forward=not newest_first,
            )
            items += [self._entity(record) for record in result]
            last_key = result.last_evaluated_key
            if len(items) >= limit or not last_key:
                return Page(items=items, cursor=_encode_cursor(last_key))

    def iterate(
        self,
        pk: str,
        sk_prefix: str = "",
        *,
        index: str | None = None,
        filter_by: Condition | None = None,
        sk_before: str | None = None,
    ) -> Iterator[E]:
        """Every item of a partition (or of a sort-key prefix, or below ``sk_before``)."""
        cursor: str | None = None
        while True:
            page = self.query(
                pk,
                sk_prefix,
                index=index,
                cursor=cursor,
                limit=100,
                filter_by=filter_by,
                sk_before=sk_before,
            )
            yield from page.items
            if not page.cursor:
                return
            cursor = page.cursor


class Transaction:
    """Writes that succeed or fail together (TransactWriteItems, up to 100 items).

    Raises AlreadyExists when a ``create`` found its key taken, RevisionConflict when a
    ``save`` found a newer revision; ``failed_keys`` then names the items that failed.
    """

    def __init__(self) -> None:
        self._writes: list[tuple[str, Any, Any]] = []
        self.failed_keys: list[tuple[str, str]] = []

    def create(self, item: Stored) -> None:
        self._writes.append(("create", _record(item, 1), Record.pk.does_not_exist()))

    def save(self, item: Stored) -> None:
        self._writes.append(
            ("save", _record(item, item.revision + 1), Record.revision == item.revision)
        )

    def put(self, item: Stored) -> None:
        self._writes.append(("put", _record(item, item.revision), None))

    def delete(self, pk: str, sk: str) -> None:
        self._writes.append(("delete", Record(pk=pk, sk=sk), None))

    def increment(self, pk: str, sk: str, by: int | float) -> None:
        """Add to a counter item (created at 0 if missing)."""
        counter = CounterRecord(pk=pk, sk=sk)
        self._writes.append(
            ("increment", counter, [CounterRecord.value.add(by), CounterRecord.kind.set("counter")])
        )

    @property
    def size(self) -> int:
        return len(self._writes)

    def commit(self) -> None:
        if not self._writes:
            return
        _bind_table()
        # The model's own connection: a new one per transaction would build a new botocore
        # session and client every time (tens of milliseconds each).
        connection = Record._get_connection().connection
        try:
            with TransactWrite(connection=connection) as transaction:
                for kind, record, extra in self._writes:
                    if kind == "delete":
                        transaction.delete(record)
                    elif kind == "increment":
                        transaction.update(record, actions=extra)
                    else:
                        transaction.save(record, condition=extra)
        except TransactWriteError as exc:
            reasons = exc.cancellation_reasons or []
            failed = [
                (kind, record)
                for (kind, record, _), reason in zip(self._writes, reasons, strict=False)
                if reason is not None and reason.code == "ConditionalCheckFailed"
            ]
            if not failed:
                raise
            self.failed_keys = [(record.pk, record.sk) for _, record in failed]
            if any(kind == "save" for kind, _ in failed):
                raise RevisionConflict("changed by someone else") from exc
            raise AlreadyExists("already exists") from exc


def take_slot(pk: str, sk: str, limit: int, expires: datetime | None = None) -> int | None:
    """Add one to a counter only while it is under ``limit``, in one conditional write:
    racing callers can never take more than ``limit`` slots. Returns the count with this
    slot, or None when none was left."""
    _bind_table()
    actions: list[Action] = [CounterRecord.value.add(1), CounterRecord.kind.set("counter")]
    if expires is not None:
        actions.append(CounterRecord.expires_at.set(expires))
    counter = CounterRecord(pk=pk, sk=sk)
    try:
        counter.update(
            actions=actions,
            condition=CounterRecord.value.does_not_exist() | (CounterRecord.value < limit),
        )
    except UpdateError as exc:
        if _condition_failed(exc):
            return None
        raise
    return int(counter.value)


def give_back_slot(pk: str, sk: str) -> None:
    """Return a slot ``take_slot`` gave (the attempt turned out not to count)."""
    _bind_table()
    CounterRecord(pk=pk, sk=sk).update(actions=[CounterRecord.value.add(-1)])


def read_counter(pk: str, sk: str) -> int:
    """One counter's value (0 when it was never counted)."""
    _bind_table()
    try:
        return int(CounterRecord.get(pk, sk).value)
    except CounterRecord.DoesNotExist:
        return 0


def read_counters(pk: str) -> dict[str, float]:
    """Every counter under one partition key, by sort key (one Query)."""
    _bind_table()
    return {c.sk: c.value for c in CounterRecord.query(pk)}


def keys_under(pk: str, sk_prefix: str = "") -> list[tuple[str, str]]:
    """The keys of every item under a partition (of any kind, counters included), for a
    context erasing what it keeps about a person (``privacy.personal_data``). A Query on
    the key, never a scan."""
    _bind_table()
    condition = Record.sk.startswith(sk_prefix) if sk_prefix else None
    return [
        (r.pk, r.sk)
        for r in Record.query(pk, condition, attributes_to_get=["pk", "sk"])  # type: ignore[arg-type]
    ]


def delete_keys(keys: list[tuple[str, str]]) -> int:
    """Delete these items (25 to a request); returns how many there were, so a repeated
    erasure reports 0."""
    _bind_table()
    found = [
        (r.pk, r.sk)
        for r in Record.batch_get(list(dict.fromkeys(keys)), attributes_to_get=["pk", "sk"])
    ]
    if found:
        with Record.batch_write() as batch:
            for pk, sk in found:
                batch.delete(Record(pk=pk, sk=sk))
    return len(found)


def items_under(pk: str, sk_prefix: str = "") -> list[tuple[str, str, dict[str, Any]]]:
    """Every entity item under a partition as (pk, sk, its fields): a person's export,
    which copies what each context keeps without knowing its models."""
    _bind_table()
    condition = Record.sk.startswith(sk_prefix) if sk_prefix else None
    return [
        (r.pk, r.sk, r.data.as_dict() if r.data else {})
        for r in Record.query(pk, condition)
        if r.kind != "counter"
    ]


def remove_fields(keys: list[tuple[str, str]], fields: list[str]) -> int:
    """Remove these entity fields from these items (anonymising free text while the
    numbers stay); returns the items changed."""
    _bind_table()
    changed = 0
    for pk, sk in keys:
        with_fields = [Record.data[name].remove() for name in fields]
        try:
            Record(pk=pk, sk=sk).update(actions=with_fields, condition=Record.pk.exists())
        except UpdateError as exc:
            if _condition_failed(exc):
                continue
            raise
        changed += 1
    return changed
