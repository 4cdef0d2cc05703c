"""The interactive questionnaire: one question at a time, then a review.

Plain prompts, one line each, so it works in any terminal and with a screen
reader. `ask` is whatever reads a line (Rich's `Console.input` in real use),
which keeps the session testable without a terminal. Ctrl-C and end of input
propagate as KeyboardInterrupt and EOFError for the caller to handle; `q`
raises `Quit`, an EOFError, so quitting takes exactly the path of Ctrl-D.

An answer is an option's number, its id, or the start of its id or label
(`spec`, `customer`) when only one option begins so; a typo gets the closest
option suggested, a prefix that fits several lists them. Text wraps at the
terminal's width with a hanging indent and never cuts a word.

The search for a known service is offered only when standard input is a
terminal: lines piped into `--interactive` answer the questions one by one,
and `--service NAME` starts a piped session from a service.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from kpobpo.answers import NOT_SURE, find_service, search_services
from kpobpo.messages import message_text
from kpobpo.model import Criteria, Option, Question
from kpobpo.render.text import clean, one_line

Ask = Callable[[Text], str]
_BACK = frozenset({"b", "back", "<"})
_HELP = frozenset({"?", "h", "help"})
_SKIP = frozenset({"s", "skip", "not sure", "n/a"})
_QUIT = frozenset({"q", "quit"})
#: How each source of an answer is marked in the review; typed answers are not marked.
_SOURCE_MARKS = {"preset": "[service]", "file": "[file]", "flag": "[-a]"}
_SOURCE_NAMES = {
    "preset": "from the service you started from",
    "file": "from the answers file",
    "flag": "given with -a",
}


class Quit(EOFError):
    """The user typed q: the session ends as it does at end of input (Ctrl-D)."""


class _Back(Exception):
    pass


class Unclear(ValueError):
    """Typed text that names no single option; the message says what would."""


def choose_option(question: Question, typed: str) -> Option:
    """The option `typed` names: its number, id or label, or the start of one of them.

    Case does not matter. Raises `Unclear` with the candidates when the start
    fits several options, or with the closest option when it fits none.
    """
    wanted = typed.strip().rstrip(".").casefold()
    options = question.options
    if wanted.isdigit():
        number = int(wanted)
        if 1 <= number <= len(options):
            return options[number - 1]
        raise Unclear(f"Choose a number from 1 to {len(options)}.")
    for option in options:
        if wanted in (option.id.casefold(), one_line(option.label).casefold()):
            return option
    starting = [
        o
        for o in options
        if o.id.casefold().startswith(wanted) or one_line(o.label).casefold().startswith(wanted)
    ]
    if len(starting) == 1:
        return starting[0]
    if starting:
        names = ", ".join(f"{_number(question, o)} {o.id}" for o in starting)
        raise Unclear(f"{typed!r} could be {names}; type more of it or the number.")
    close = _closest(question, wanted)
    hint = f" Did you mean {_number(question, close)} {close.id}?" if close else ""
    raise Unclear(f"No option {typed!r}.{hint} Type a number or an option id.")


def _number(question: Question, option: Option) -> str:
    return f"{question.options.index(option) + 1}."


def _closest(question: Question, wanted: str) -> Option | None:
    """The option whose id or label (or the start of it) looks most like `wanted`."""
    import difflib

    names: dict[str, Option] = {}
    for option in question.options:
        label = one_line(option.label).casefold()
        for name in (option.id.casefold(), label, label[: len(wanted)]):
            names.setdefault(name, option)
    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


def _whole(typed: str) -> int:
    """`typed` as a whole number, or -1 when it is not one."""
    return int(typed) if typed.isdigit() else -1


def hanging(lead: str, body: Text, lead_style: str = "") -> RenderableType:
    """`lead` then `body`, wrapped lines of the body indented under its first word."""
    grid = Table.grid()
    grid.add_column(no_wrap=True, style=lead_style)
    grid.add_column(overflow="fold")
    grid.add_row(lead, body)
    return grid


class Session:
    """Asks every question, lets the user go back, and reviews before scoring."""

    def __init__(
        self,
        criteria: Criteria,
        console: Console,
        ask: Ask,
        prefilled: dict[str, str | None] | None = None,
        sources: dict[str, str] | None = None,
        *,
        search: bool | None = None,
    ) -> None:
        self.criteria = criteria
        self.console = console
        self.ask = ask
        #: Answers so far (None = not sure); a question not in here was not asked yet.
        self.answers: dict[str, str | None] = dict(prefilled or {})
        #: Where each answer came from: preset, file, flag or prompt.
        self.sources: dict[str, str] = dict(sources or {})
        #: Whether to offer the service search (None: when standard input is a terminal).
        self.search = sys.stdin.isatty() if search is None else search

    def run(self) -> dict[str, str | None]:
        """Run the whole session and return the answers (None = not sure).

        It starts at the first question without an answer, so a session
        resumed from saved answers goes on where it stopped; given answers can
        still be changed by going back or in the review.
        """
        questions = self.criteria.questions
        self.console.print(Text(one_line(self.criteria.title), style="bold"))
        self.say(f"{len(questions)} questions. Answer with a number or the start of an option.")
        self.say("? explains a question, s skips it, b goes back, q quits.")
        if not self.answers and self.criteria.services and self.search:
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
        """Tell the user something, cleaned like every other message, wrapped at words."""
        self.console.print(Text(message_text(text), style=style or ""))

    def _read(self, prompt: str) -> str:
        """One typed line, cleaned and stripped; q or quit ends the session."""
        typed = clean(self.ask(Text(prompt))).strip()
        if typed.casefold() in _QUIT:
            raise Quit
        return typed

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
        search = "Start from a known service? Type part of its name, or Enter to skip: "
        typed = self._read(search)
        while typed:
            if typed.casefold() in _HELP:
                self.say(
                    "A known service (payroll, help desk, equity research...) fills in its "
                    "typical answers; you then answer the rest and can change any in the "
                    "review. Type part of its name to search; Enter answers every question "
                    "yourself. kpobpo services lists them all."
                )
                typed = self._read(search)
                continue
            found = search_services(self.criteria, typed)
            if not found:
                self.say(f"No service matches {typed!r}.", "yellow")
                typed = self._read(search)
                continue
            for number, name in enumerate(found, start=1):
                service = next(s for s in self.criteria.services if s.name == name)
                model = one_line(self.criteria.model(service.model).label)
                self.console.print(
                    hanging(f"  {number}. ", Text.assemble(one_line(name), (f"  ({model})", "dim")))
                )
            if len(found) == 1:
                choice = self._read("Enter takes it, 0 starts from scratch, or search again: ")
                number = 1 if not choice else _whole(choice)
            else:
                choice = self._read(
                    f"Choose 1-{len(found)}, 0 starts from scratch, or search again: "
                )
                number = _whole(choice)
            if number == 0:
                return
            if 1 <= number <= len(found):
                chosen = found[number - 1]
                preset = find_service(self.criteria, chosen)
                self.answers.update(preset.answers)
                self.sources.update(preset.sources)
                self.say(
                    f"Starting from {chosen}: {len(preset.answers)} answers filled in; "
                    "change any in the review."
                )
                return
            if number > len(found):
                self.say(f"Choose a number from 0 to {len(found)}.", "yellow")
            typed = choice if number < 0 and choice else self._read(search)

    def question(self, index: int, *, allow_back: bool = True) -> str | None:
        """Ask question `index` until it gets a valid answer; None means not sure."""
        question = self.criteria.questions[index]
        total = len(self.criteria.questions)
        self.console.print()
        self.console.print(
            hanging(f"[{index + 1}/{total}] ", Text(one_line(question.prompt), "bold"), "bold cyan")
        )
        for number, option in enumerate(question.options, start=1):
            self.console.print(
                hanging(
                    f"  {number}. ",
                    Text.assemble(one_line(option.label), (f"  ({option.id})", "dim")),
                )
            )
        current = self.answers.get(question.id, "")
        keep = f", Enter keeps {current}" if current else ""
        keep = ", Enter keeps not sure" if question.id in self.answers and current is None else keep
        hints = "?, s" + (", b" if allow_back else "")
        prompt = f"Answer [1-{len(question.options)}, {hints}{keep}]: "
        while True:
            raw = self._read(prompt)
            lowered = raw.lower()
            if not raw and question.id in self.answers:
                return self.answers[question.id]
            if lowered in _HELP:
                self.say(one_line(question.help), "italic")
                continue
            if lowered in _BACK and allow_back:
                raise _Back
            if lowered in _SKIP or (raw and lowered in NOT_SURE):
                return None
            if not raw:
                self.say("Type a number or an option id (s if you are not sure).", "yellow")
                continue
            try:
                return choose_option(question, raw).id
            except Unclear as exc:
                self.say(str(exc), "yellow")

    def review(self) -> None:
        """Show every answer, marked by where it came from; let the user change any."""
        questions = self.criteria.questions
        while True:
            self.console.print()
            self.console.print(Text("Review your answers", style="bold"))
            marks = {self.sources.get(q.id) for q in questions if q.id in self.answers}
            legend = [f"{_SOURCE_MARKS[s]} {_SOURCE_NAMES[s]}" for s in _SOURCE_MARKS if s in marks]
            if legend:
                self.say("Marked: " + "; ".join(legend) + ".", "dim")
            for number, question in enumerate(questions, start=1):
                self.console.print(hanging(f"  {number}. ", Text(one_line(question.prompt))))
                self.console.print(hanging("     = ", self._answer_text(question)))
            raw = self._read("Press Enter to see the result, or type a number to change it: ")
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

    def _answer_text(self, question: Question) -> Text:
        """The answer to `question` as shown in the review: label, then where it came from."""
        chosen = self.answers.get(question.id)
        option = question.option(chosen) if chosen else None
        text = Text()
        if option is not None:
            text.append(one_line(option.label), style="cyan")
        else:
            text.append("not sure", style="yellow")
        mark = _SOURCE_MARKS.get(self.sources.get(question.id, ""))
        if mark and question.id in self.answers:
            text.append(f"  {mark}", style="dim")
        return text
