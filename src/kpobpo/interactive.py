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

from kpobpo.answers import NOT_SURE, AnswerMismatch, find_service, match_option, search_services
from kpobpo.messages import print_messages
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
        sources: dict[str, str] | None = None,
    ) -> None:
        self.criteria = criteria
        self.console = console
        self.ask = ask
        #: Answers so far (None = not sure); a question not in here was not asked yet.
        self.answers: dict[str, str | None] = dict(prefilled or {})
        #: Where each answer came from: preset, file, flag or prompt.
        self.sources: dict[str, str] = dict(sources or {})

    def run(self) -> dict[str, str | None]:
        """Run the whole session and return the answers (None = not sure).

        It starts at the first question without an answer, so a session
        resumed from saved answers goes on where it stopped; given answers can
        still be changed by going back or in the review.
        """
        questions = self.criteria.questions
        self.console.print(Text(one_line(self.criteria.title), style="bold"))
        self.say(
            f"{len(questions)} questions. Type an option's number or id; "
            "? for help, s if not sure, b to go back."
        )
        if not self.answers and self.criteria.services:
            self.offer_services()
        index = self._next_open(0)
        if 0 < index < len(questions):
            self.say(f"Going on from question {index + 1}; b goes back.")
        while index < len(questions):
            try:
                self._set(questions[index].id, self.question(index))
            except _Back:
                if index == 0:
                    self.say("This is the first question.", "yellow")
                else:
                    index -= 1
                continue
            index = self._next_open(index + 1)
        self.review()
        return self.answers

    def say(self, text: str, style: str | None = None) -> None:
        """Tell the user something, cleaned like every other message."""
        print_messages([text], style, console=self.console)

    def _next_open(self, start: int) -> int:
        """The first question from `start` on that has no answer yet (or the end)."""
        questions = self.criteria.questions
        return next(
            (i for i in range(start, len(questions)) if questions[i].id not in self.answers),
            len(questions),
        )

    def _set(self, question_id: str, answer: str | None) -> None:
        if question_id not in self.answers or self.answers[question_id] != answer:
            self.sources[question_id] = "prompt"
        self.answers[question_id] = answer

    def offer_services(self) -> None:
        """Let the user start from a known service, found by typing part of its name."""
        prompt = Text(
            "Start from a known service? Type part of its name to search, "
            "or press Enter to start from scratch: "
        )
        while True:
            typed = clean(self.ask(prompt)).strip()
            if not typed:
                return
            found = search_services(self.criteria, typed)
            if not found:
                self.say(f"No service matches {typed!r}.", "yellow")
                continue
            for number, name in enumerate(found, start=1):
                service = next(s for s in self.criteria.services if s.name == name)
                model = one_line(self.criteria.model(service.model).label)
                self.console.print(
                    Text.assemble(f"  {number}. ", one_line(name), (f"  ({model})", "dim"))
                )
            choice = clean(
                self.ask(Text("Choose a number, or press Enter to search again: "))
            ).strip()
            if choice.isdigit() and 1 <= int(choice) <= len(found):
                preset = find_service(self.criteria, found[int(choice) - 1])
                self.answers.update(preset.answers)
                self.sources.update(preset.sources)
                self.say(
                    f"Starting from {found[int(choice) - 1]}: "
                    f"{len(preset.answers)} answers filled in; change any in the review."
                )
                return

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
            self.say(f"Choose a number from 1 to {len(question.options)}.", "yellow")
            return None
        if not raw:
            self.say("Type a number or an option id (s if you are not sure).", "yellow")
            return None
        try:
            return match_option(question, raw)
        except AnswerMismatch as exc:
            self.say(str(exc), "yellow")
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
                self.say("Answer at least one of the scored questions to get a result.", "yellow")
                continue
            if raw.isdigit() and 1 <= int(raw) <= len(questions):
                index = int(raw) - 1
                self._set(questions[index].id, self.question(index, allow_back=False))
                continue
            self.say(f"Type a number from 1 to {len(questions)}, or press Enter.", "yellow")
