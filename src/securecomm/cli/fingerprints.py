"""`securecomm fingerprints ...`: the fingerprint engine from the command line.

Each command lives in its own module and is added to the group below, one line each.
"""

from __future__ import annotations

import click

from securecomm.cli.fingerprint_compare import compare_command
from securecomm.cli.fingerprint_evaluate import evaluate_command
from securecomm.cli.fingerprint_extract import extract_command
from securecomm.cli.fingerprint_synth import synth

__all__ = ["group"]


@click.group(name="fingerprints")
def group() -> None:
    """Extract, compare, evaluate and synthesise fingerprints."""


group.add_command(synth)
group.add_command(extract_command)
group.add_command(compare_command)
group.add_command(evaluate_command)
