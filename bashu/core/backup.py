"""Backups of one instance: its database and its data directory, verified before any restore.

A backup is a directory (owner-only: it holds private keys and personal data) with

- ``database.sqlite3`` — SQLite's online backup (``sqlite3.Connection.backup``): a consistent
  copy taken while the portal keeps serving; or ``database.pgdump`` — ``pg_dump`` in custom
  format;
- ``data.tar.gz`` — ``BASHU_DATA_DIR``: signing keys, chain checkpoints, search index,
  extracts, uploads, the local secret; without the SQLite file (it is the part above) and
  without ``static/`` (``collectstatic`` rebuilds it);
- ``manifest.json`` — what the backup holds, with the size and sha256 of every part.

``backup_restore`` checks the manifest before it touches anything and refuses a backup with a
missing, extra-sized or altered part; it then replaces the database (SQLite through the same
backup API; PostgreSQL in one transaction: the schema dropped and the dump replayed) and the
data directory. Run it with the server stopped, then ``bashu migrate`` if the code is newer.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = "bashu-backup/1"
MANIFEST = "manifest.json"
SQLITE_PART = "database.sqlite3"
POSTGRES_PART = "database.pgdump"
DATA_PART = "data.tar.gz"
_PARTS = {SQLITE_PART, POSTGRES_PART, DATA_PART}
_CHUNK = 1 << 20


class BackupError(Exception):
    """The backup cannot be written, or cannot be trusted to restore."""


@dataclass(frozen=True)
class Part:
    name: str
    sha256: str
    bytes: int


@dataclass(frozen=True)
class Manifest:
    vendor: str
    created_at: str
    parts: list[Part]
    sha256: str  # of manifest.json itself, to record beside the backup

    def part(self, name: str) -> Part | None:
        return next((p for p in self.parts if p.name == name), None)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _database() -> dict[str, Any]:
    return dict(settings.DATABASES["default"])


def _vendor() -> str:
    engine = _database()["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(_("不支持的数据库：%(engine)s") % {"engine": engine})


def _sqlite_path() -> Path:
    return Path(_database()["NAME"]).resolve()


def _pg_command(program: str) -> tuple[list[str], dict[str, str]]:
    db = _database()
    args = [program, "--no-password"]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(args: list[str], env: dict[str, str], **kwargs: Any) -> None:
    try:
        subprocess.run(args, env=env, check=True, capture_output=True, **kwargs)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(
            _("找不到 %(program)s（需要 PostgreSQL 客户端）") % {"program": args[0]}
        ) from exc
    except subprocess.CalledProcessError as exc:
        detail = exc.stderr.decode(errors="replace").strip().splitlines()[-1:] if exc.stderr else []
        raise BackupError(f"{args[0]}: {' '.join(detail) or exc.returncode}") from exc


def _excluded(data_dir: Path, target: Path | None) -> set[Path]:
    """What of the data directory is not archived: the database files, static, the backup."""
    excluded = {Path(settings.STATIC_ROOT).resolve()}
    if _vendor() == "sqlite":
        db = _sqlite_path()
        excluded |= {db, *(db.with_name(db.name + s) for s in ("-wal", "-shm", "-journal"))}
    if target is not None:
        excluded.add(target.resolve())
    return excluded


def _data_entries(data_dir: Path, excluded: set[Path]) -> list[Path]:
    return sorted(p for p in data_dir.iterdir() if p.resolve() not in excluded)


def backup_create(*, target: Path) -> Manifest:
    """Write a backup of the database and the data directory into ``target`` (a new or empty
    directory). The database copy is consistent on its own; the data directory is archived
    right after it."""
    target = target.resolve()
    if target.exists() and any(target.iterdir()):
        raise BackupError(_("%(path)s 不是空目录") % {"path": target})
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    target.chmod(0o700)
    vendor = _vendor()
    created_at = timezone.now().isoformat()
    if vendor == "sqlite":
        database = target / SQLITE_PART
        source = sqlite3.connect(f"file:{_sqlite_path()}?mode=ro", uri=True)
        copy = sqlite3.connect(database)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        database = target / POSTGRES_PART
        args, env = _pg_command("pg_dump")
        args += ["--format=custom", "--no-owner", "--no-privileges", "--file", str(database)]
        _run([*args, "--dbname", str(_database()["NAME"])], env)
    data_dir = Path(settings.DATA_DIR).resolve()
    archive = target / DATA_PART
    with tarfile.open(archive, "w:gz") as tar:
        for entry in _data_entries(data_dir, _excluded(data_dir, target)):
            tar.add(entry, arcname=entry.name)
    parts = []
    for path in (database, archive):
        path.chmod(0o600)
        parts.append(Part(path.name, _sha256(path), path.stat().st_size))
    manifest = {
        "format": FORMAT,
        "created_at": created_at,
        "database": {"vendor": vendor},
        "parts": [{"name": p.name, "sha256": p.sha256, "bytes": p.bytes} for p in parts],
    }
    manifest_path = target / MANIFEST
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    manifest_path.chmod(0o600)
    return Manifest(vendor, created_at, parts, _sha256(manifest_path))


def backup_verify(*, source: Path, manifest_sha256: str | None = None) -> Manifest:
    """Read and check a backup: the manifest (and its own hash, when given), then every part's
    size and sha256. Raises ``BackupError`` naming the first problem; changes nothing."""
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(_("%(path)s 中没有 manifest.json，不是完整的备份") % {"path": source})
    own = _sha256(manifest_path)
    if manifest_sha256 and own != manifest_sha256.lower():
        raise BackupError(_("manifest.json 的 sha256 与记录的不符"))
    try:
        raw = json.loads(manifest_path.read_text(encoding="utf-8"))
        if raw["format"] != FORMAT:
            raise BackupError(_("不认识的备份格式：%(format)s") % {"format": raw["format"]})
        vendor = str(raw["database"]["vendor"])
        parts = [Part(str(p["name"]), str(p["sha256"]), int(p["bytes"])) for p in raw["parts"]]
        created_at = str(raw["created_at"])
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(_("manifest.json 无法读取")) from exc
    names = {p.name for p in parts}
    expected = {SQLITE_PART if vendor == "sqlite" else POSTGRES_PART, DATA_PART}
    if names != expected or len(names) != len(parts) or not names <= _PARTS:
        raise BackupError(_("备份的组成不对：%(names)s") % {"names": ", ".join(sorted(names))})
    for part in parts:
        path = source / part.name
        if not path.is_file():
            raise BackupError(_("缺少 %(name)s，备份不完整") % {"name": part.name})
        if path.stat().st_size != part.bytes or _sha256(path) != part.sha256:
            raise BackupError(
                _("%(name)s 与 manifest 不符（被改动或不完整）") % {"name": part.name}
            )
    return Manifest(vendor, created_at, parts, own)


def _restore_sqlite(database: Path) -> None:
    copy = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        if copy.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise BackupError(_("%(name)s 未通过完整性检查") % {"name": database.name})
        connections.close_all()
        target = sqlite3.connect(_sqlite_path(), timeout=30)
        try:
            copy.backup(target)
        finally:
            target.close()
    finally:
        copy.close()


def _restore_postgresql(dump: Path) -> None:
    """Drop the schema and replay the dump in one transaction: all of it or nothing."""
    connections.close_all()
    for connection in connections.all():
        close_pool = getattr(connection, "close_pool", None)
        if close_pool is not None:
            close_pool()
    restore_args, env = _pg_command("pg_restore")
    _run([*restore_args, "--list", str(dump)], env)  # the archive is readable
    psql_args, _env = _pg_command("psql")
    psql_args += [
        "--quiet", "--no-psqlrc", "--single-transaction", "--set", "ON_ERROR_STOP=1",
        "--dbname", str(_database()["NAME"]),
        "--command", "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;",
        "--file", "-",
    ]  # fmt: skip
    with subprocess.Popen(  # noqa: S603
        [*restore_args, "--no-owner", "--no-privileges", "--file", "-", str(dump)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as replay:
        _run(psql_args, env, stdin=replay.stdout)
        replay.wait()
        if replay.returncode != 0:
            raise BackupError(f"pg_restore: {replay.returncode}")


def _restore_data_dir(archive: Path, source: Path) -> None:
    """Replace the data directory's entries with the archived ones (staged, then renamed)."""
    data_dir = Path(settings.DATA_DIR).resolve()
    excluded = _excluded(data_dir, source)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=data_dir))
    excluded.add(staging.resolve())
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(staging, filter="data")
        for entry in _data_entries(data_dir, excluded):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        for entry in staging.iterdir():
            entry.rename(data_dir / entry.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def backup_restore(*, source: Path, manifest_sha256: str | None = None) -> Manifest:
    """Verify ``source``, then replace this instance's database and data directory with it.

    Refuses (``BackupError``, nothing changed) a backup that fails verification or was taken
    from another kind of database.
    """
    source = source.resolve()
    manifest = backup_verify(source=source, manifest_sha256=manifest_sha256)
    if manifest.vendor != _vendor():
        raise BackupError(
            _("备份来自 %(theirs)s，本实例使用 %(ours)s")
            % {"theirs": manifest.vendor, "ours": _vendor()}
        )
    if manifest.vendor == "sqlite":
        _restore_sqlite(source / SQLITE_PART)
    else:
        _restore_postgresql(source / POSTGRES_PART)
    _restore_data_dir(source / DATA_PART, source)
    return manifest
