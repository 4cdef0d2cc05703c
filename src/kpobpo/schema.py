"""The shape of a criteria file, declared once as data.

Each part of the file is a `Section` (a mapping) whose `Field`s say their
type, whether they are required, their range or choices, and a line of help.
Three things are derived from this one declaration, so they cannot drift
apart:

- the validator's structural checks (`kpobpo.load`): unknown and missing
  keys, types, ranges, each reported with its file, line, column and path;
- the JSON Schema shipped beside the criteria file, which YAML editors read
  through the file's `# yaml-language-server: $schema=...` line to complete
  and check it as it is typed (`kpobpo.schema_export`);
- the reference page docs/criteria.md (`kpobpo.schema_export`).

What the schema cannot say stays hand-written in `kpobpo.load`, section by
section: references between parts (a risk's model, a trigger's question and
options, a service's answers), duplicate ids, and rules that tie two fields
together (`high_margin` not below `borderline_margin`).

Kinds of field:

- ``text``: a non-empty text; ``id``: letters, digits, ``_`` or ``-``,
  starting with a letter, at most 64 characters; ``version``: a text or a number;
- ``number``: a number from `low` (excluded when `above`) to `high`;
  ``whole``: a whole number from `low` to `high`; ``flag``: true or false;
- ``pair``: a list of two factors ``[low, high]``, low in (0, 1], high in [1, `high`];
- ``section``: the mapping `item`; ``list``: a list of `item`, a `Section`
  or the kind of its scalar items (``id`` or ``state``);
- ``per_model``: a mapping with one `item` (``number`` or ``text``) per model id;
- ``answers``: a mapping from question ids to option ids.
"""

from __future__ import annotations

from typing import NamedTuple

from kpobpo.limits import MAX_WEIGHT
from kpobpo.model import IN_BETWEEN, Verdict

#: An id: what `kpobpo.load` accepts, as a regular expression for the JSON Schema.
ID_PATTERN = "^[A-Za-z][A-Za-z0-9_-]{0,63}$"
#: A colour as charts take it: three or six hexadecimal digits after '#'.
COLOUR_PATTERN = "#(?:[0-9a-fA-F]{3}){1,2}"
#: The result states an advisory's `result` may name: the verdicts, and in_between.
RESULT_STATES = (*(v.value for v in Verdict), IN_BETWEEN)


class Field(NamedTuple):
    """One key of a section: its kind, whether it must be there, its bounds and help."""

    name: str
    kind: str
    help: str
    required: bool = True
    low: float = 0.0
    high: float = 0.0
    #: True when `low` itself is not allowed (weights, max_points).
    above: bool = False
    #: The field whose value is the upper bound instead of `high` (points).
    bound: str = ""
    #: A list's items or a section's mapping: a `Section`, or a scalar kind.
    item: Section | str | None = None
    #: A list's items in messages ("must be a list of models").
    noun: str = ""
    #: Fewest items of a list (the loader itself checks only that a list is not
    #: empty when this is above 0, and counts the models by hand).
    min_items: int = 1
    #: The value taken when an optional field is absent, as the docs show it.
    default: str = ""
    #: A flag of the same section that decides this field: when the flag is
    #: true (or absent, true by default) the field is required, when false
    #: the field is not allowed (a question's weight and `scored`).
    only_when: str = ""


class Section(NamedTuple):
    """A mapping of the criteria file, with its fields in the order the file shows them."""

    name: str
    help: str
    fields: tuple[Field, ...]

    @property
    def required(self) -> tuple[str, ...]:
        """The keys that must be present."""
        return tuple(f.name for f in self.fields if f.required)

    @property
    def optional(self) -> tuple[str, ...]:
        """The keys that may be left out."""
        return tuple(f.name for f in self.fields if not f.required)

    def field(self, name: str) -> Field:
        """The field called `name` (it must exist)."""
        return next(f for f in self.fields if f.name == name)


SCORING = Section(
    "scoring",
    "The scale of the points and the margins that set the confidence.",
    (
        Field(
            "max_points",
            "number",
            "Most points an option can give a model.",
            high=1000,
            above=True,
        ),
        Field(
            "borderline_margin",
            "number",
            "A margin (the gap between the top two scores, out of 100) under this is "
            "borderline: confidence is low.",
            high=100,
        ),
        Field(
            "high_margin",
            "number",
            "A margin at or above this, with every scored question answered, is high "
            "confidence. Not below borderline_margin.",
            high=100,
        ),
    ),
)

MODEL = Section(
    "model",
    "An outsourcing model the criteria can recommend.",
    (
        Field("id", "id", "How answers, risks and services name the model."),
        Field("label", "text", "Short name shown in results (BPO)."),
        Field("name", "text", "Full name (Business Process Outsourcing)."),
        Field("summary", "text", "What choosing this model means, in a few sentences."),
        Field(
            "billing_index",
            "number",
            "Relative cost of the model: the cheapest is usually 1.",
            high=1000,
            above=True,
        ),
        Field(
            "colour",
            "colour",
            'The model\'s colour in charts and on the HTML map, in quotes ("#2f6db3"); '
            "a default palette when absent.",
            required=False,
        ),
    ),
)

OPTION = Section(
    "option",
    "One answer to a question.",
    (
        Field("id", "id", "How answers name the option (-a QUESTION=OPTION)."),
        Field("label", "text", "The answer as the user reads it."),
        Field(
            "points",
            "per_model",
            "Points the answer gives each model. Required for a scored question, "
            "not allowed for an unscored one.",
            required=False,
            high=10,
            bound="scoring.max_points",
            item="number",
        ),
    ),
)

QUESTION = Section(
    "question",
    "A question about the process. Unscored questions only raise risks.",
    (
        Field("id", "id", "How answers name the question."),
        Field("prompt", "text", "The question as the user reads it."),
        Field("help", "text", "Why it matters and how to answer it."),
        Field(
            "weight",
            "number",
            "How much the question counts. Required unless scored is false; not allowed "
            "when it is.",
            required=False,
            high=MAX_WEIGHT,
            above=True,
            only_when="scored",
        ),
        Field(
            "scored",
            "flag",
            "false: the question never moves a score; it only raises risks.",
            required=False,
            default="true",
        ),
        Field(
            "ordered",
            "flag",
            "true: the options run from one model to the other, each leaning at least "
            "as far toward the last option's model as the one before "
            "(criteria validate checks it). Scored questions only.",
            required=False,
            default="false",
        ),
        Field(
            "changeable",
            "flag",
            "false: the answer describes what the process is rather than how it will be "
            "run (the process type); a result lists changes to the other answers first.",
            required=False,
            default="true",
        ),
        Field("options", "list", "The possible answers.", item=OPTION, noun="options"),
    ),
)

CONDITION = Section(
    "condition",
    "A condition on an answer: the question got one of the options.",
    (
        Field("question", "id", "The question's id."),
        Field("options", "list", "Option ids of that question.", item="id", noun="option ids"),
    ),
)

TRIGGER = Section(
    "trigger",
    CONDITION.help,
    (
        *CONDITION.fields,
        Field(
            "whatever_model",
            "flag",
            "true: the risk is raised whichever model is recommended (normally only "
            "when its own model is).",
            required=False,
            default="false",
        ),
    ),
)

RISK = Section(
    "risk",
    "A risk that comes with a model, and how to mitigate it.",
    (
        Field("id", "id", "How results name the risk."),
        Field("model", "id", "The model whose risk it is."),
        Field("title", "text", "The risk in a few words."),
        Field("description", "text", "What can go wrong."),
        Field("mitigation", "text", "What a sourcing manager can do about it."),
        Field(
            "elevated_by",
            "list",
            "Answers that make the risk more likely: any one of these conditions elevates it.",
            required=False,
            item=TRIGGER,
            noun="conditions",
        ),
    ),
)

DIMENSION = Section(
    "dimension",
    "A row of `kpobpo compare`: one text per model.",
    (
        Field("id", "id", "The row's id."),
        Field("label", "text", "The row's heading."),
        Field("values", "per_model", "The text for each model.", item="text"),
    ),
)

ADVISORY = Section(
    "advisory",
    "Advice given when answers (and, optionally, the kind of result) match. "
    "Give `when`, `result` or both.",
    (
        Field("id", "id", "The advisory's id."),
        Field("advice", "text", "The advice shown with the result."),
        Field(
            "when",
            "list",
            "Conditions that must all hold.",
            required=False,
            item=CONDITION,
            noun="conditions",
        ),
        Field(
            "result",
            "list",
            "Result states of which one must hold: a verdict (clear, leans, too_close) "
            "or in_between (the defining answers sit between the models).",
            required=False,
            item="state",
            noun="result states",
        ),
    ),
)

SERVICE = Section(
    "service",
    "A service the catalogue knows, with its typical answers and usual model. "
    "criteria validate checks that the answers still lead to that model.",
    (
        Field("name", "text", "The service's name (unique, case aside)."),
        Field("model", "id", "The model the service usually gets."),
        Field("answers", "answers", "Its typical answers: question id to option id."),
    ),
)


def _share(name: str, default: str, help: str) -> Field:
    return Field(name, "number", help, required=False, high=1, default=default)


def _count(name: str, default: str, help: str) -> Field:
    return Field(name, "whole", help, required=False, high=1000, default=default)


CONFIDENCE = Section(
    "confidence",
    "How sure a result is. Every key is optional; the defaults are shown.",
    (
        Field(
            "defining",
            "list",
            "The scored questions that define the difference between the models: when "
            "their answers sit in their middle options or point different ways, the work "
            "is in between.",
            required=False,
            item="id",
            noun="question ids",
            default="none",
        ),
        _share(
            "middle_share",
            "0.5",
            "A defining answer leaning less than this share of its question's strongest "
            "lean is in the middle.",
        ),
        _share(
            "min_answered_share",
            "0.5",
            "Less than this share of the scored weight answered: confidence is low.",
        ),
        _share(
            "robust_win_rate",
            "0.9",
            "A winner surviving fewer shaken-weight trials than this loses a step.",
        ),
        _share(
            "fragile_win_rate",
            "0.7",
            "Fewer surviving trials than this: too close to call. Not above robust_win_rate.",
        ),
        _count(
            "max_flips",
            "0",
            "More single changed answers than this that overturn the winner lose a step.",
        ),
        _count(
            "max_fragile_answers",
            "3",
            "More single changed answers than this that overturn the winner or make it "
            "borderline lose a step.",
        ),
        Field(
            "weight_range",
            "pair",
            "The weight factors [low, high] searched for one that changes the winner.",
            required=False,
            high=100,
            default="[0.25, 4]",
        ),
        Field(
            "shaken_weights",
            "pair",
            "Each weight is multiplied by a factor from [low, high] in a robustness trial.",
            required=False,
            high=10,
            default="[0.5, 1.5]",
        ),
        _share(
            "nearby_share",
            "1",
            "A changed answer counts toward fragility only when it moves its question's "
            "lean by at most this share of the question's range (1 counts every option).",
        ),
    ),
)

CRITERIA = Section(
    "criteria",
    "A kpobpo criteria file: everything kpobpo knows about the models it compares.",
    (
        Field("version", "version", 'The file\'s version, as text ("1.0").'),
        Field(
            "title",
            "text",
            "The title of results.",
            required=False,
            default="kpobpo criteria",
        ),
        Field("scoring", "section", SCORING.help, item=SCORING),
        Field(
            "models", "list", "The models to choose from; at least two.", item=MODEL, min_items=2
        ),
        Field(
            "questions",
            "list",
            "The questions, in the order they are asked; at least one scored.",
            item=QUESTION,
        ),
        Field("risks", "list", "The risks of each model.", item=RISK, min_items=0),
        Field(
            "dimensions",
            "list",
            "The rows of the side-by-side comparison.",
            item=DIMENSION,
        ),
        Field(
            "advisories",
            "list",
            "Advice attached to combinations of answers.",
            required=False,
            item=ADVISORY,
            noun="advisories",
        ),
        Field(
            "services",
            "list",
            "The catalogue of known services.",
            required=False,
            item=SERVICE,
        ),
        Field("confidence", "section", CONFIDENCE.help, required=False, item=CONFIDENCE),
    ),
)

#: Every section, in the order the reference page describes them.
SECTIONS = (
    CRITERIA,
    SCORING,
    MODEL,
    QUESTION,
    OPTION,
    RISK,
    TRIGGER,
    DIMENSION,
    ADVISORY,
    CONDITION,
    SERVICE,
    CONFIDENCE,
)
