"""Production configuration: secrets required, `check --deploy` clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list
from core.signing.keys import self_signed

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_check_deploy_has_no_warnings(tmp_path):
    key_pem, cert_pem = self_signed("测试民政局")  # stands in for the bureau's certificate
    (tmp_path / "key.pem").write_bytes(key_pem)
    (tmp_path / "cert.pem").write_bytes(cert_pem)
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x7Hq2mN9vR4tY8wB1cE5gJ0kL3pS6uZ-aD_fG4hK7jM2nQ5rT8vX1yB4eH7kM0pS",
        ALLOWED_HOSTS="gongyi.example.gov.cn",
        BASE_URL="https://gongyi.example.gov.cn",
        SIGNING_KEY_FILE=str(tmp_path / "key.pem"),
        SIGNING_CERT_FILE=str(tmp_path / "cert.pem"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_warns_about_the_development_certificate():
    result = run_manage(
        "check",
        "--deploy",
        SECRET_KEY="x7Hq2mN9vR4tY8wB1cE5gJ0kL3pS6uZ-aD_fG4hK7jM2nQ5rT8vX1yB4eH7kM0pS",
        ALLOWED_HOSTS="gongyi.example.gov.cn",
        BASE_URL="https://gongyi.example.gov.cn",
        SIGNING_CERT_FILE="/nonexistent/cert.pem",
    )
    assert "core.W003" in result.stdout + result.stderr
    result = run_manage(
        "check",
        "--deploy",
        SECRET_KEY="x7Hq2mN9vR4tY8wB1cE5gJ0kL3pS6uZ-aD_fG4hK7jM2nQ5rT8vX1yB4eH7kM0pS",
        ALLOWED_HOSTS="gongyi.example.gov.cn",
        BASE_URL="https://gongyi.example.gov.cn",
    )
    assert "core.W002" in result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="gongyi.example.gov.cn")
    assert result.returncode != 0
    assert "Environment variable SECRET_KEY is required." in result.stderr


def test_env_readers_validate(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    monkeypatch.setenv("COUNT", "12")
    monkeypatch.setenv("HOSTS", "a.cn, b.cn,")
    assert env_bool("FLAG") is True
    assert env_int("COUNT", 1) == 12
    assert env_list("HOSTS") == ["a.cn", "b.cn"]
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be a boolean"):
        env_bool("FLAG")
    monkeypatch.setenv("COUNT", "many")
    with pytest.raises(ImproperlyConfigured, match="COUNT must be an integer"):
        env_int("COUNT", 1)
