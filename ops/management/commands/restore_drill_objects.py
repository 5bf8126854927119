"""manage.py restore_drill_objects: the object store's part of the restore drill (docs/operations.md §7).

Copies every object of the configured bucket (under its prefix) into a NEW bucket, as a restore
from the backup copy would, compares every object's SHA-256 between the two, and removes the new
bucket unless --keep.
"""

import hashlib
from datetime import UTC, datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from inspectorate.storage import is_object_store


def _digest(client, bucket: str, key: str) -> str:
    body = client.get_object(Bucket=bucket, Key=key)["Body"]
    digest = hashlib.sha256()
    for chunk in iter(lambda: body.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _keys(client, bucket: str, prefix: str) -> list[str]:
    keys = []
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys += [obj["Key"] for obj in page.get("Contents", [])]
    return sorted(keys)


class Command(BaseCommand):
    help = "Restore the object store's files into a new bucket and check every object arrived unchanged."

    def add_arguments(self, parser):
        parser.add_argument("--bucket", default="", help="The new bucket (default: <bucket>-drill-<UTC time>).")
        parser.add_argument("--keep", action="store_true", help="Keep the new bucket afterwards.")
        parser.add_argument(
            "--if-object-store", action="store_true", help="With local files, say so and succeed (the drill script)."
        )

    def handle(self, *args, bucket: str = "", keep: bool = False, if_object_store: bool = False, **options):
        storage = default_storage
        if not is_object_store(storage):
            if if_object_store:
                self.stdout.write("files on this host's disk, not in an object store: no bucket to drill")
                return
            raise CommandError("The files are not in an object store (STORAGE_URL / AWS_*): nothing to drill.")
        client = storage.connection.meta.client
        source = storage.bucket_name
        prefix = f"{storage.location.strip('/')}/" if storage.location else ""
        target = bucket or f"{source}-drill-{datetime.now(UTC):%Y%m%d%H%M%S}"
        client.create_bucket(Bucket=target)
        try:
            keys = _keys(client, source, prefix)
            for key in keys:
                client.copy_object(Bucket=target, Key=key, CopySource={"Bucket": source, "Key": key})
            restored = _keys(client, target, prefix)
            if restored != keys:
                raise CommandError(f"objects differ: {len(keys)} in {source}, {len(restored)} restored")
            changed = [k for k in keys if _digest(client, source, k) != _digest(client, target, k)]
            if changed:
                raise CommandError(f"{len(changed)} object(s) restored with other content, e.g. {changed[0]}")
        finally:
            if not keep:
                for key in _keys(client, target, ""):
                    client.delete_object(Bucket=target, Key=key)
                client.delete_bucket(Bucket=target)
        self.stdout.write(f"objects equal: {len(keys)} objects restored into {target}")
