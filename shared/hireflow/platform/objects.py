"""Objects in the versioned media bucket: the version a key holds now, dropping every
other version of it (a refused upload, a recording replaced by its retake), and the one
way to delete every copy of a file or a folder (erasure, retention, a withdrawn consent)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hireflow.platform import aws


def current_version(bucket: str, key: str) -> tuple[str | None, str | None]:
    """(version id, ETag) of what ``key`` holds now; (None, None) when it holds nothing."""
    s3 = aws.client("s3")
    try:
        head = s3.head_object(Bucket=bucket, Key=key)
    except s3.exceptions.ClientError:
        return None, None
    # An unversioned bucket says "null": still one fixed object to pin.
    return str(head.get("VersionId") or "null"), head.get("ETag")


def discard_versions(bucket: str, key: str, keep: str | None) -> None:
    """Delete every version of ``key`` but ``keep`` (None: every version)."""
    s3 = aws.client("s3")
    listed = s3.list_object_versions(Bucket=bucket, Prefix=key)
    stale = [
        {"Key": key, "VersionId": v["VersionId"]}
        for v in listed.get("Versions", []) + listed.get("DeleteMarkers", [])
        if v["Key"] == key and v["VersionId"] != keep
    ]
    if stale:
        s3.delete_objects(Bucket=bucket, Delete={"Objects": stale, "Quiet": True})


def versions_under(bucket: str, prefix: str) -> Iterator[tuple[str, str, bool]]:
    """Every version and delete marker under ``prefix``: (key, version id, is a version;
    False for a delete marker)."""
    pages = aws.client("s3").get_paginator("list_object_versions")
    for page in pages.paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Versions", []):
            yield item["Key"], item["VersionId"], True
        for item in page.get("DeleteMarkers", []):
            yield item["Key"], item["VersionId"], False


def _delete_versions(bucket: str, prefix: str, only_key: str | None = None) -> int:
    """The one deletion of every copy: list every version and delete marker under
    ``prefix`` (paginated), keep only ``only_key``'s when given (``a/b`` is a prefix of
    ``a/b2``), and delete them by VersionId, 1000 per ``delete_objects`` (its limit).
    Returns the object versions deleted (markers not counted): a repeat returns 0."""
    doomed = [v for v in versions_under(bucket, prefix) if only_key in (None, v[0])]
    s3: Any = aws.client("s3")
    for start in range(0, len(doomed), 1000):
        chunk = [{"Key": k, "VersionId": v} for k, v, _ in doomed[start : start + 1000]]
        s3.delete_objects(Bucket=bucket, Delete={"Objects": chunk, "Quiet": True})
    return sum(1 for _, _, is_version in doomed if is_version)


def delete_every_version(bucket: str, prefix: str) -> int:
    """Delete every version and delete marker of every object under ``prefix`` (a
    versioned bucket keeps a deleted object's versions: "every copy" means these). The
    prefix must end a folder or a name part (``answers/<candidate id>/``), so a bare id
    cannot reach another person's files. Returns the object versions deleted."""
    if not prefix or not prefix.endswith(("/", "-")):
        raise ValueError("a deletion prefix must end a folder or a name part")
    return _delete_versions(bucket, prefix)


def delete_object_versions(bucket: str, key: str) -> int:
    """Delete every version and delete marker of exactly ``key`` (never of another key
    it is a prefix of). Returns the object versions deleted."""
    if not key:
        raise ValueError("a key is required")
    return _delete_versions(bucket, key, only_key=key)


def current_keys(bucket: str, prefix: str) -> list[str]:
    """The objects under ``prefix`` that exist now (the export copies these)."""
    pages = aws.client("s3").get_paginator("list_objects_v2")
    return [
        item["Key"]
        for page in pages.paginate(Bucket=bucket, Prefix=prefix)
        for item in page.get("Contents", [])
    ]
