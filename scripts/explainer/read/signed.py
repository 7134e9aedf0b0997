"""Files that only this machine's user can have written: each carries an HMAC-SHA256 made
with a random key kept beside them (0600, in a 0700 folder of the user's own), checked
before anything is read from it. The parsed files (diskcache.py) and the quotes' places
(check/quotecache.py) are kept so; a file that fails the check is as good as absent.
"""

from __future__ import annotations

import hmac
import os
import secrets
import stat
import tempfile
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

KEY_BYTES, MAC_BYTES = 32, 32


@dataclass(frozen=True)
class DiskCache:
    folder: Path  # the files of one content folder, working directory and code version
    key: bytes


def private_folder(path: Path) -> None:
    """Create the folder 0700; refuse one that is not ours or that others may write."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.stat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o022:
        raise PermissionError(f"{path}: not a private folder")


def machine_key(path: Path) -> bytes | None:
    """The machine's key: created once, 0600, never half-written (linked into place, which
    fails if another process made it first). A garbled key is replaced; an unreadable one
    means no cache."""
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except _Garbled:
        remove(path)
    except OSError:
        return None
    _create_key(path)
    try:
        return _read_key(path)
    except (OSError, _Garbled):
        return None


class _Garbled(Exception):
    pass


def _read_key(path: Path) -> bytes:
    if path.is_symlink():
        raise _Garbled
    with open(path, "rb") as file:
        info = os.fstat(file.fileno())
        key = file.read(KEY_BYTES + 1)
    if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077 or len(key) != KEY_BYTES:
        raise _Garbled
    return key


def _create_key(path: Path) -> None:
    with suppress(OSError):
        temporary = write_private(path.parent, secrets.token_bytes(KEY_BYTES))
        try:
            os.link(temporary, path)  # O_EXCL's guarantee, and the key is whole when it appears
        except FileExistsError:
            pass
        finally:
            remove(temporary)


def read_signed(disk: DiskCache, name: str) -> bytes | None:
    """The bytes this cache wrote under `name` (write_signed), if its HMAC is right; else None."""
    path = disk.folder / name
    try:
        if path.is_symlink():
            return None
        blob = memoryview(path.read_bytes())
    except OSError:
        return None
    mac, payload = blob[:MAC_BYTES], blob[MAC_BYTES:]
    if len(mac) != MAC_BYTES or not hmac.compare_digest(mac, hmac.new(disk.key, payload, "sha256").digest()):
        return None
    return bytes(payload)


def write_signed(disk: DiskCache, name: str, payload: bytes) -> None:
    """Keep `payload` under `name`, signed; a full disk means no cache, never a failed build."""
    mac = hmac.new(disk.key, payload, "sha256").digest()
    with suppress(OSError):
        temporary = write_private(disk.folder, mac + payload)
        try:
            os.replace(temporary, disk.folder / name)
        except OSError:
            remove(temporary)


def write_private(folder: Path, data: bytes) -> Path:
    """A new 0600 file in the folder holding data (mkstemp: O_EXCL, 0600)."""
    handle, name = tempfile.mkstemp(dir=folder, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
    except OSError:
        remove(Path(name))
        raise
    return Path(name)


def remove(path: Path) -> None:
    with suppress(OSError):
        path.unlink()
