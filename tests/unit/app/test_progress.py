"""Long work shows progress: in a log (no terminal) each stage is a line when it starts, now and then, and
when it is done, never a bar's control characters."""

from __future__ import annotations

import pytest

from securecomm.cli._common import stage_progress


def test_progress_in_a_log_is_one_line_per_stage_start_and_end(capsys: pytest.CaptureFixture[str]) -> None:
    with stage_progress() as report:
        for done in range(101):
            report("seeding 06037", done, 100)
        report("days delivered", 1, 2)
        report("days delivered", 2, 2)
        report("days delivered", 2, 2)
    lines = capsys.readouterr().err.splitlines()
    assert [line.split("] ", 1)[1] for line in lines] == [
        "seeding 06037: 0/100",
        "seeding 06037: 100/100",
        "days delivered: 1/2",
        "days delivered: 2/2",
    ]
    assert all("\x1b" not in line for line in lines)
