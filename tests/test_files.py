"""Reading only regular files, with a cap; writing whole or not at all, never over what it should not."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from aichoice.errors import AichoiceError
from aichoice.files import NotRegularFile, open_atomic, read_capped, write_atomic
from tests.conftest import HANG_SECONDS


def test_regression_a_fifo_is_refused_at_once_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    start = time.perf_counter()
    with pytest.raises(NotRegularFile, match="FIFO"):
        read_capped(fifo, 100)
    assert time.perf_counter() - start < HANG_SECONDS


def test_regression_a_device_behind_a_symlink_is_not_read(tmp_path: Path) -> None:
    link = tmp_path / "scoring.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(NotRegularFile, match="device"):
        read_capped(link, 100)


def test_reads_stop_one_byte_past_the_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * 5000)
    assert len(read_capped(big, 100)) == 101
    assert read_capped(big, 10_000) == b"x" * 5000
    with pytest.raises(IsADirectoryError):
        read_capped(tmp_path, 10)


@pytest.mark.parametrize("kind", ["fifo", "symlink-to-device"])
def test_regression_force_replaces_only_regular_files(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "report.md"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/null")
    with pytest.raises(AichoiceError, match="replaces only regular files"):
        write_atomic(target, "text", force=True)
    assert not target.is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # no temporary file left


def test_regression_a_dangling_symlink_counts_as_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.symlink_to(tmp_path / "nowhere")
    with pytest.raises(AichoiceError, match="already exists"):
        write_atomic(target, "text")
    write_atomic(target, "text", force=True)
    assert target.read_text() == "text" and not target.is_symlink()


def test_regression_new_files_follow_the_umask_and_replaced_files_keep_their_mode(tmp_path: Path) -> None:
    old = os.umask(0o002)
    try:
        write_atomic(tmp_path / "new.md", "x")
        assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o664
        kept = tmp_path / "kept.md"
        kept.write_text("old")
        kept.chmod(0o640)
        write_atomic(kept, "new", force=True)
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text() == "new"
    finally:
        os.umask(old)


def test_regression_a_file_that_appears_meanwhile_is_never_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    with pytest.raises(AichoiceError, match="appeared while"):
        with open_atomic(target) as out:
            out.write("mine")
            target.write_text("another process's report")  # a racing writer took the name first
    assert target.read_text() == "another process's report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_an_interrupted_write_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt):
        with open_atomic(tmp_path / "report.md") as out:
            out.write("half")
            raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_regression_append_block_keeps_a_summary_ending_in_a_non_ascii_character(tmp_path: Path, capsys) -> None:
    from aichoice.files import append_block

    summary = tmp_path / "summary.md"
    summary.write_bytes("### Tests ✅".encode())
    append_block(str(summary), "### aichoice\n", "GITHUB_STEP_SUMMARY")
    assert summary.read_bytes().decode() == "### Tests ✅\n### aichoice\n"
    append_block(str(summary), "again\n", "GITHUB_STEP_SUMMARY")  # ends in a newline: none added
    assert summary.read_bytes().decode().endswith("### aichoice\nagain\n")
    fresh = tmp_path / "new.md"
    append_block(str(fresh), "first\n", "GITHUB_STEP_SUMMARY")
    assert fresh.read_text() == "first\n" and capsys.readouterr().err == ""


def test_regression_append_block_to_a_fifo_warns_at_once_and_never_blocks(tmp_path: Path, capsys) -> None:
    from aichoice.files import append_block

    fifo = tmp_path / "summary.md"
    os.mkfifo(fifo)
    start = time.perf_counter()
    append_block(str(fifo), "text\n", "GITHUB_STEP_SUMMARY")
    assert time.perf_counter() - start < HANG_SECONDS and "a FIFO, not a regular file" in capsys.readouterr().err


def test_regression_same_file_compares_files_not_spellings(tmp_path: Path) -> None:
    from aichoice.files import same_file, within

    original = tmp_path / "team.yaml"
    original.write_text("x")
    os.link(original, tmp_path / "hard.yaml")
    (tmp_path / "link.yaml").symlink_to(original)
    (tmp_path / "alias").symlink_to(tmp_path)
    for other in ("hard.yaml", "link.yaml", "./team.yaml", "alias/team.yaml"):
        assert same_file(tmp_path / other, original), other
    assert same_file(tmp_path / "new.md", tmp_path / "." / "new.md")  # neither exists yet: the same path
    assert not same_file(tmp_path / "new.md", original)
    assert within(tmp_path, tmp_path / "alias" / "deeper" / "x.yaml")
    assert not within(tmp_path / "alias", tmp_path / "..") and not within(tmp_path / "deeper", original)


def test_reports_and_saved_answers_are_written_where_os_fchmod_is_missing(tmp_path: Path, monkeypatch) -> None:
    """Windows Python 3.10 to 3.12 has no os.fchmod, nor O_NONBLOCK or O_NOCTTY: --report and
    --save go through open_atomic and read_capped, which must do without them."""
    from typer.testing import CliRunner

    from aichoice import files
    from aichoice.cli import app
    from tests.conftest import EXAMPLES

    monkeypatch.delattr(os, "fchmod")
    monkeypatch.setattr(files, "_READ_FLAGS", os.O_RDONLY)
    report, saved = tmp_path / "report.md", tmp_path / "saved.yaml"
    result = CliRunner().invoke(app, ["assess", "-a", str(EXAMPLES / "design-studio.yaml"), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert report.read_text(encoding="utf-8").startswith("# AI adoption assessment")
    write_atomic(saved, "project: x\n")
    assert read_capped(saved, 100) == b"project: x\n"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o666 & ~_umask_now()


def _umask_now() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
