"""Small validating readers for settings taken from the environment."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


class StartupError(ImproperlyConfigured):
    """A setting the process cannot start with; `manage.py` prints its sentence, no traceback."""


def writable_dir(path: Path, setting: str, *, write: bool = True) -> Path:
    """Create `path` (and its parents) when missing and check the process can write into it
    (`write=False`: only that it exists, e.g. static files built into a read-only image).

    The embedded default keeps its database and uploads in folders ignored by git, so a fresh
    clone has none of them; a folder that cannot be made or written is named in one sentence.
    """
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StartupError(
            f"{setting}: cannot create the folder {path} ({exc.strerror or exc}); "
            f"set {setting} to a writable folder."
        ) from exc
    if write and not os.access(path, os.W_OK | os.X_OK):
        raise StartupError(
            f"{setting}: the folder {path} is not writable by this user; "
            f"set {setting} to a writable folder."
        )
    return path
