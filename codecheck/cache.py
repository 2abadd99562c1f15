"""A cache folder for results, which codecheck treats as untrusted input like everything else it reads.

A warm re-run on an unchanged tree costs reading the files and one entry
(as ruff's and mypy's caches do), but the folder may come from anywhere: a CI
cache restored from another branch, a shared machine. So:

* an entry is valid only with an HMAC-SHA256 under a secret key of 32 random
  bytes kept outside the cache folder, in the user's own config folder
  ($XDG_CONFIG_HOME/codecheck/cache-key, mode 0600): an entry codecheck did
  not write, or one that was changed, is a miss, never a result;
* entries are named by the digest of their key, opened relative to the folder
  without following a symbolic link, only as regular files, and bounded in
  size: nothing outside the folder is read, and nothing blocks;
* anything wrong (a corrupt entry, an unreadable folder or key, a full disk)
  is a miss or a skipped write: the cache never changes a result and never
  stops a run.

The folder is $CODECHECK_CACHE_DIR, else $XDG_CACHE_HOME/codecheck, else
~/.cache/codecheck; CODECHECK_CACHE_DIR="" (or --no-cache) turns it off.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import secrets
import stat
from typing import Any

MAX_ENTRY_BYTES = 256 * 1024 * 1024
"""Largest entry read: the results of 100,000 documents take about 15 MB."""

KEPT_ENTRIES = 16
"""Entries of one kind kept; the oldest are removed when a new one is written."""

_KEY_BYTES = 32
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


_off: list[bool] = []


def turn_off(off: bool = True) -> None:
    """No cache for this run (--no-cache), or the cache again (each command says which)."""
    _off[:] = [True] if off else []


def folder() -> str | None:
    """The cache folder the environment names, or None when the cache is off."""
    if _off:
        return None
    chosen = os.environ.get("CODECHECK_CACHE_DIR")
    if chosen is not None:
        return chosen or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "codecheck")


def _key_file() -> str:
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return os.path.join(base, "codecheck", "cache-key")


def _secret() -> bytes | None:
    """The user's cache key, made on first use; None when it cannot be had, or could be someone else's."""
    path = _key_file()
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return _new_secret(path)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077 or info.st_uid != os.getuid():
            return None  # a key others could read or write would let them forge entries
        data = os.read(fd, _KEY_BYTES + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) == _KEY_BYTES else None


def _new_secret(path: str) -> bytes | None:
    key = secrets.token_bytes(_KEY_BYTES)
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    except OSError:
        return None
    try:
        os.write(fd, key)
    except OSError:
        return None
    finally:
        os.close(fd)
    return key


class Store:
    """The entries of one cache folder, each a JSON value under a key of bytes."""

    def __init__(self, path: str, secret: bytes) -> None:
        self.path, self._secret = path, secret

    @classmethod
    def open(cls) -> Store | None:
        """The store of folder(), made if needed; None when the cache is off or cannot be used."""
        path = folder()
        if path is None:
            return None
        secret = _secret()
        if secret is None:
            return None
        try:
            os.makedirs(path, mode=0o700, exist_ok=True)
        except OSError:
            return None
        return cls(path, secret)

    def _name(self, kind: str, key: bytes) -> str:
        return kind + "-" + hashlib.sha256(kind.encode() + b"\0" + key).hexdigest() + ".json"

    def _mac(self, name: str, body: bytes) -> str:
        return hmac.new(self._secret, name.encode() + b"\0" + body, hashlib.sha256).hexdigest()

    def get(self, kind: str, key: bytes) -> Any:
        """The value stored under `key`, or None: missing, unreadable, not written by codecheck, or not JSON."""
        name = self._name(kind, key)
        data = self._read(name)
        if data is None or len(data) < 65 or data[64:65] != b"\n":
            return None
        mac, body = data[:64], data[65:]
        if not hmac.compare_digest(mac, self._mac(name, body).encode()):
            return None
        try:
            return json.loads(body)
        except ValueError:  # UnicodeDecodeError and JSONDecodeError included
            return None

    def _read(self, name: str) -> bytes | None:
        try:
            where = os.open(self.path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            return None
        try:
            fd = os.open(name, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK, dir_fd=where)
        except OSError:
            return None
        finally:
            os.close(where)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
                return None
            with open(fd, "rb", closefd=False) as handle:
                data = handle.read(MAX_ENTRY_BYTES + 1)
            return data if len(data) <= MAX_ENTRY_BYTES else None
        except OSError:
            return None
        finally:
            os.close(fd)

    def put(self, kind: str, key: bytes, value: Any) -> None:
        """Store `value` under `key`, atomically; a folder that cannot be written is left as it is."""
        name = self._name(kind, key)
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
        if len(body) > MAX_ENTRY_BYTES:
            return
        temporary = f".{name}.{secrets.token_hex(8)}"
        try:
            where = os.open(self.path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError:
            return
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=where)
            try:
                with open(fd, "wb", closefd=False) as handle:
                    handle.write(self._mac(name, body).encode() + b"\n" + body)
            finally:
                os.close(fd)
            os.replace(temporary, name, src_dir_fd=where, dst_dir_fd=where)
            self._prune(kind, where)
        except OSError:
            try:
                os.unlink(temporary, dir_fd=where)
            except OSError:
                pass
        finally:
            os.close(where)

    def _prune(self, kind: str, where: int) -> None:
        """Keep the newest KEPT_ENTRIES of `kind`; only names codecheck writes are removed."""
        entries = []
        for name in os.listdir(where):
            if name.startswith(kind + "-") and name.endswith(".json") and len(name) == len(kind) + 70:
                try:
                    entries.append((os.stat(name, dir_fd=where, follow_symlinks=False).st_mtime_ns, name))
                except OSError:
                    continue
        for _, name in sorted(entries)[:-KEPT_ENTRIES]:
            try:
                os.unlink(name, dir_fd=where)
            except OSError:
                continue


def digest(*parts: object) -> bytes:
    """A key from parts that repr() tells apart: the same parts, the same key."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.digest()


_LIBRARIES = ("yaml", "yaml._yaml", "regex", "jsonschema_rs", "jsonschema")
"""The libraries whose version can change what codecheck reads or reports."""


@functools.cache
def installation(modules: tuple[str, ...] | None = None) -> bytes:
    """A key for everything installed that could change a result.

    codecheck's own files (by name, size and modification time, so that an
    edited checkout is a new key), the libraries it reads with, Python, and
    the value of every bound and setting that `modules` (default: every
    module of codecheck loaded) hold as a constant: a wrapper may change them
    for one run, as docs/limits.md says.
    """
    import sys

    package = os.path.dirname(os.path.abspath(__file__))
    files = []
    for root, dirs, names in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(names):
            if not name.endswith(".pyc"):
                files.append(_stat(os.path.join(root, name)))
    libraries = [(name, _stat(getattr(sys.modules.get(name), "__file__", None) or "")) for name in _LIBRARIES]
    constants = sorted(
        (module, name, value)
        for module, loaded in list(sys.modules.items())
        if (module in modules if modules is not None else module.startswith("codecheck."))
        for name, value in list(vars(loaded).items())
        if name.isupper() and isinstance(value, (int, float, str, bool))
    )
    from codecheck import __version__

    return digest(__version__, sys.version, files, libraries, constants)


def _stat(path: str) -> tuple[str, int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (path, -1, -1)
    return (path, info.st_size, info.st_mtime_ns)
