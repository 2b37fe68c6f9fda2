"""An S3-compatible object store on 127.0.0.1 for the tests (moto's server, in this process),
and a fresh bucket for each test, reached the way `inspect-app server --blobs` reaches one:
through AWS_ENDPOINT_URL and the AWS_* keys in the environment."""

import uuid

import pytest
from syncutil import free_port


@pytest.fixture(scope="session")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def s3_env(monkeypatch, endpoint: str) -> None:
    for k, v in {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "inspect-test",
        "AWS_SECRET_ACCESS_KEY": "inspect-test-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(k, v)
    for k in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE"):
        monkeypatch.delenv(k, raising=False)


@pytest.fixture
def bucket(s3_endpoint, monkeypatch):
    """`s3://<new bucket>` on the test store, with the environment pointing at it."""
    import boto3

    s3_env(monkeypatch, s3_endpoint)
    name = f"inspect-{uuid.uuid4().hex[:12]}"
    boto3.client("s3").create_bucket(Bucket=name)
    return f"s3://{name}"


def keys(url: str) -> list[str]:
    """Every object key in the bucket `url` names."""
    import boto3

    bucket = url.removeprefix("s3://").split("/")[0]
    out = []
    for page in boto3.client("s3").get_paginator("list_objects_v2").paginate(Bucket=bucket):
        out += [o["Key"] for o in page.get("Contents", ())]
    return out
