"""The `securecomm` command line: one entry point, a sub-command group per area.

Sub-commands are imported only when invoked, so `securecomm rules ...` never pays for NumPy or the
database. Conventions every command keeps:

* `--json` prints exactly one JSON object on stdout and nothing else; progress and logs go to stderr;
* bad input exits with status 2 and one line on stderr naming what is wrong and where.
"""

from __future__ import annotations

import importlib
import sys

import click

from securecomm import __version__
from securecomm.errors import BadInput

__all__ = ["cli", "main"]

# name -> ("module:attribute", one-line help). Add a line here when a new area gets a command.
COMMANDS: dict[str, tuple[str, str]] = {
    "rules": ("securecomm.cli.rules:group", "Legal rules: hold deadlines, classification, consular, catalog."),
    "fingerprints": ("securecomm.cli.fingerprints:group", "Fingerprint engine: extract, compare, evaluate, synth."),
    "nist": ("securecomm.cli.nist:group", "ANSI/NIST-ITL transactions: read, write, validate."),
    "oversight": ("securecomm.cli.oversight:group", "Quarterly statistical monitoring of jurisdictions."),
    "training": ("securecomm.cli.training:group", "Training briefings: list, export, completion per agency."),
    "notices": ("securecomm.cli.notices:group", "Detainer copies and consular notification documents as PDF."),
    "users": ("securecomm.cli.web:users", "Web accounts: add and list (argon2 hashes; password on stdin)."),
    "demo-users": ("securecomm.cli.web:demo_users", "Create or reset the demo accounts of every role, county and AOR."),
    "serve": ("securecomm.cli.web:serve", "Serve the web application and its JSON API (uvicorn)."),
    "audit": ("securecomm.cli.web:audit", "The audit trail: verify its hash chain and print the head hash."),
    "complaints": ("securecomm.cli.complaints:group", "Civil-rights complaints: languages, letters, queue, counts, protection."),
    "detainers": ("securecomm.cli.detainers:group", "Detainers and the jail's hold board: list, due, board, live watch."),
    "consular": ("securecomm.cli.consular:group", "Consular notification: pending tasks, staff acts, what was sent."),
    "run": ("securecomm.cli.run:run", "Build the demo world, create demo accounts, show the hold board, serve."),
    "simulate": ("securecomm.cli.flow:simulate", "Build or continue a synthetic world and run every booking through the flow."),
    "status": ("securecomm.cli.flow:status", "Counts per stage, ground truth and invariants of a database."),
    "submit": ("securecomm.cli.flow:submit", "Submit an ANSI/NIST-ITL criminal ten-print (CAR) file into the flow."),
    "jurisdictions": ("securecomm.cli.flow:jurisdictions", "Counties: activation, field office, IDR choice."),
}  # fmt: skip


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            target, _ = COMMANDS[cmd_name]
            module_name, attribute = target.split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{target} is not a click command")
            return command
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_text) for name, (_, help_text) in sorted(COMMANDS.items())]
        rows += [
            (name, (cmd.get_short_help_str(80)))
            for name in super().list_commands(ctx)
            if (cmd := super().get_command(ctx, name)) is not None
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(sorted(rows))


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="securecomm")
def cli() -> None:
    """securecomm: Secure Communities, end to end, with its safeguards (synthetic data only)."""


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; map bad input to exit status 2 with one line on stderr."""
    try:
        cli.main(args=argv, prog_name="securecomm", standalone_mode=False)
    except BadInput as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    except click.UsageError as error:
        where = f" ({error.ctx.command_path})" if error.ctx is not None else ""
        click.echo(f"error{where}: {error.format_message()}", err=True)
        sys.exit(2)
    except click.ClickException as error:
        click.echo(f"error: {error.format_message()}", err=True)
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
    except BrokenPipeError:
        sys.exit(1)
