"""The interactive questionnaire: one question at a time, then a review.

Plain prompts, one line each, so it works in any terminal and with a screen
reader. `ask` is whatever reads a line (Rich's `Console.input` in real use),
which keeps the session testable without a terminal. Ctrl-C and end of input
propagate as KeyboardInterrupt and EOFError for the caller to handle.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.text import Text

from kpobpo.answers import NOT_SURE, AnswerMismatch, match_option
from kpobpo.model import Criteria, Question
from kpobpo.render.text import clean, one_line

Ask = Callable[[Text], str]
_BACK = frozenset({"b", "back", "<"})
_HELP = frozenset({"?", "h", "help"})
_SKIP = frozenset({"s", "skip", "not sure", "n/a"})


class _Back(Exception):
    pass


class Session:
    """Asks every question, lets the user go back, and reviews before scoring."""

    def __init__(
        self,
        criteria: Criteria,
        console: Console,
        ask: Ask,
        prefilled: dict[str, str | None] | None = None,
    ) -> None:
        self.criteria = criteria
        self.console = console
        self.ask = ask
        self.answers: dict[str, str | None] = dict(prefilled or {})

    def run(self) -> dict[str, str | None]:
        """Run the whole session and return the answers (None = not sure)."""
        questions = self.criteria.questions
        self.console.print(Text(one_line(self.criteria.title), style="bold"))
        self.console.print(
            f"{len(questions)} questions. Type an option's number or id; "
            "? for help, s if not sure, b to go back."
        )
        index = 0
        while index < len(questions):
            try:
                self.answers[questions[index].id] = self.question(index)
            except _Back:
                if index == 0:
                    self.console.print("This is the first question.", style="yellow")
                else:
                    index -= 1
                continue
            index += 1
        self.review()
        return self.answers

    def question(self, index: int, *, allow_back: bool = True) -> str | None:
        """Ask question `index` until it gets a valid answer; None means not sure."""
        question = self.criteria.questions[index]
        total = len(self.criteria.questions)
        self.console.print()
        self.console.print(
            Text.assemble(
                (f"[{index + 1}/{total}] ", "bold cyan"), (one_line(question.prompt), "bold")
            )
        )
        for number, option in enumerate(question.options, start=1):
            self.console.print(
                Text.assemble(f"  {number}. ", one_line(option.label), (f"  ({option.id})", "dim"))
            )
        current = self.answers.get(question.id, "")
        keep = f", Enter keeps {current}" if current else ""
        keep = ", Enter keeps not sure" if question.id in self.answers and current is None else keep
        hints = "?, s" + (", b" if allow_back else "")
        prompt = Text(f"Answer [1-{len(question.options)}, {hints}{keep}]: ")
        while True:
            raw = clean(self.ask(prompt)).strip()
            lowered = raw.lower()
            if not raw and question.id in self.answers:
                return self.answers[question.id]
            if lowered in _HELP:
                self.console.print(Text(one_line(question.help), style="italic"))
                continue
            if lowered in _BACK and allow_back:
                raise _Back
            if lowered in _SKIP or (raw and lowered in NOT_SURE):
                return None
            chosen = self._choose(question, raw)
            if chosen is not None:
                return chosen

    def _choose(self, question: Question, raw: str) -> str | None:
        """The option `raw` names (number or id), or None after saying what is wrong."""
        if raw.isdigit():
            number = int(raw)
            if 1 <= number <= len(question.options):
                return question.options[number - 1].id
            self.console.print(
                f"Choose a number from 1 to {len(question.options)}.", style="yellow"
            )
            return None
        if not raw:
            self.console.print(
                "Type a number or an option id (s if you are not sure).", style="yellow"
            )
            return None
        try:
            return match_option(question, raw)
        except AnswerMismatch as exc:
            self.console.print(Text(str(exc), style="yellow"))
            return None

    def review(self) -> None:
        """Show every answer; let the user change any before scoring."""
        questions = self.criteria.questions
        while True:
            self.console.print()
            self.console.print(Text("Review your answers", style="bold"))
            for number, question in enumerate(questions, start=1):
                chosen = self.answers.get(question.id)
                option = question.option(chosen) if chosen else None
                shown = one_line(option.label) if option else "not sure"
                self.console.print(
                    Text.assemble(
                        f"  {number}. ",
                        one_line(question.prompt),
                        " ",
                        (shown, "cyan" if option else "yellow"),
                    )
                )
            raw = clean(
                self.ask(Text("Press Enter to see the result, or type a number to change it: "))
            ).strip()
            if not raw:
                if any(self.answers.get(q.id) for q in questions if q.scored):
                    return
                self.console.print(
                    "Answer at least one of the scored questions to get a result.", style="yellow"
                )
                continue
            if raw.isdigit() and 1 <= int(raw) <= len(questions):
                index = int(raw) - 1
                self.answers[questions[index].id] = self.question(index, allow_back=False)
                continue
            self.console.print(
                f"Type a number from 1 to {len(questions)}, or press Enter.", style="yellow"
            )
