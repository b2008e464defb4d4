"""A fresh clone has no var/: every folder the settings write into is made, or named in one
sentence when it cannot be."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.env import StartupError, writable_dir

ROOT = Path(__file__).resolve().parents[2]


def manage_check(var_dir, **env):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))
    }
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.dev", VAR_DIR=str(var_dir), **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_missing_var_dir_and_its_folders_are_created(tmp_path):
    var_dir = tmp_path / "not" / "yet" / "there"
    result = manage_check(var_dir)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in var_dir.iterdir()) == [
        "media",
        "private",
        "public-cache",
        "static",
    ]


def test_var_dir_that_cannot_be_created_is_named_in_one_sentence(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = manage_check(blocker / "var")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Cannot start: VAR_DIR: cannot create the folder {blocker / 'var'} (Not a directory); "
        "set VAR_DIR to a writable folder."
    ]


def test_sqlite_file_elsewhere_gets_its_folder_and_blames_database_url(tmp_path):
    database = tmp_path / "db" / "here" / "site.sqlite3"
    result = manage_check(tmp_path / "var", DATABASE_URL=f"sqlite:///{database}")
    assert result.returncode == 0, result.stderr
    assert database.parent.is_dir()

    blocker = tmp_path / "file"
    blocker.write_text("")
    result = manage_check(tmp_path / "var", DATABASE_URL=f"sqlite:///{blocker}/site.sqlite3")
    assert result.returncode == 1
    assert result.stderr.startswith("Cannot start: DATABASE_URL: cannot create the folder")


def test_unwritable_folder_is_refused(tmp_path, monkeypatch):
    # Root may write anywhere, so the permission bit is simulated.
    monkeypatch.setattr(os, "access", lambda *_args: False)
    with pytest.raises(StartupError, match=r"not writable by this user"):
        writable_dir(tmp_path, "VAR_DIR")
    assert writable_dir(tmp_path, "VAR_DIR", write=False) == tmp_path
