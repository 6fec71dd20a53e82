"""Deleting every copy of a person's files: the buckets are versioned, so an object's
older versions and its delete markers are deleted too (by VersionId), or a "deleted"
recording could still be read back. Used by each context's ``personal_data`` holder."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hireflow.platform import aws


def versions_under(bucket: str, prefix: str) -> Iterator[dict[str, str]]:
    """Every version and delete marker under ``prefix`` as ``{"Key", "VersionId"}``."""
    pages = aws.client("s3").get_paginator("list_object_versions")
    for page in pages.paginate(Bucket=bucket, Prefix=prefix):
        for item in [*page.get("Versions", []), *page.get("DeleteMarkers", [])]:
            yield {"Key": item["Key"], "VersionId": item["VersionId"]}


def erase_prefix(bucket: str, prefix: str) -> int:
    """Delete every version of every object under ``prefix`` (the prefix must name one
    person's folder, e.g. ``answers/<candidate id>/``). Returns the objects deleted (keys,
    not versions): 0 when there was nothing left, so a repeat reports 0."""
    if not prefix or not prefix.endswith(("/", "-")):
        raise ValueError("an erasure prefix must end a folder or a name part")
    found = list(versions_under(bucket, prefix))
    s3: Any = aws.client("s3")
    for start in range(0, len(found), 1000):
        s3.delete_objects(
            Bucket=bucket, Delete={"Objects": found[start : start + 1000], "Quiet": True}
        )
    return len({item["Key"] for item in found})


def current_keys(bucket: str, prefix: str) -> list[str]:
    """The objects under ``prefix`` that exist now (the export copies these)."""
    pages = aws.client("s3").get_paginator("list_objects_v2")
    return [
        item["Key"]
        for page in pages.paginate(Bucket=bucket, Prefix=prefix)
        for item in page.get("Contents", [])
    ]
