"""One hash-chained, append-only log (哈希链日志), and its anchoring outside the database.

The audit log (``bashu.core.audit``) and the exchange log (``bashu.transfers.exchange``) are
both a :class:`HashChain`: each entry stores its sequence number, its predecessor's hash and
``SHA-256(canonical({**content, "seq": seq, "prev_hash": prev_hash}))``; a single head row
(seq, hash), locked ``FOR UPDATE`` by every writer, orders concurrent appends into one chain
and makes a truncated tail visible. :meth:`HashChain.verify` walks the log and names the first
entry that does not hold.

A chain kept only in the database proves nothing against the database's owner, who can
disable the trigger, rewrite a row and recompute every hash after it. So the head is anchored
outside the database (docs/adr/0009-audit-anchoring.md): :func:`checkpoint_write` signs
(chain, seq, hash, time) with the node key kept in ``BASHU_DATA_DIR/keys``, appends it to
``BASHU_DATA_DIR/checkpoints/<chain>.jsonl`` and hands it to every registered peer (the
exchange with the peer region, ``bashu.transfers.chains``). Verification checks the chain
against every checkpoint: a rewrite at or before a checkpointed entry changes that entry's
hash and is reported with the checkpoint that caught it.

Canonical JSON is JCS (RFC 8785, the ``rfc8785`` library), as for signed documents
(``recognition.signing``), so a peer checks a checkpoint's signature with any JCS
implementation. For what the audit log has always hashed (ASCII keys, strings, integers,
no floats) JCS is byte for byte the sorted, spaceless ``json.dumps`` used before, so
existing chains still verify.

Apps declare their chains and peers in ``<app>/chains.py`` (found like ``admin.py``), so core
lists the exchange log without importing the app that keeps it.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

GENESIS_HASH = "0" * 64
CHECKPOINT_VERSION = 1
NODE_KEY_FILE = "node-checkpoint-ed25519.pem"

E = TypeVar("E", bound=models.Model)


def canonical(value: Any) -> bytes:
    """The bytes that are hashed and signed: JCS (RFC 8785). Raises ``ValueError`` for what
    JCS cannot represent (NaN, integers beyond ±2^53)."""
    return rfc8785.dumps(value)


def link_hash(*, seq: int, prev_hash: str, content: Mapping[str, Any]) -> str:
    """The hash of one entry: its content, its position and its predecessor, together."""
    if "seq" in content or "prev_hash" in content:
        raise ValueError("content must not carry seq or prev_hash")
    return hashlib.sha256(canonical({**content, "seq": seq, "prev_hash": prev_hash})).hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """A signed (chain, seq, hash, time) that was read back and whose signature holds."""

    chain: str
    seq: int
    hash: str
    at: str
    source: str  # where it was read: "audit.jsonl line 3", "500000 exchange log #17"

    def describe(self) -> str:
        return _("检查点（%(source)s，%(at)s，第 %(seq)s 条）") % {
            "source": self.source,
            "at": self.at,
            "seq": self.seq,
        }


@dataclass(frozen=True)
class ChainBreak:
    """The first place the chain does not hold. ``code`` is the rule, for machines."""

    seq: int
    problem: str
    code: str = "altered"
    checkpoint: Checkpoint | None = None


@dataclass(frozen=True)
class CheckpointRefused:
    """A checkpoint that cannot be trusted (tampered, malformed, signed by another key)."""

    source: str
    problem: str
    code: str


@dataclass(frozen=True)
class ChainWalk:
    """What a walk over the chain found, and the head it checked against."""

    checked: int
    broken: ChainBreak | None
    anchored: tuple[Checkpoint, ...]
    head_seq: int
    head_hash: str


@dataclass(frozen=True)
class ChainReport:
    """A chain verified against its checkpoints: ``intact`` only if both hold."""

    chain: str
    checked: int
    broken: ChainBreak | None
    anchored: tuple[Checkpoint, ...]
    refused: tuple[CheckpointRefused, ...]

    @property
    def intact(self) -> bool:
        return self.broken is None and not self.refused

    def first_problem(self) -> ChainBreak | None:
        """The break, else the first untrustworthy checkpoint (as a break at its line)."""
        if self.broken is not None or not self.refused:
            return self.broken
        refused = self.refused[0]
        return ChainBreak(0, f"{refused.source}: {refused.problem}", refused.code)


class ChainError(Exception):
    """A checkpoint was not written because the chain or its checkpoints do not hold."""


class HashChain(Generic[E]):
    """An append-only log in two tables: the entries and a single head row (pk 1).

    ``entries`` has the fields ``seq``, ``prev_hash`` and ``hash``; ``head`` has ``seq`` and
    ``hash``. ``content`` says what of an entry is hashed (never ``seq`` or ``prev_hash``,
    which the chain adds). ``stamp`` names a datetime field set under the head lock, so times
    follow the sequence. ``anchors`` selects the entries that are themselves checkpoints
    (sent to this log), which alone do not call for a new checkpoint.
    """

    def __init__(
        self,
        *,
        name: str,
        label: str | Promise,
        entries: type[E],
        head: type[models.Model],
        content: Callable[[E], dict[str, Any]],
        stamp: str | None = None,
        anchors: models.Q | None = None,
    ) -> None:
        self.name = name
        self.label = label
        self.entries = entries
        self.head_model = head
        self.content = content
        self.stamp = stamp
        self.anchors = anchors

    def __repr__(self) -> str:
        return f"HashChain({self.name!r})"

    def entry_hash(self, entry: E) -> str:
        row = cast(Any, entry)
        return link_hash(seq=row.seq, prev_hash=row.prev_hash, content=self.content(entry))

    def append(self, entry: E) -> E:
        """Number, link and insert ``entry`` and advance the head, in the caller's transaction.

        The head row is locked first, so concurrent writers extend the chain one after
        another instead of forking it. The work runs in a savepoint: if the insert fails
        (an ``IntegrityError`` on a unique field), the caller's transaction stays usable.
        """
        with transaction.atomic():
            manager = self.head_model._default_manager
            manager.get_or_create(pk=1)
            head = cast(Any, manager.select_for_update().get(pk=1))
            row = cast(Any, entry)
            if self.stamp:
                setattr(entry, self.stamp, timezone.now())
            row.seq, row.prev_hash = head.seq + 1, head.hash
            row.hash = self.entry_hash(entry)
            entry.save()
            head.seq, head.hash = row.seq, row.hash
            head.save(update_fields=["seq", "hash"])
        return entry

    def head(self) -> tuple[int, str] | None:
        """The head row's (seq, hash), or ``None`` before the first entry."""
        head = cast(Any, self.head_model._default_manager.filter(pk=1).first())
        return None if head is None else (int(head.seq), str(head.hash))

    def has_news(self, *, after: int) -> bool:
        """Are there entries after ``after`` other than checkpoints sent to this log?"""
        later = self.entries._default_manager.filter(seq__gt=after)
        if self.anchors is not None:
            later = later.exclude(self.anchors)
        return later.exists()

    def walk(
        self, checkpoints: Iterable[Checkpoint] = (), *, since: Checkpoint | None = None
    ) -> ChainWalk:
        """Walk the chain in order and return the first break.

        Detects an altered row (its hash no longer matches its content), a missing row (a gap
        in the sequence or a predecessor hash that does not match), a truncated tail (the head
        names a later entry than the last one present), and, against ``checkpoints``, a
        rewrite with every hash recomputed: the entry at a checkpoint's seq must carry the
        checkpoint's hash, and the chain must reach every checkpoint. With ``since`` (a
        checkpoint already trusted) only the entries after it are walked, from its hash.

        The head is read first and only entries up to it are walked, so writers appending
        meanwhile are not mistaken for a break.
        """
        head = self.head()
        if head is None:
            head_seq, head_hash = 0, GENESIS_HASH
            if self.entries._default_manager.exists():
                missing = ChainBreak(1, _("链头缺失，无法确认记录条数"), "head_missing")
                return ChainWalk(0, missing, (), head_seq, head_hash)
        else:
            head_seq, head_hash = head
        by_seq: dict[int, list[Checkpoint]] = defaultdict(list)
        for checkpoint in checkpoints:
            by_seq[checkpoint.seq].append(checkpoint)
        anchored: list[Checkpoint] = []
        start, previous = (since.seq, since.hash) if since else (0, GENESIS_HASH)
        if since is not None and head_seq < since.seq:
            return ChainWalk(0, self._short(head_seq, since), (), head_seq, head_hash)
        for checkpoint in by_seq.pop(0, []):
            if checkpoint.hash != GENESIS_HASH:
                mismatch = self._mismatch(0, 0, checkpoint)
                return ChainWalk(0, mismatch, (), head_seq, head_hash)
            anchored.append(checkpoint)
        last_good = start  # the last seq vouched for by a checkpoint
        expected = start + 1
        checked = 0
        rows = (
            self.entries._default_manager.filter(seq__gt=start, seq__lte=head_seq)
            .order_by("seq")
            .iterator(chunk_size=5000)
        )
        for entry in rows:
            row = cast(Any, entry)
            broken: ChainBreak | None = None
            if row.seq != expected:
                broken = ChainBreak(
                    expected, _("记录 #%(seq)d 缺失") % {"seq": expected}, "missing"
                )
            elif row.prev_hash != previous:
                broken = ChainBreak(row.seq, _("前序哈希不符"), "predecessor")
            elif self.entry_hash(entry) != row.hash:
                broken = ChainBreak(row.seq, _("内容与哈希不符，记录被改动"), "altered")
            else:
                for checkpoint in by_seq.pop(row.seq, []):
                    if checkpoint.hash != row.hash:
                        broken = self._mismatch(row.seq, last_good + 1, checkpoint)
                        break
                    anchored.append(checkpoint)
                    last_good = row.seq
            if broken is not None:
                return ChainWalk(checked, broken, tuple(anchored), head_seq, head_hash)
            checked += 1
            expected += 1
            previous = row.hash
        last = expected - 1
        beyond = [c for cps in by_seq.values() for c in cps if c.seq > last]
        broken = None
        if last < head_seq:
            broken = ChainBreak(
                last + 1,
                _("链尾记录 #%(first)d–#%(last)d 缺失") % {"first": last + 1, "last": head_seq},
                "tail_missing",
            )
        elif previous != head_hash:
            broken = ChainBreak(last, _("链头哈希与末条记录不符"), "head_mismatch")
        elif beyond:
            broken = self._short(last, min(beyond, key=_seq))
        return ChainWalk(checked, broken, tuple(anchored), head_seq, head_hash)

    def _mismatch(self, seq: int, since: int, checkpoint: Checkpoint) -> ChainBreak:
        problem = _(
            "第 %(since)s–%(seq)s 条之间有记录被改写（哈希已重算）：第 %(seq)s 条的哈希与%(checkpoint)s不符"
        ) % {"since": since, "seq": seq, "checkpoint": checkpoint.describe()}
        return ChainBreak(seq, problem, "checkpoint_mismatch", checkpoint)

    def _short(self, last: int, checkpoint: Checkpoint) -> ChainBreak:
        problem = _(
            "链只到第 %(last)s 条，而%(checkpoint)s已记到第 %(seq)s 条：其后的记录被删除"
        ) % {
            "last": last,
            "checkpoint": checkpoint.describe(),
            "seq": checkpoint.seq,
        }
        return ChainBreak(last + 1, problem, "checkpoint_beyond", checkpoint)

    def verify(self, *, path: Path | None = None) -> ChainReport:
        """Verify the chain against every checkpoint: the file in ``BASHU_DATA_DIR`` and the
        copies the peers hold (one missing from the file is reported, and still anchors), or
        only ``path`` (e.g. a copy a peer kept)."""
        checkpoints, refused = checkpoints_read(self.name, path=path)
        if path is None:
            public = node_public_key()
            in_file = {(c.seq, c.hash, c.at) for c in checkpoints}
            for peer in checkpoint_peers():
                for source, record in peer.records(self.name):
                    found = checkpoint_check(record, chain=self.name, source=source, public=public)
                    if isinstance(found, CheckpointRefused):
                        refused.append(found)
                        continue
                    if (found.seq, found.hash, found.at) in in_file:
                        continue  # the same signed checkpoint as the file's
                    checkpoints.append(found)
                    refused.append(
                        CheckpointRefused(
                            source,
                            _("检查点文件中缺少这一检查点：文件被删改"),
                            "checkpoint_file_incomplete",
                        )
                    )
        walk = self.walk(checkpoints)
        return ChainReport(self.name, walk.checked, walk.broken, walk.anchored, tuple(refused))


def _seq(checkpoint: Checkpoint) -> int:
    return checkpoint.seq


# --- the registry: chains and peers, declared by each app in <app>/chains.py ---------------

_chains: dict[str, HashChain[Any]] = {}
_peers: dict[str, CheckpointPeer] = {}


@dataclass(frozen=True)
class CheckpointPeer:
    """Somewhere outside this database that keeps a copy of every checkpoint.

    ``send`` delivers a signed checkpoint record; ``records(chain)`` yields what the peer
    holds for that chain as ``(source, record)`` pairs, so verification can use them too.
    """

    name: str
    send: Callable[[dict[str, Any]], None]
    records: Callable[[str], Iterable[tuple[str, Any]]]


def chain_register(chain: HashChain[Any]) -> None:
    _chains[chain.name] = chain


def checkpoint_peer_register(peer: CheckpointPeer) -> None:
    _peers[peer.name] = peer


def chains() -> dict[str, HashChain[Any]]:
    """Every chain the installed apps declare, in the order the apps are installed."""
    autodiscover_modules("chains")
    return dict(_chains)


def checkpoint_peers() -> list[CheckpointPeer]:
    autodiscover_modules("chains")
    return list(_peers.values())


# --- the node key and the checkpoint file ---------------------------------------------------


def node_key_path() -> Path:
    return Path(settings.DATA_DIR) / "keys" / NODE_KEY_FILE


def node_key() -> Ed25519PrivateKey:
    """The node's checkpoint key, created on first use (mode 0600, never in the database).

    Written to a private temporary file and linked into place, so two processes starting
    at once end with one key and neither reads a half-written file.
    """
    path = node_key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pem)
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):  # another process was first: theirs
                os.link(temporary, path)
        finally:
            temporary.unlink()
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ChainError(f"{path} is not an Ed25519 key")
    return key


def _public_b64(key: Ed25519PrivateKey) -> str:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def node_public_key() -> str | None:
    """The node key's public half (base64 of the raw 32 bytes), never creating the key."""
    return _public_b64(node_key()) if node_key_path().exists() else None


def checkpoint_path(chain: str) -> Path:
    return Path(settings.DATA_DIR) / "checkpoints" / f"{chain}.jsonl"


def checkpoint_sign(*, chain: str, seq: int, hash: str, at: str) -> dict[str, Any]:
    """A checkpoint record signed by the node key over its canonical JSON (less the signature)."""
    key = node_key()
    record: dict[str, Any] = {
        "version": CHECKPOINT_VERSION,
        "chain": chain,
        "seq": seq,
        "hash": hash,
        "at": at,
        "key": _public_b64(key),
    }
    record["signature"] = base64.b64encode(key.sign(canonical(record))).decode("ascii")
    return record


_FIELDS: dict[str, type] = {
    "version": int,
    "chain": str,
    "seq": int,
    "hash": str,
    "at": str,
    "key": str,
    "signature": str,
}


def checkpoint_check(
    record: Any, *, chain: str, source: str, public: str | None
) -> Checkpoint | CheckpointRefused:
    """Accept a checkpoint record only if it is well formed, for ``chain``, and signed by
    this node's key, whose public half is ``public`` (``None``: there is no node key)."""
    if not isinstance(record, dict) or any(
        type(record.get(name)) is not kind for name, kind in _FIELDS.items()
    ):
        return CheckpointRefused(source, _("检查点格式不正确"), "malformed")
    if record["chain"] != chain:
        return CheckpointRefused(source, _("检查点属于另一条日志链"), "wrong_chain")
    if not public:
        return CheckpointRefused(source, _("节点密钥缺失，无法核验检查点的签名"), "no_node_key")
    if record["key"] != public:
        return CheckpointRefused(source, _("检查点由另一把密钥签名"), "unknown_key")
    unsigned = {name: value for name, value in record.items() if name != "signature"}
    try:
        Ed25519PublicKey.from_public_bytes(base64.b64decode(public)).verify(
            base64.b64decode(record["signature"], validate=True), canonical(unsigned)
        )
    except (InvalidSignature, ValueError, binascii.Error):
        return CheckpointRefused(source, _("检查点签名无效：检查点被改动"), "bad_signature")
    return Checkpoint(chain, record["seq"], record["hash"], record["at"], source)


def checkpoints_read(
    chain: str, *, path: Path | None = None
) -> tuple[list[Checkpoint], list[CheckpointRefused]]:
    """Every checkpoint in the chain's file, and every line that cannot be trusted."""
    path = path or checkpoint_path(chain)
    if not path.exists():
        return [], []
    public = node_public_key()
    found: list[Checkpoint] = []
    refused: list[CheckpointRefused] = []
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            source = _("%(file)s 第 %(line)s 行") % {"file": path.name, "line": number}
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            result = checkpoint_check(record, chain=chain, source=source, public=public)
            (refused if isinstance(result, CheckpointRefused) else found).append(result)  # type: ignore[arg-type]
    return found, refused


def _append_line(path: Path, line: str) -> None:
    """Append one line and flush it to disk; ``O_APPEND`` keeps concurrent lines whole."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def checkpoint_write(chain: HashChain[Any], *, force: bool = False) -> Checkpoint | None:
    """Sign the chain's head, append it to the checkpoint file and send it to every peer.

    Refuses (:class:`ChainError`) when the checkpoint file holds a line that cannot be
    trusted, or when the entries since the last checkpoint do not extend it (a rewrite since
    then). Only those entries are walked, so a periodic checkpoint costs what was appended
    since the last one. Returns ``None`` (nothing written) when nothing but checkpoints was
    appended since the last one, unless ``force``.
    """
    existing, refused = checkpoints_read(chain.name)
    if refused:
        raise ChainError(f"{refused[0].source}: {refused[0].problem}")
    last = max(existing, key=_seq, default=None)
    if last is not None and not force and not chain.has_news(after=last.seq):
        return None
    walk = chain.walk(since=last)
    if walk.broken is not None:
        raise ChainError(f"#{walk.broken.seq}: {walk.broken.problem}")
    at = timezone.now().astimezone(dt.UTC)
    record = checkpoint_sign(
        chain=chain.name,
        seq=walk.head_seq,
        hash=walk.head_hash,
        at=at.isoformat(timespec="seconds"),
    )
    path = checkpoint_path(chain.name)
    _append_line(path, json.dumps(record, sort_keys=True) + "\n")
    for peer in checkpoint_peers():
        peer.send(record)
    return Checkpoint(chain.name, walk.head_seq, walk.head_hash, record["at"], str(path))
