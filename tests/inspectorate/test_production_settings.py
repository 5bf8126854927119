"""Production refuses to start without its shared services (database, cache, task queue, file store).

Without them it would fall back to SQLite, a per-process memory cache and in-process tasks,
and every gunicorn worker would count login lockouts and rate limits on its own.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/inspectorate_never_used",
    "REDIS_CACHE_URL": "redis://127.0.0.1:6379/14",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/14",
    "STORAGE_URL": "s3://key:secret@127.0.0.1:1/inspectorate-never-used?addressing=path",
}


def _check(env_overrides: dict[str, str | None]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in SERVICES and not k.startswith("AWS_")}
    env.update(
        DJANGO_SETTINGS_MODULE="inspectorate.settings.production",
        DJANGO_SECRET_KEY="test-only-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="inspectorate.example",
    )
    env.update({k: v for k, v in env_overrides.items() if v is not None})
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("missing", sorted(SERVICES))
def test_production_refuses_to_start_without_each_service(missing):
    result = _check({name: (None if name == missing else url) for name, url in SERVICES.items()})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Production settings need {missing} (" in result.stderr
    # Only the missing one is named as missing.
    for other in set(SERVICES) - {missing}:
        assert f"{other} (" not in result.stderr


def test_an_empty_value_counts_as_missing():
    result = _check({**SERVICES, "REDIS_CACHE_URL": " "})
    assert result.returncode != 0
    assert "REDIS_CACHE_URL" in result.stderr


def test_production_starts_with_all_its_services():
    result = _check(SERVICES)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_object_store_may_be_given_by_the_aws_variables_instead_of_storage_url():
    result = _check(
        {
            **{k: v for k, v in SERVICES.items() if k != "STORAGE_URL"},
            "AWS_STORAGE_BUCKET_NAME": "inspectorate",
            "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:1",
        }
    )
    assert result.returncode == 0, result.stderr


def test_one_host_may_choose_its_local_directory_explicitly(tmp_path):
    result = _check({**SERVICES, "STORAGE_URL": f"file://{tmp_path}"})
    assert result.returncode == 0, result.stderr
