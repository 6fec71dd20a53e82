"""Browser uploads on the local cloud: the signed form, S3's object-created event and the
answer it records. An attempt keeps its first object; the same form used again - before
or after /complete - changes nothing HR watches, and the extra object is deleted."""

from __future__ import annotations

from typing import Any

import requests

from hireflow.bootstrap import services
from tests.support.builders import invited, wait_until
from tests.support.client import Client

PHONE = "13600136555"


def post(grant: dict[str, Any], body: bytes) -> int:
    """The browser's POST of a recording with the grant's signed form."""
    files = {"file": ("answer.webm", body, "video/webm")}
    return requests.post(grant["url"], data=grant["fields"], files=files, timeout=10).status_code


def test_a_signed_form_used_again_cannot_replace_the_recorded_answer(hr: Client) -> None:
    candidate, token = invited(hr, "Second Upload", PHONE)
    api = f"{hr.cloud.url}/api/interview/{token}"
    verified = requests.post(f"{api}/verify", json={"phone": PHONE, "consent": True}, timeout=10)
    headers = {"X-Interview-Session": verified.json()["session"]}
    grant = requests.post(f"{api}/answers/intro/upload", json={}, headers=headers, timeout=10)
    assert grant.status_code == 200, grant.text
    grant_body = grant.json()
    assert grant_body["expires_in"] <= 300  # the question's window, not 15 minutes
    s3, bucket = hr.cloud.client("s3"), hr.cloud.physical_id("MediaBucket")
    interviews = services().portal.interviews

    def versions() -> list[str]:
        listed = s3.list_object_versions(Bucket=bucket, Prefix=grant_body["key"])
        return [v["VersionId"] for v in listed.get("Versions", [])]

    def recorded() -> Any:
        return interviews.interview(candidate["id"], 1).answers.get("intro")

    assert post(grant_body, b"\x1a\x45\xdf\xa3 the first take") == 204
    first = wait_until(lambda: recorded() and recorded().media_version)
    assert versions() == [first]

    # The same form again while the interview is open: refused and deleted.
    assert post(grant_body, b"\x1a\x45\xdf\xa3 a replacement") == 204
    wait_until(lambda: versions() == [first], seconds=15)
    assert recorded().media_version == first

    done = requests.post(f"{api}/complete", headers=headers, timeout=10)
    assert done.status_code == 200, done.text
    # And after /complete.
    assert post(grant_body, b"\x1a\x45\xdf\xa3 after complete") == 204
    wait_until(lambda: versions() == [first], seconds=15)
    body = s3.get_object(Bucket=bucket, Key=grant_body["key"])["Body"].read()
    assert body.endswith(b"the first take")
    state = hr.get(f"/api/candidates/{candidate['id']}/interview", "shanghai.hr").json
    intro = state["answers"][0]
    assert intro["media_version"] == first and intro["media_etag"]
