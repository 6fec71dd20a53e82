"""Upload web/ to the deployed stack's web bucket and refresh CloudFront:

    python -m infra.publish_web STACK_NAME

Reads WebBucketName and WebDistributionId from the stack's outputs (``make deploy``
creates them); needs AWS credentials. Locally the gateway serves web/ instead."""

from __future__ import annotations

import mimetypes
import sys
import time
from pathlib import Path

import boto3

WEB = Path(__file__).resolve().parents[1] / "web"
# Pages change with every deploy; vendored libraries do not.
NO_CACHE = {".html", ".js", ".css", ".json"}


def main(stack: str) -> None:
    outputs = {
        o["OutputKey"]: o["OutputValue"]
        for o in boto3.client("cloudformation").describe_stacks(StackName=stack)["Stacks"][0][
            "Outputs"
        ]
    }
    s3 = boto3.client("s3")
    files = [p for p in WEB.rglob("*") if p.is_file()]
    for number, path in enumerate(files, start=1):
        key = path.relative_to(WEB).as_posix()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        cache = "no-cache" if path.suffix in NO_CACHE else "public, max-age=86400"
        s3.upload_file(
            str(path),
            outputs["WebBucketName"],
            key,
            ExtraArgs={"ContentType": content_type, "CacheControl": cache},
        )
        print(f"[{number}/{len(files)}] {key}")
    boto3.client("cloudfront").create_invalidation(
        DistributionId=outputs["WebDistributionId"],
        InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": ["/*"]},
            "CallerReference": str(time.time()),
        },
    )
    print(f"published to {outputs['WebUrl']}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m infra.publish_web STACK_NAME")
    main(sys.argv[1])
