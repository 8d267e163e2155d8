"""Settings from config.toml and the environment, read when asked (never at import time).

Precedence: environment > config file > defaults. Secrets (the token) come only from the
environment or the untracked config.toml, and are never logged (see Settings.__repr__).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from knowledge.store.data_folder import DEFAULT_DATA_DIR, KNOWLEDGE_FILE

_DERIVED = Path()
"""Placeholder default of data_dir and knowledge_path: Settings fills in the real one."""


class SettingsError(Exception):
    """The config file or an environment variable is wrong; the message says which."""


@dataclass(frozen=True)
class Settings:
    token: str | None = field(default=None, repr=False)
    base_url: str | None = None
    base_file_url: str | None = None
    mode: str = "polling"  # or "webhook"
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    # The data folder (see knowledge/store/data_folder.py): default data/ in the project, or the
    # knowledge file's folder when only that is given. The knowledge file: default in the folder.
    data_dir: Path = _DERIVED
    knowledge_path: Path = _DERIVED
    backups: int = 10
    history_max_bytes: int = 8_000_000
    reload_seconds: float = 5.0
    max_upload_bytes: int = 1_048_576
    default_region: str = "Lạng Sơn"
    follow_up_minutes: float = 30.0  # a chat's last question is followed on for this long
    follow_up_chats: int = 100_000  # chats remembered at most (the longest quiet dropped)
    admin_ids: frozenset[int] = frozenset()
    log_level: str = "INFO"

    def __post_init__(self) -> None:
        data_dir, knowledge = self.data_dir, self.knowledge_path
        if data_dir == _DERIVED:
            data_dir = knowledge.parent if knowledge != _DERIVED else DEFAULT_DATA_DIR
        if knowledge == _DERIVED:
            knowledge = data_dir / KNOWLEDGE_FILE
        object.__setattr__(self, "data_dir", data_dir)  # frozen: set once, here
        object.__setattr__(self, "knowledge_path", knowledge)

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admin_ids


# config file section.key → Settings field
_FILE_KEYS: dict[tuple[str, str], str] = {
    ("telegram", "token"): "token",
    ("telegram", "base_url"): "base_url",
    ("telegram", "base_file_url"): "base_file_url",
    ("telegram", "mode"): "mode",
    ("webhook", "url"): "webhook_url",
    ("webhook", "secret_token"): "webhook_secret",
    ("webhook", "listen"): "webhook_listen",
    ("webhook", "port"): "webhook_port",
    ("knowledge", "data_dir"): "data_dir",
    ("knowledge", "path"): "knowledge_path",
    ("knowledge", "backups"): "backups",
    ("knowledge", "history_max_bytes"): "history_max_bytes",
    ("knowledge", "reload_seconds"): "reload_seconds",
    ("knowledge", "max_upload_bytes"): "max_upload_bytes",
    ("answers", "default_region"): "default_region",
    ("answers", "follow_up_minutes"): "follow_up_minutes",
    ("answers", "follow_up_chats"): "follow_up_chats",
    ("admin", "ids"): "admin_ids",
    ("logging", "level"): "log_level",
}

_ENV_KEYS: dict[str, str] = {
    "TELEGRAM_BOT_TOKEN": "token",
    "TELEGRAM_API_BASE_URL": "base_url",
    "TELEGRAM_API_FILE_URL": "base_file_url",
    "BOT_ADMIN_IDS": "admin_ids",
    "BOT_DATA_DIR": "data_dir",
    "BOT_KNOWLEDGE_PATH": "knowledge_path",
    "BOT_LOG_LEVEL": "log_level",
}


def load_settings(
    config_path: Path | None = None,
    env: Mapping[str, str] | None = None,
    knowledge_path: Path | None = None,
) -> Settings:
    """Build Settings; config_path None means ./config.toml if it exists."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = config_path or Path("config.toml")
    if config_path is not None and not path.exists():
        raise SettingsError(f"không tìm thấy tệp cấu hình {path}")
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise SettingsError(f"{path}: cấu hình không đọc được: {error}") from error
        for (section, key), name in _FILE_KEYS.items():
            if key in data.get(section, {}):
                values[name] = data[section][key]
    for var, name in _ENV_KEYS.items():
        if env.get(var):
            values[name] = env[var]
    if knowledge_path is not None:
        values["knowledge_path"] = knowledge_path
    return _coerce(values, source=str(path))


def _coerce(values: dict[str, Any], source: str) -> Settings:
    types = {f.name: f.type for f in fields(Settings)}
    out: dict[str, Any] = {}
    for name, value in values.items():
        try:
            if name == "admin_ids":
                items = value.split(",") if isinstance(value, str) else value
                out[name] = frozenset(int(str(i).strip()) for i in items if str(i).strip())
            elif name in ("knowledge_path", "data_dir"):
                out[name] = Path(value)
            elif types[name] == "int":
                out[name] = int(value)
            elif types[name] == "float":
                out[name] = float(value)
            else:
                out[name] = str(value) if value is not None else None
        except (TypeError, ValueError) as error:
            raise SettingsError(f"{source}: giá trị '{name}' không hợp lệ: {value!r}") from error
    if out.get("mode", "polling") not in ("polling", "webhook"):
        raise SettingsError(f"{source}: telegram.mode phải là 'polling' hoặc 'webhook'")
    return Settings(**out)


def data_path(settings: Settings, name: str) -> Path:
    """A file in the data folder, e.g. data_path(settings, "subscriptions.json"). Users' and
    admins' data belongs there, created owner-only (data_folder.make_private_dir, PRIVATE_FILE)."""
    return settings.data_dir / name
