"""The single DynamoDB table and a typed repository over it.

Every stored entity is a pydantic model that knows its own keys (``item_keys``). The
table holds one generic item shape: the keys, the entity kind, an optional TTL and the
entity's fields as a map. Reads are GetItem or Query
only; there is deliberately no scan method.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel
from pynamodb.attributes import (
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
)
from pynamodb.exceptions import PutError
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model


def _region() -> str:
    return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"


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
        table_name = "hireflow"  # replaced by _bind_table() from HIREFLOW_TABLE
        region = _region()

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    kind = UnicodeAttribute()
    data: MapAttribute[str, Any] = MapAttribute()
    updated_at = NumberAttribute()
    expires_at = TTLAttribute(null=True)

    gsi1 = _Gsi1()
    gsi2 = _Gsi2()


_bound_to: tuple[str, str, str | None] | None = None


def _bind_table() -> None:
    """Point the model at the table, region and endpoint the environment names. Read at
    use, not at import, so tests and the local cloud can set the environment later."""
    global _bound_to
    target = (
        os.environ.get("HIREFLOW_TABLE", "hireflow"),
        _region(),
        os.environ.get("AWS_ENDPOINT_URL"),
    )
    if target != _bound_to:
        Record.Meta.table_name, Record.Meta.region, _ = target
        Record._connection = None
        _bound_to = target


@dataclass(frozen=True)
class ItemKeys:
    pk: str
    sk: str
    gsi1: tuple[str, str] | None = None
    gsi2: tuple[str, str] | None = None


class Stored(BaseModel):
    """Base of every entity kept in the table."""

    KIND: ClassVar[str]

    def item_keys(self) -> ItemKeys:
        raise NotImplementedError

    def expires_at(self) -> datetime | None:
        """When DynamoDB's TTL may delete the item (data retention); None keeps it."""
        return None


class AlreadyExists(Exception):
    """A create found an item with the same key (duplicate request or conflicting id)."""


E = TypeVar("E", bound=Stored)


@dataclass(frozen=True)
class Page(Generic[E]):
    items: list[E]
    cursor: str | None


def _encode_cursor(key: dict[str, Any] | None) -> str | None:
    if not key:
        return None
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode()


class BadCursor(ValueError):
    """A pagination cursor that this API did not issue."""


def _decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError) as exc:
        raise BadCursor("cursor is not valid") from exc
    if not isinstance(key, dict):
        raise BadCursor("cursor is not valid")
    return key


class Repository(Generic[E]):
    """Typed access to one entity kind."""

    def __init__(self, entity: type[E]) -> None:
        self.entity = entity
        _bind_table()

    def _record(self, item: E) -> Record:
        keys = item.item_keys()
        record = Record(
            pk=keys.pk,
            sk=keys.sk,
            kind=self.entity.KIND,
            data=item.model_dump(mode="json"),
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

    def _entity(self, record: Record) -> E:
        return self.entity.model_validate(record.data.as_dict())

    def create(self, item: E) -> E:
        """Write a new item; AlreadyExists if its key is taken."""
        record = self._record(item)
        try:
            record.save(condition=Record.pk.does_not_exist())
        except PutError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                raise AlreadyExists(f"{self.entity.KIND} already exists") from exc
            raise
        return item

    def put(self, item: E) -> E:
        """Write unconditionally (updates, idempotent upserts)."""
        self._record(item).save()
        return item

    def get(self, pk: str, sk: str) -> E | None:
        try:
            return self._entity(Record.get(pk, sk))
        except Record.DoesNotExist:
            return None

    def query(
        self,
        pk: str,
        sk_prefix: str = "",
        *,
        index: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
        newest_first: bool = False,
    ) -> Page[E]:
        source: Any = {"gsi1": Record.gsi1, "gsi2": Record.gsi2}.get(index or "", Record)
        sk_attr: Any = {
            "gsi1": Record.gsi1sk,
            "gsi2": Record.gsi2sk,
        }.get(index or "", Record.sk)
        condition = sk_attr.startswith(sk_prefix) if sk_prefix else None
        result = source.query(
            pk,
            condition,
            limit=limit,
            last_evaluated_key=_decode_cursor(cursor),
            scan_index_forward=not newest_first,
        )
        items: list[E] = [self._entity(record) for record in result]
        return Page(items=items, cursor=_encode_cursor(result.last_evaluated_key))

    def iterate(self, pk: str, sk_prefix: str = "", *, index: str | None = None) -> Iterator[E]:
        cursor: str | None = None
        while True:
            page = self.query(pk, sk_prefix, index=index, cursor=cursor, limit=100)
            yield from page.items
            if not page.cursor:
                return
            cursor = page.cursor
