"""The domain model: criteria read from YAML and the assessment computed from answers.

Everything here is immutable (a typed NamedTuple or an enum), so the scoring
core can pass values around without fear of them changing underneath it.
NamedTuple rather than frozen dataclasses: creating a dozen frozen dataclass
types costs about 10 ms at every start of the command, a NamedTuple a fifth
of that, and start-up time is a feature of a command-line tool.
"""

# No `from __future__ import annotations` here: a NamedTuple compiles each of
# its annotations that is a string (about 0.1 ms a field, 12 ms for this
# module), and this module is imported on every start.
from enum import StrEnum
from typing import NamedTuple

from kpobpo.limits import DEFAULT_DRAWS, DEFAULT_SEED


class Model(NamedTuple):
    """An outsourcing model the criteria can recommend (for example BPO)."""

    id: str
    label: str
    name: str
    summary: str
    billing_index: float
    #: The model's colour in charts and maps, "#rrggbb"; empty for the default palette.
    colour: str = ""


class Option(NamedTuple):
    """One possible answer to a question, with the points it gives each model."""

    id: str
    label: str
    points: dict[str, float]


class Question(NamedTuple):
    """A question about the process. Unscored questions only raise risks.

    An `ordered` question promises that its options run from one model to the
    other: each option leans at least as far toward the last option's model as
    the one before (`kpobpo criteria validate` checks it).

    A question that is not `changeable` asks what the process is (its type,
    say) rather than how it will be run: a result names changes to the other
    answers first, since those are the ones a user can act on.
    """

    id: str
    prompt: str
    help: str
    weight: float
    scored: bool
    options: tuple[Option, ...]
    ordered: bool = False
    changeable: bool = True

    def option(self, option_id: str) -> Option | None:
        """Return the option with this id, or None."""
        for option in self.options:
            if option.id == option_id:
                return option
        return None


class Trigger(NamedTuple):
    """Answers that elevate a risk: any of `options` given to `question`.

    Normally a trigger elevates its risk only when the risk's own model is
    recommended; with `whatever_model` it elevates it (and so shows it) whichever
    model wins.
    """

    question: str
    options: tuple[str, ...]
    whatever_model: bool = False


class Risk(NamedTuple):
    """A risk that comes with a model, and how to mitigate it."""

    id: str
    model: str
    title: str
    description: str
    mitigation: str
    elevated_by: tuple[Trigger, ...]


class Advisory(NamedTuple):
    """Advice attached to a combination of answers, and optionally to the kind of result.

    It applies when every condition in `when` holds (each: the question got
    one of the listed options) and, if `result` lists any states (a verdict
    such as `too_close`, or `in_between`), when the result is in one of them.
    """

    id: str
    advice: str
    when: tuple[Trigger, ...]
    result: tuple[str, ...] = ()


class Service(NamedTuple):
    """A known service with its typical answers and the model it usually gets."""

    name: str
    model: str
    answers: dict[str, str]


class Dimension(NamedTuple):
    """A row of the side-by-side comparison: one text per model."""

    id: str
    label: str
    values: dict[str, str]


class Scoring(NamedTuple):
    """Scale and thresholds of the scoring."""

    max_points: float
    borderline_margin: float
    high_margin: float


class ConfidenceRules(NamedTuple):
    """The criteria's confidence model: defining questions and every threshold.

    The defaults apply when the criteria file has no `confidence` section.
    """

    #: Questions whose answers define the difference between the models.
    defining: tuple[str, ...] = ()
    #: A defining answer leaning less than this share of its question's
    #: strongest lean (between the top two models) is in between.
    middle_share: float = 0.5
    #: Below this share of the total weight answered, confidence is low.
    min_answered_share: float = 0.5
    #: A winner surviving fewer shaken-weight trials than this loses a step.
    robust_win_rate: float = 0.9
    #: Below this share of surviving trials the result is too close to call.
    fragile_win_rate: float = 0.7
    #: More single changed answers than this that overturn the winner lose a step.
    max_flips: int = 0
    #: More single changed answers than this that overturn it or make it
    #: borderline lose a step.
    max_fragile_answers: int = 3
    #: The weight factors searched for the one that changes the winner.
    weight_range: tuple[float, float] = (0.25, 4.0)
    #: Each weight is multiplied by a factor drawn from this range in a trial.
    shaken_weights: tuple[float, float] = (0.5, 1.5)
    #: A changed answer counts toward fragility only when it moves its
    #: question's lean (between the top two models) by at most this share of
    #: the question's whole range: a nearby answer a user could as well have
    #: given. 1 counts every other option.
    nearby_share: float = 1.0


class Criteria(NamedTuple):
    """A whole criteria file, validated."""

    source: str
    content: bytes
    version: str
    title: str
    scoring: Scoring
    models: tuple[Model, ...]
    questions: tuple[Question, ...]
    risks: tuple[Risk, ...]
    dimensions: tuple[Dimension, ...]
    advisories: tuple[Advisory, ...] = ()
    services: tuple[Service, ...] = ()
    confidence: ConfidenceRules = ConfidenceRules()
    #: Weight factors applied on top of the file (`--weight`, `--weights`), as
    #: (question id, factor) in file order; the weights above already include them.
    priorities: tuple[tuple[str, float], ...] = ()

    @property
    def sha256(self) -> str:
        """The SHA-256 of the file's bytes, so a result can name the exact criteria."""
        return sha256_of(self.content)

    def model(self, model_id: str) -> Model:
        """Return the model with this id (it must exist)."""
        return next(m for m in self.models if m.id == model_id)

    def question(self, question_id: str) -> Question | None:
        """Return the question with this id, or None."""
        return _question_index(self.questions)[0].get(question_id)

    def question_named(self, name: str) -> Question | None:
        """Return the question whose id is `name`, case and blanks aside, or None."""
        return _question_index(self.questions)[1].get(name.strip().lower())


#: Question indexes by the identity of the questions' tuple, which each entry
#: keeps alive so that its id cannot be reused. A dict per question list:
#: looking questions up one by one made validating, scoring and rendering
#: 10,000 questions take the square of the time.
_QUESTION_INDEXES: dict[
    int, tuple[tuple[Question, ...], dict[str, Question], dict[str, Question]]
] = {}


def _question_index(
    questions: tuple[Question, ...],
) -> tuple[dict[str, Question], dict[str, Question]]:
    """The questions by id and by lower-case id (the first of equal ids wins)."""
    entry = _QUESTION_INDEXES.get(id(questions))
    if entry is None or entry[0] is not questions:
        by_id: dict[str, Question] = {}
        by_folded: dict[str, Question] = {}
        for question in questions:
            by_id.setdefault(question.id, question)
            by_folded.setdefault(question.id.lower(), question)
        if len(_QUESTION_INDEXES) >= 8:
            _QUESTION_INDEXES.clear()
        entry = _QUESTION_INDEXES[id(questions)] = (questions, by_id, by_folded)
    return entry[1], entry[2]


#: SHA-256 digests by file content, the newest few: a file is hashed once (a
#: portfolio asks on every row), or not at all when the criteria cache
#: brought its digest (`known_sha256`), which spares a start `hashlib`.
_DIGESTS: dict[bytes, str] = {}


def known_sha256(content: bytes, digest: str) -> None:
    """Record `digest` as the SHA-256 of `content`, computed earlier by `sha256_of`."""
    if len(_DIGESTS) >= 4:
        _DIGESTS.clear()
    _DIGESTS[content] = digest


def sha256_of(content: bytes) -> str:
    """The SHA-256 of `content` as hex, hashed once per file."""
    digest = _DIGESTS.get(content)
    if digest is None:
        import hashlib  # off the start-up path: only JSON and Markdown output need it

        digest = hashlib.sha256(content).hexdigest()
        known_sha256(content, digest)
    return digest


class Confidence(StrEnum):
    """How sure the recommendation is."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Verdict(StrEnum):
    """How the result should be headed: a clear call, a lean, or too close to call."""

    CLEAR = "clear"
    LEANS = "leans"
    TOO_CLOSE = "too_close"


#: The result state an advisory can name besides a verdict: the defining
#: answers sit in their middle options or point different ways.
IN_BETWEEN = "in_between"


class ConfidenceReason(NamedTuple):
    """One reason for the confidence: an id the renderers word, and its facts.

    `facts` holds only JSON-ready values (numbers, texts, lists of texts).
    """

    id: str
    facts: dict[str, object]


class Contribution(NamedTuple):
    """What one answered question added to each model's score (0..100 scale)."""

    question: str
    answer: str
    weight: float
    points: dict[str, float]


class RiskNote(NamedTuple):
    """A risk worth planning for in this assessment.

    `models` are the models it applies to here: its own model, or every
    model when an answer raised it whatever the model (sensitive data, say).
    """

    risk: Risk
    elevated: bool
    because: tuple[Trigger, ...]
    models: tuple[str, ...] = ()


class WhatIf(NamedTuple):
    """One changed answer that changes the recommendation or its borderline state."""

    question: str
    answer: str
    recommendation: str
    margin: float
    borderline: bool


class WeightSensitivity(NamedTuple):
    """The weight factor nearest 1 (within 0.25x..4x) that changes the winner."""

    question: str
    factor: float | None
    recommendation: str | None


class Robustness(NamedTuple):
    """How often the winner still wins when every weight is shaken."""

    draws: int
    seed: int
    win_rate: float


class Settings(NamedTuple):
    """Knobs of an assessment that are not answers."""

    seed: int = DEFAULT_SEED
    draws: int = DEFAULT_DRAWS
    hours: float | None = None
    rate: float | None = None
    #: False skips what-if and weight sensitivity (left empty), for outputs
    #: that do not show them, such as a portfolio's CSV.
    explain: bool = True


class Assessment(NamedTuple):
    """The result of scoring one set of answers against the criteria."""

    criteria: Criteria
    recommendation: str
    scores: dict[str, float]
    margin: float
    confidence: Confidence
    borderline: bool
    answers: dict[str, str]
    unanswered: tuple[str, ...]
    answered_share: float
    contributions: tuple[Contribution, ...]
    risks: tuple[RiskNote, ...]
    advisories: tuple[Advisory, ...]
    what_if: tuple[WhatIf, ...]
    weight_sensitivity: tuple[WeightSensitivity, ...]
    robustness: Robustness
    cost: dict[str, float] | None
    settings: Settings
    verdict: Verdict = Verdict.LEANS
    confidence_reasons: tuple[ConfidenceReason, ...] = ()
    #: The process's name (`assess --name`), for headlines and titles; None when not given.
    name: str | None = None

    @property
    def in_between(self) -> bool:
        """Whether the defining answers sit in between the models or point different ways."""
        return any(r.id == IN_BETWEEN for r in self.confidence_reasons)

    @property
    def ranking(self) -> list[str]:
        """Model ids from the highest score to the lowest, ties in file order."""
        order = {m.id: i for i, m in enumerate(self.criteria.models)}
        return sorted(self.scores, key=lambda m: (-self.scores[m], order[m]))

    def advisory_because(self, advisory: Advisory) -> tuple[tuple[str, str], ...]:
        """The (question, answer) pairs that made an advisory apply."""
        return tuple((t.question, self.answers[t.question]) for t in advisory.when)
