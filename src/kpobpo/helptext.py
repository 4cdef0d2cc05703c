"""How the command line presents itself: help, examples and the framework's usage errors.

- Commands are listed in the order people use them (`COMMAND_ORDER`), not
  alphabetically, and each summary is shown whole, wrapped rather than cut.
- Each command's help ends with a few examples (`examples`), kept as written.
- A usage line reads `kpobpo portfolio [OPTIONS] FILE`, one metavar style.
- A usage error found by the framework (an unknown option, a missing value,
  a bad choice) reads like kpobpo's own: `error: ...` and a hint line
  (`usage_error`), exit 2.

Imported at every start, so it imports only what the CLI framework already has.
"""

from __future__ import annotations

import sys
from typing import Any

import typer
import typer.core

try:  # Typer vendors Click since 0.2x; before, it used Click itself
    from typer import _click
except ImportError:  # pragma: no cover
    import click as _click  # type: ignore[no-redef, import-not-found, unused-ignore]

#: The commands in the order `kpobpo --help` lists them; any other follows.
COMMAND_ORDER = (
    "assess",
    "compare",
    "questions",
    "services",
    "portfolio",
    "criteria",
    "completion",
    # criteria's own commands
    "init",
    "validate",
    "diff",
    "path",
)
#: `-h` works wherever `--help` does.
CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}


def examples(*commands: str) -> str:
    """An epilog listing example command lines, kept line by line (Click's \\b)."""
    return "\b\nExamples:\n" + "\n".join(f"  {command}" for command in commands)


class Group(typer.core.TyperGroup):
    """A command group that lists its commands in `COMMAND_ORDER`, summaries whole."""

    def list_commands(self, ctx: _click.Context) -> list[str]:
        """The command names in `COMMAND_ORDER`, then the others in definition order."""
        rank = {name: place for place, name in enumerate(COMMAND_ORDER)}
        names = list(self.commands)
        return sorted(names, key=lambda name: (rank.get(name, len(rank)), names.index(name)))

    def format_commands(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        """The commands with their whole summaries (wrapped, never cut short with ...)."""
        rows = [
            (name, _summary(command))
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class Command(typer.core.TyperCommand):
    """A command whose usage line shows a required argument as FILE, not {FILE}."""

    def collect_usage_pieces(self, ctx: _click.Context) -> list[str]:
        """The usage pieces, required arguments without Typer's braces."""
        return [
            piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece
            for piece in super().collect_usage_pieces(ctx)
        ]


def _summary(command: _click.Command) -> str:
    """A command's short help, or the first paragraph of its help, whole."""
    text = command.short_help or (command.help or "").split("\n\n")[0]
    return " ".join(text.split())


def usage_error(error: _click.exceptions.UsageError, command: str = "kpobpo") -> list[str]:
    """kpobpo's message for a usage error found by the framework: what is wrong
    (its first letter lowered, as in kpobpo's own), then where to read more.

    `command` is the command line's command, for errors that do not know theirs
    (the parser's own, such as an option given without its value).
    """
    message = error.format_message().strip()
    message = message[:1].lower() + message[1:]
    path = error.ctx.command_path if error.ctx is not None else command
    return [f"error: {message}", f"  see: {path} --help"]


def run(application: typer.Typer, command: str) -> int:
    """Run `application` with the process's arguments; its exit code.

    Usage errors the framework finds (an unknown option, a missing value, a
    bad choice) read like kpobpo's own: `error: ...`, a hint, exit 2. A bare
    `kpobpo` (or `kpobpo criteria`) prints its help on stdout and exits 0.
    `command` is the command line's command, for the hint.
    """
    exceptions = _click.exceptions
    try:
        code = application(prog_name="kpobpo", standalone_mode=False)
    except exceptions.NoArgsIsHelpError as bare:
        sys.stdout.write(bare.ctx.get_help() + "\n")
        return 0
    except exceptions.UsageError as wrong:
        from kpobpo.messages import print_messages

        print_messages(usage_error(wrong, command), "red")
        return wrong.exit_code
    except exceptions.ClickException as failed:  # pragma: no cover - kpobpo opens its own files
        from kpobpo.messages import print_messages

        print_messages([f"error: {failed.format_message()}"], "red")
        return failed.exit_code
    except typer.Abort:  # pragma: no cover - the commands catch Ctrl-C and Ctrl-D
        return 130
    return code if isinstance(code, int) else 0
