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


def delete_every_version(bucket: str, prefix: str) -> int:
    """Delete every version and delete marker of every object under ``prefix`` (a
    versioned bucket keeps a deleted object's versions: "every copy" means these).
    Returns how many object versions were deleted (markers not counted); running it
    again finds nothing and returns 0."""
    s3 = aws.client("s3")
    deleted = 0
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=prefix):
        versions = page.get("Versions", [])
        doomed = [
            {"Key": v["Key"], "VersionId": v["VersionId"]}
            for v in versions + page.get("DeleteMarkers", [])
        ]
        for start in range(0, len(doomed), 1000):  # delete_objects takes 1000 at a time
            s3.delete_objects(
                Bucket=bucket, Delete={"Objects": doomed[start : start + 1000], "Quiet": True}
            )
        deleted += len(versions)
    return deleted
