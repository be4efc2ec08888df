"""``bashu backup`` / ``bashu restore``: a wiped instance comes back whole, verified.

The round trips run ``bashu`` as subprocesses on a real SQLite file (and on a PostgreSQL
database of their own): create data, back up, wipe, restore, then ``bashu audit_verify``
passes and the same API answers (and the same signature, so the same private key) come back.
"""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from bashu.core.backup import BackupError, backup_restore, backup_verify
from bashu.core.tests.serving import bashu, environment
from conftest import requires_postgresql

SEED = """
from bashu.core.accounts import account_ensure
from bashu.people.tests.factories import PersonFactory
from bashu.recognition.keys import key_active
account_ensure(username="backup_admin", password="pw-for-tests-only", role="administrator")
PersonFactory.create_batch(3, area="510104")
PersonFactory.create_batch(2, area="500105")
key_active("510000")
"""

ANSWERS = """
import json
from django.test import Client
from bashu.recognition.keys import key_active, private_key
from bashu.recognition.signing import sign
client = Client(HTTP_HOST="127.0.0.1")
signed_in = client.post("/login/", {"username": "backup_admin", "password": "pw-for-tests-only"})
assert signed_in.status_code == 302, signed_in.status_code
key = key_active("510000")
answers = {
    "people": client.get("/api/v1/people?limit=50").json(),
    "region": client.get("/api/v1/regions/510104").json(),
    "keys": client.get("/api/v1/recognition/keys").json(),
    "signature": sign({"n": 1}, private_pem=private_key(key.kid), kid=key.kid, region="510000"),
}
print("ANSWERS" + json.dumps(answers, sort_keys=True, ensure_ascii=False))
"""


def _answers(env: dict[str, str]) -> dict[str, object]:
    out = bashu("shell", "--no-imports", "-c", ANSWERS, env=env).stdout
    line = next(line for line in out.splitlines() if line.startswith("ANSWERS"))
    answers: dict[str, object] = json.loads(line.removeprefix("ANSWERS"))
    assert answers["people"], "the seeded persons are listed"
    return answers


def _round_trip(env: dict[str, str], wipe) -> None:  # type: ignore[no-untyped-def]
    data_dir = Path(env["BASHU_DATA_DIR"])
    bashu("migrate", "--no-input", env=env)
    bashu("shell", "--no-imports", "-c", SEED, env=env)
    before = _answers(env)
    target = data_dir.parent / "backup"
    printed = bashu("backup", "--to", str(target), env=env).stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    manifest = json.loads((target / "manifest.json").read_text())
    assert {p["name"] for p in manifest["parts"]} >= {"data.tar.gz"}
    assert all(len(p["sha256"]) == 64 for p in manifest["parts"])
    assert "sha256" in printed

    wipe()
    shutil.rmtree(data_dir)
    data_dir.mkdir()
    # A different instance in its place: fresh schema, other data, a new key.
    bashu("migrate", "--no-input", env=env)
    bashu("shell", "--no-imports", "-c", SEED.replace("create_batch(3", "create_batch(1"), env=env)

    bashu("restore", "--from", str(target), env=env)
    verified = bashu("audit_verify", env=env, check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert _answers(env) == before


def test_sqlite_round_trip(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    env = environment(data_dir, database_url=None)

    def wipe() -> None:
        for name in ("bashu.sqlite3", "bashu.sqlite3-wal", "bashu.sqlite3-shm"):
            (data_dir / name).unlink(missing_ok=True)

    _round_trip(env, wipe)
    # The archive held the data directory but neither the database file nor static files.
    assert (data_dir / "keys").is_dir() and (data_dir / "secret_key").is_file()


@requires_postgresql
def test_postgresql_round_trip(tmp_path: Path) -> None:
    base = settings.DATABASES["default"]
    name = f"{base['NAME']}_backup"
    admin = psycopg.connect(
        host=base["HOST"] or "127.0.0.1", port=base["PORT"] or 5432, user=base["USER"],
        password=base["PASSWORD"] or None, dbname="postgres", autocommit=True,
    )  # fmt: skip

    def wipe() -> None:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')

    wipe()
    try:
        url = "postgres://{}@{}:{}/{}".format(
            base["USER"], base["HOST"] or "127.0.0.1", base["PORT"] or 5432, name
        )
        data_dir = tmp_path / "data"
        data_dir.mkdir()
        _round_trip(environment(data_dir, database_url=url), wipe)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


# --- Refusals: checked before anything is touched (in process, on a backup made by hand) ---


@pytest.fixture
def backup_dir(tmp_path: Path) -> Path:
    """A well-formed SQLite backup (a tiny database and data archive) with its manifest."""
    import hashlib
    import sqlite3
    import tarfile

    target = tmp_path / "backup"
    target.mkdir()
    db = sqlite3.connect(target / "database.sqlite3")
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "k.pem").write_text("key")
    with tarfile.open(target / "data.tar.gz", "w:gz") as tar:
        tar.add(tmp_path / "keys", arcname="keys")
    parts = [
        {
            "name": name,
            "sha256": hashlib.sha256((target / name).read_bytes()).hexdigest(),
            "bytes": (target / name).stat().st_size,
        }
        for name in ("database.sqlite3", "data.tar.gz")
    ]
    manifest = {
        "format": "bashu-backup/1",
        "created_at": "2026-01-01T00:00:00+00:00",
        "database": {"vendor": "sqlite"},
        "parts": parts,
    }
    (target / "manifest.json").write_text(json.dumps(manifest))
    return target


def test_a_whole_backup_verifies(backup_dir: Path) -> None:
    assert backup_verify(source=backup_dir).vendor == "sqlite"


def test_a_tampered_part_is_refused(backup_dir: Path) -> None:
    archive = backup_dir / "data.tar.gz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(BackupError, match=r"data\.tar\.gz"):
        backup_restore(source=backup_dir)


def test_a_partial_backup_is_refused(backup_dir: Path) -> None:
    (backup_dir / "database.sqlite3").unlink()
    with pytest.raises(BackupError, match=r"database\.sqlite3"):
        backup_restore(source=backup_dir)


def test_a_truncated_part_is_refused(backup_dir: Path) -> None:
    archive = backup_dir / "data.tar.gz"
    archive.write_bytes(archive.read_bytes()[:-10])
    with pytest.raises(BackupError):
        backup_verify(source=backup_dir)


def test_a_missing_manifest_is_refused(backup_dir: Path) -> None:
    (backup_dir / "manifest.json").unlink()
    with pytest.raises(BackupError, match="manifest"):
        backup_verify(source=backup_dir)


def test_a_manifest_that_lists_a_part_twice_or_drops_one_is_refused(backup_dir: Path) -> None:
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    manifest["parts"] = manifest["parts"][:1]
    (backup_dir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(BackupError):
        backup_verify(source=backup_dir)


def test_a_recorded_manifest_hash_must_match(backup_dir: Path) -> None:
    with pytest.raises(BackupError, match="sha256"):
        backup_verify(source=backup_dir, manifest_sha256="0" * 64)


def test_a_backup_of_another_database_kind_is_refused(backup_dir: Path, settings) -> None:  # type: ignore[no-untyped-def]
    manifest = json.loads((backup_dir / "manifest.json").read_text())
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        manifest["database"]["vendor"] = "postgresql"
        dump = backup_dir / "database.pgdump"
        (backup_dir / "database.sqlite3").rename(dump)
        manifest["parts"][0]["name"] = "database.pgdump"
    (backup_dir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="本实例"):
        backup_restore(source=backup_dir)
