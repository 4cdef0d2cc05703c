"""The domain model: criteria read from YAML and the assessment computed from answers.

Everything here is a frozen dataclass or an enum, so the scoring core can pass
values around without fear of them changing underneath it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True)
class Model:
    """An outsourcing model the criteria can recommend (for example BPO)."""

    id: str
    label: str
    name: str
    summary: str
    billing_index: float


@dataclass(frozen=True)
class Option:
    """One possible answer to a question, with the points it gives each model."""

    id: str
    label: str
    points: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    """A question about the process. Unscored questions only raise risks."""

    id: str
    prompt: str
    help: str
    weight: float
    scored: bool
    options: tuple[Option, ...]

    def option(self, option_id: str) -> Option | None:
        """Return the option with this id, or None."""
        for option in self.options:
            if option.id == option_id:
                return option
        return None


@dataclass(frozen=True)
class Trigger:
    """Answers that elevate a risk: any of `options` given to `question`.

    Normally a trigger elevates its risk only when the risk's own model is
    recommended; with `whatever_model` it elevates it (and so shows it) whichever
    model wins.
    """

    question: str
    options: tuple[str, ...]
    whatever_model: bool = False


@dataclass(frozen=True)
class Risk:
    """A risk that comes with a model, and how to mitigate it."""

    id: str
    model: str
    title: str
    description: str
    mitigation: str
    elevated_by: tuple[Trigger, ...]


@dataclass(frozen=True)
class Dimension:
    """A row of the side-by-side comparison: one text per model."""

    id: str
    label: str
    values: dict[str, str]


@dataclass(frozen=True)
class Scoring:
    """Scale and thresholds of the scoring."""

    max_points: float
    borderline_margin: float
    high_margin: float


@dataclass(frozen=True)
class Criteria:
    """A whole criteria file, validated."""

    source: str
    sha256: str
    version: str
    title: str
    scoring: Scoring
    models: tuple[Model, ...]
    questions: tuple[Question, ...]
    risks: tuple[Risk, ...]
    dimensions: tuple[Dimension, ...]

    def model(self, model_id: str) -> Model:
        """Return the model with this id (it must exist)."""
        return next(m for m in self.models if m.id == model_id)

    def question(self, question_id: str) -> Question | None:
        """Return the question with this id, or None."""
        for question in self.questions:
            if question.id == question_id:
                return question
        return None


class Confidence(str, Enum):
    """How sure the recommendation is."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True)
class Contribution:
    """What one answered question added to each model's score (0..100 scale)."""

    question: str
    answer: str
    weight: float
    points: dict[str, float]


@dataclass(frozen=True)
class RiskNote:
    """A risk worth planning for in this assessment."""

    risk: Risk
    elevated: bool
    because: tuple[Trigger, ...]


@dataclass(frozen=True)
class Assessment:
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

    @property
    def ranking(self) -> list[str]:
        """Model ids from the highest score to the lowest, ties in file order."""
        order = {m.id: i for i, m in enumerate(self.criteria.models)}
        return sorted(self.scores, key=lambda m: (-self.scores[m], order[m]))
