"""S3-compatible object storage, as docs/operations.md configures it for several web nodes:
media in one bucket, application documents in a private one, against a real S3 API (moto's
server on a local port) and the production settings, through the platform's own views."""

import json
import secrets

import boto3
import psycopg
import pytest
from moto.server import ThreadedMotoServer

from tests.production_site import (
    CARRIER_AND_APPLICATION,
    PYTHON,
    free_port,
    manage,
    run,
    site_environment,
)

pytestmark = pytest.mark.nodes

MEDIA_BUCKET = "labo-media"
PRIVATE_BUCKET = "labo-prive"

UPLOAD_AND_DOWNLOAD = (
    """
import django
django.setup()
"""
    + CARRIER_AND_APPLICATION
    + """
import json
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from projects.applications.models import ApplicationDocument

content = b"%PDF-1.4\\n1 0 obj<<>>endobj\\ntrailer<<>>\\n%%EOF\\n"
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(carrier)
uploaded = client.post(
    f"/candidatures/{application.pk}/documents/",
    {"title": "Compromis de vente", "file": SimpleUploadedFile("compromis.pdf", content)},
)
document = ApplicationDocument.objects.filter(title="Compromis de vente").latest("pk")
download = client.get(f"/candidatures/{application.pk}/documents/{document.pk}/")
body = b"".join(download.streaming_content)
stranger = Client(HTTP_HOST="127.0.0.1")
stranger.force_login(User.objects.get(email="membre@labo.test"))
refused = stranger.get(f"/candidatures/{application.pk}/documents/{document.pk}/")
print(json.dumps({
    "uploaded": uploaded.status_code,
    "key": document.file.name,
    "downloaded": download.status_code,
    "same": body == content,
    "refused": refused.status_code,
    "storage": type(document.file.storage).__name__,
}))
"""
)


@pytest.fixture
def s3():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="eu-west-3",
        aws_access_key_id="cle", aws_secret_access_key="secret",
    )  # fmt: skip
    for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
        client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
        )
    yield endpoint, client
    server.stop()


def test_application_documents_go_to_the_private_bucket_and_come_back_through_the_view(
    committed_demo_site, s3, tmp_path
):
    database, folder = committed_demo_site
    endpoint, client = s3
    environment = site_environment(
        database,
        folder,
        DJANGO_SETTINGS_MODULE="labo.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(tmp_path / "static"),
        AWS_STORAGE_BUCKET_NAME=MEDIA_BUCKET,
        AWS_PRIVATE_STORAGE_BUCKET_NAME=PRIVATE_BUCKET,
        AWS_S3_ENDPOINT_URL=endpoint,
        AWS_S3_REGION_NAME="eu-west-3",
        AWS_ACCESS_KEY_ID="cle",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    environment.pop("DEBUG")
    # The production pages name their static files through collectstatic's manifest.
    manage(environment, "collectstatic", "--noinput", "-v0")
    private_files_before = set((folder / "private").rglob("*"))
    try:
        result = json.loads(
            run([PYTHON, "-c", UPLOAD_AND_DOWNLOAD], environment).strip().splitlines()[-1]
        )
    finally:
        # The shared demo site keeps no row whose file lived in this test's bucket.
        with psycopg.connect(database, autocommit=True) as connection:
            connection.execute(
                "DELETE FROM projects_applicationdocument WHERE title = 'Compromis de vente'"
            )
    assert result["storage"] == "S3Storage"
    assert result["uploaded"] == 302
    assert result["downloaded"] == 200 and result["same"]
    assert result["refused"] in (403, 404)
    # The file is in the private bucket, readable by no one without the platform's keys…
    listed = client.list_objects_v2(Bucket=PRIVATE_BUCKET)["Contents"]
    assert [item["Key"] for item in listed] == [result["key"]]
    grants = client.get_object_acl(Bucket=PRIVATE_BUCKET, Key=result["key"])["Grants"]
    assert all("URI" not in grant["Grantee"] for grant in grants), grants
    # …and nowhere else: not in the media bucket, not on this node's disk.
    assert client.list_objects_v2(Bucket=MEDIA_BUCKET).get("KeyCount") == 0
    assert set((folder / "private").rglob("*")) == private_files_before
