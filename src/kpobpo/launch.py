"""The `kpobpo` console script's entry point.

`kpobpo --version` is answered here, before the CLI framework is imported: it
is the command scripts and package managers run most often to probe a tool.
Everything else goes to the Typer application in `kpobpo.cli`.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run kpobpo with the process's arguments."""
    if sys.argv[1:] == ["--version"]:
        from kpobpo import __version__

        sys.stdout.write(f"kpobpo {__version__}\n")
        return
    from kpobpo.cli import main as cli_main

    cli_main()
