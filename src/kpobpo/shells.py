"""The shell side of completion: the scripts `kpobpo completion SHELL` prints,
and the answers kpobpo gives them.

A script asks kpobpo itself what to complete: it runs `kpobpo` with
`_KPOBPO_COMPLETE=complete_SHELL` and the command line so far in the
environment, and kpobpo answers with one completion a line, from the same
Click/Typer machinery that parses the options (commands, options, choices)
and from `kpobpo.completion` (answers, weights, services). Only that run
imports this module; an ordinary start pays nothing for completion.

zsh and fish use Typer's scripts and protocol; zsh's answers add no space
after a `QUESTION=` (Typer's would), so the option can be typed next. bash gets its own:
Typer's sends bash's words, which bash splits at `=` and `:`, so
`-a expertise=sp` would reach kpobpo as three words. This one sends the line
up to the cursor and answers with the part of each completion after the last
character bash breaks words at, as bash expects; a lone `QUESTION=` answer
gets no space after it, so the option can be typed next.
"""

from __future__ import annotations

import os
import shlex
from typing import Any

from typer import _completion_classes as typer_shells

try:  # Typer vendors Click since 0.2x; before, it used Click itself
    from typer._click import shell_completion
except ImportError:  # pragma: no cover
    from click import shell_completion  # type: ignore[no-redef, import-not-found, unused-ignore]

#: The shells `kpobpo completion` writes a script for.
SHELLS = ("bash", "zsh", "fish")
#: The environment variable that asks kpobpo for completions (Typer's name for it).
COMPLETE_VAR = "_KPOBPO_COMPLETE"
#: Where bash breaks words when the script cannot tell (bash's default COMP_WORDBREAKS).
WORDBREAKS = "\"'><=;|&(:"

_BASH_SCRIPT = """\
%(complete_func)s() {
    local IFS=$'\\n'
    COMPREPLY=( $( env %(autocomplete_var)s=complete_bash \\
                   _KPOBPO_COMPLETE_LINE="${COMP_LINE:0:COMP_POINT}" \\
                   _KPOBPO_WORDBREAKS="$COMP_WORDBREAKS" \\
                   "$1" 2>/dev/null ) )
    if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]]; then
        compopt -o nospace 2>/dev/null
    fi
    return 0
}

complete -o default -F %(complete_func)s %(prog_name)s
"""


class BashComplete(typer_shells.BashComplete):
    """bash completion from the line up to the cursor, answered as bash splits words."""

    source_template = _BASH_SCRIPT

    def source(self) -> str:
        """The script (without Typer's check of the bash version, which runs bash)."""
        return self.source_template % self.source_vars()

    def get_completion_args(self) -> tuple[list[str], str]:
        """The words before the one being completed, and that word."""
        line = os.environ.get("_KPOBPO_COMPLETE_LINE", "")
        words = shell_completion.split_arg_string(line)[1:]
        if words and not line[-1:].isspace():
            return words[:-1], words[-1]
        return words, ""

    def complete(self) -> str:
        """One completion a line, each the part bash replaces: after the typed word's
        last word-breaking character."""
        args, incomplete = self.get_completion_args()
        breaks = os.environ.get("_KPOBPO_WORDBREAKS") or WORDBREAKS
        cut = max((incomplete.rfind(char) for char in breaks), default=-1) + 1
        option = _option_prefix(incomplete)
        lines = []
        for item in self.get_completions(args, incomplete):
            word = item.value if item.value.startswith(incomplete) else option + item.value
            lines.append(word[cut:])
        return "\n".join(lines)


def _option_prefix(incomplete: str) -> str:
    """`--answer=` of `--answer=exp`: Click completes only the value after it."""
    return incomplete.partition("=")[0] + "=" if incomplete.startswith("-") else ""


class ZshComplete(typer_shells.ZshComplete):
    """Typer's zsh completion, but `QUESTION=` answers take no space after them,
    and `--answer=exp` keeps its option."""

    def complete(self) -> str:
        """A zsh command that offers the completions (Typer's, or `compadd -S ''`)."""
        args, incomplete = self.get_completion_args()
        items = self.get_completions(args, incomplete)
        option = _option_prefix(incomplete)
        for item in items:
            if not item.value.startswith(incomplete):
                item.value = option + item.value
        if not items:
            return "_files"
        if all(item.value.endswith("=") for item in items):
            return "compadd -S '' -- " + " ".join(shlex.quote(item.value) for item in items)
        offered = "\n".join(self.format_completion(item) for item in items)
        return f"_arguments '*: :(({offered}))'"


def register() -> None:
    """Make kpobpo's shells the ones Typer's completion protocol answers for."""
    typer_shells.completion_init()
    shell_completion.add_completion_class(BashComplete, "bash")
    shell_completion.add_completion_class(ZshComplete, "zsh")


def script(command: Any, shell: str) -> str:
    """The completion script for `shell` (one of `SHELLS`), to be sourced by it."""
    register()
    shell_class = shell_completion.get_completion_class(shell)
    assert shell_class is not None, shell
    return shell_class(command, {}, "kpobpo", COMPLETE_VAR).source().strip() + "\n"
