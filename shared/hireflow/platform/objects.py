"""Objects in the versioned media bucket: the version a key holds now, and dropping
every other version of it (a refused upload, a recording replaced by its retake)."""

from __future__ import annotations

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


def delete_every_version(bucket: str, key: str) -> int:
    """Delete every version (and delete marker) of ``key``: erasure and retention reach
    every copy in a versioned bucket. Returns how many versions there were."""
    s3 = aws.client("s3")
    deleted = 0
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=key):
        found = [
            {"Key": v["Key"], "VersionId": v["VersionId"]}
            for v in page.get("Versions", []) + page.get("DeleteMarkers", [])
            if v["Key"] == key
        ]
        if found:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": found, "Quiet": True})
        deleted += sum(1 for v in page.get("Versions", []) if v["Key"] == key)
    return deleted
