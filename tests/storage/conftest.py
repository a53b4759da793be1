"""An S3-compatible object storage for the tests: moto's standalone server, started on 127.0.0.1
as its own process and spoken to over HTTP, as a municipality's object store would be."""

import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest

from benchmarks.throughput import free_port, stop
from config.settings import object_storage

CREDENTIALS = {"OBJECT_STORAGE_ACCESS_KEY_ID": "tuchtdossier-test",
               "OBJECT_STORAGE_SECRET_ACCESS_KEY": "tuchtdossier-test-secret",
               "OBJECT_STORAGE_REGION": "us-east-1",
               "OBJECT_STORAGE_ADDRESSING_STYLE": "path"}
START_SECONDS = 30


def wait_until_answers(url: str, process: subprocess.Popen, seconds: float = START_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with status {process.returncode} while starting")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers, even if not with 200
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} seconds")


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """The URL of a moto server of our own, stopped when the session ends."""
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
            stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(url, process)
        yield url
    finally:
        stop(process)


@dataclass
class Bucket:
    """A bucket of its own for one test, the environment that selects it and a raw S3 client
    (for what only someone with the storage keys could do, like tampering with an object)."""
    name: str
    environment: dict
    client: object

    def keys(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name)
        return sorted(entry["Key"] for entry in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def overwrite(self, key: str, content: bytes) -> None:
        self.client.put_object(Bucket=self.name, Key=key, Body=content)


def new_bucket(endpoint: str) -> Bucket:
    environment = {**CREDENTIALS, "OBJECT_STORAGE_ENDPOINT_URL": endpoint,
                   "OBJECT_STORAGE_BUCKET": f"tucht-{uuid.uuid4().hex[:12]}"}
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name=CREDENTIALS["OBJECT_STORAGE_REGION"],
        aws_access_key_id=CREDENTIALS["OBJECT_STORAGE_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["OBJECT_STORAGE_SECRET_ACCESS_KEY"])
    client.create_bucket(Bucket=environment["OBJECT_STORAGE_BUCKET"])
    return Bucket(environment["OBJECT_STORAGE_BUCKET"], environment, client)


@pytest.fixture
def s3_bucket(s3_endpoint) -> Bucket:
    return new_bucket(s3_endpoint)


@pytest.fixture
def s3_storage(settings, s3_bucket) -> Bucket:
    """The application's default storage is the S3 bucket, configured from the same environment
    variables as in production; nothing is written to MEDIA_ROOT."""
    settings.STORAGES = {**settings.STORAGES, "default": object_storage(s3_bucket.environment)}
    return s3_bucket
