"""write_atomic: replace-if-changed, so unchanged feeds keep their ETag and Last-Modified."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from feeds import write_atomic


def test_creates_then_leaves_identical_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "story.atom"
    assert write_atomic(path, b"<feed/>") is True
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    inode = path.stat().st_ino
    assert write_atomic(path, b"<feed/>") is False
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert path.stat().st_ino == inode
    assert list(tmp_path.iterdir()) == [path]  # no temp file left behind


def test_replaces_changed_file_atomically(tmp_path: Path) -> None:
    path = tmp_path / "story.atom"
    path.write_bytes(b"old")
    os.chmod(path, 0o640)
    inode = path.stat().st_ino
    assert write_atomic(path, b"new") is True
    assert path.read_bytes() == b"new"
    assert path.stat().st_ino != inode  # a new file renamed over the old: readers see old or new, never half
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # the existing mode is kept
    assert list(tmp_path.iterdir()) == [path]


def test_new_files_are_world_readable(tmp_path: Path) -> None:
    path = tmp_path / "story.atom"
    write_atomic(path, b"x")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # a static web server must be able to read it


def test_failure_leaves_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "story.atom"
    path.write_bytes(b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk on fire"):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [path]
