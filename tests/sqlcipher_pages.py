"""Read an SQLCipher 4 file (or its write-ahead log) page by page with the raw data key, free
pages included, so a test can grep what is really on disk, not what SQL still shows.

SQLCipher 4 with a raw 256-bit key: pages of 4096 bytes, each AES-256-CBC encrypted with that
key, with 80 reserved bytes at the end (16 bytes IV, then the 64-byte HMAC-SHA512); page 1 starts
with the 16-byte salt instead of the SQLite header. The WAL has a 32-byte header, then frames
of a 24-byte header (page number first) and one encrypted page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher
from cryptography.hazmat.primitives.ciphers import algorithms
from cryptography.hazmat.primitives.ciphers import modes

PAGE = 4096
RESERVE = 80
IV = 16


def decrypt_page(page: bytes, number: int, key: bytes) -> bytes:
    """One page in plain text (page 1 without its salt)."""
    start = 16 if number == 1 else 0
    iv = page[PAGE - RESERVE : PAGE - RESERVE + IV]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(page[start : PAGE - RESERVE]) + decryptor.finalize()


def database_pages(path: Path, key: bytes) -> Iterator[bytes]:
    """Every page of the database file, decrypted."""
    data = path.read_bytes()
    for i in range(0, len(data) - PAGE + 1, PAGE):
        yield decrypt_page(data[i : i + PAGE], i // PAGE + 1, key)


def wal_pages(path: Path, key: bytes) -> Iterator[bytes]:
    """Every page in the write-ahead log's frames, decrypted (none when it is empty)."""
    if not path.exists():
        return
    data = path.read_bytes()
    offset = 32
    while offset + 24 + PAGE <= len(data):
        number = int.from_bytes(data[offset : offset + 4], "big")
        yield decrypt_page(data[offset + 24 : offset + 24 + PAGE], number, key)
        offset += 24 + PAGE


def plain_bytes(path: Path, key: bytes) -> bytes:
    """The decrypted pages of ``path`` and of its ``-wal``, one after the other."""
    pages = list(database_pages(path, key)) + list(wal_pages(Path(f"{path}-wal"), key))
    return b"".join(pages)
