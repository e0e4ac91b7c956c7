from __future__ import annotations

import subprocess
import sys

import pytest

from securecomm.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "securecomm", *args], capture_output=True, text=True, check=False
    )


def test_version_and_help_list_the_areas() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert "rules" in result.stdout


def test_unknown_command_is_one_line_and_exit_2() -> None:
    result = run_cli("no-such-command")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no-such-command" in result.stderr


def test_main_maps_bad_input_to_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["rules", "hold-deadline", "--form", "I-999", "--release-at", "2012-02-17T08:00", "--tz", "UTC"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "I-999" in err
