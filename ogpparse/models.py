"""The records ogpparse produces, as Pydantic models: one per page type, all sharing `Record`.

Field names are the canonical names used by the lexicons, the JSON keys and the CSV headers.
Missing values are None or [] - never a label or a placeholder such as "NA".
"""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from typing_extensions import TypedDict  # pydantic needs this one before Python 3.12

IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")]
CommitmentId = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}[A-Z]{0,3}\d{4}(\.\d+)?$")]
OgpValue = Literal["access_to_information", "civic_participation", "public_accountability",
                   "technology_and_innovation"]
Completion = Literal["not_started", "limited", "substantial", "complete", "no_evidence", "pending"]
Degree = Literal["worsened", "did_not_change", "marginal", "major", "outstanding"]
PageType = Literal["commitment", "action_plan", "commitment_report", "member", "irm_report", "unknown"]


def _empty(kind: type) -> object:
    """The default of a list or dict field: a new empty `kind()` for each record. Written
    `= []`, pydantic-core finds the default unhashable and calls Python's copy.deepcopy on
    it for every record that leaves the field out (most fields of most records); a factory
    that is the builtin itself is called from Rust. Either way the value is a fresh empty
    one, not validated, not in model_fields_set; the JSON Schema shows the same default."""
    return Field(default_factory=kind, json_schema_extra={"default": kind()})


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(Model):
    path: str
    sha256: str
    format: Literal["text", "html"]
    encoding: str | None = None
    size: int | None = None
    url: str | None = None
    fetched_at: str | None = None
    archive: str | None = None
    member: str | None = None
    offset: int | None = None


class RecordWarning(Model):
    code: str
    field: str | None = None
    message: str


class ActionPlanRef(Model):
    title: str | None
    start_year: int | None = None
    end_year: int | None = None


InstitutionGroup = Literal["government", "civil_society", "private_sector", "multilateral", "other"]
InstitutionRole = Literal["lead", "supporting", "involved"]


class Institution(Model):
    """One body, as named on the page, and the group the page puts it in (template
    sub-heading or group label), or None when the page gives no group."""
    name: str
    group: InstitutionGroup | None = None


class Institutions(Model):
    lead: list[Institution] = _empty(list)
    supporting: list[Institution] = _empty(list)
    involved: list[Institution] = _empty(list)
    # Each role's value exactly as printed (whitespace collapsed), so a user can check the split.
    printed: dict[InstitutionRole, str] = _empty(dict)


class Provenance(TypedDict):
    """Where a value was read: 1-based lines of the page file as an editor shows them (for
    HTML, the source lines) and the page's text there (ogpparse/provenance.py). A plain
    dict, not a model: a page has hundreds, and they are built exactly by the tracer."""
    line: int
    end_line: int
    text: str


class Record(Model):
    source: Source
    page_type: PageType
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] | None
    title: str | None = None
    member: str | None = None
    action_plan: ActionPlanRef | None = None
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    # A new Institutions() for each record without one: a model instance as the default was
    # deep-copied by pydantic for each such record (copy.deepcopy, in Python, ~60% of pages).
    # The JSON Schema shows the same default as before.
    institutions: Institutions = Field(default_factory=Institutions,
                                       json_schema_extra={"default": Institutions().model_dump(mode="json")})
    warnings: list[RecordWarning] = _empty(list)
    # Field path -> where it was read, only on request (provenance=True, --provenance): left
    # out of the output when absent, so that default records and CSV stay as they are.
    provenance: dict[str, Provenance] | None = Field(default=None, exclude_if=lambda v: v is None)


class Rating(Model):
    """An IRM assessment: the page's text, and its canonical value where the scale is known."""
    text: str
    value: str | None = None


class IrmReview(Model):
    report: Rating | None = None
    starred: Rating | None = None
    early_results: Rating | None = None
    verifiable: Rating | None = None
    relevant_to_ogp_values: Rating | None = None
    potential_impact: Rating | None = None


class Milestone(Model):
    number: int
    title: str | None
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    status: Literal["not_started", "in_progress", "stuck", "finished", "incomplete"] | None = None


class RelatedCommitment(Model):
    id: CommitmentId | None  # None only for an item the page's cut leaves without its ID line
    title: str | None = None
    year: int | None = None
    policy_area: str | None = None
    starred: bool = False


class Contact(Model):
    name: str | None = None
    title: str | None = None
    email: str | None = None
    phone: str | None = None


class Commitment(Record):
    page_type: Literal["commitment"] = "commitment"
    commitment_id: CommitmentId | None = None
    status: Literal["active", "inactive"] | None = None
    action_plan_cycle: int | None = None
    policy_areas: list[str] = _empty(list)
    primary_sector: str | None = None
    # The values the page names; empty when it names none. Whether the page answered the
    # relevance question ("Not Relevant") is irm.relevant_to_ogp_values, never this list.
    ogp_values: list[OgpValue] = _empty(list)
    ogp_value_explanations: dict[OgpValue, str] = _empty(dict)
    irm: IrmReview | None = None
    completion: Completion | None = None
    description: dict[str, str] = _empty(dict)
    milestone_count: int | None = None
    milestones: list[Milestone] = _empty(list)
    related_commitments: list[RelatedCommitment] = _empty(list)
    contacts: list[Contact] = _empty(list)


class Section(Model):
    """A question of the page's questionnaire and what the page answers."""
    question: str
    answer: str | None = None
    explanation: str | None = None
    references: str | None = None


class Endorsement(Model):
    name: str
    role: str | None = None
    organization: str | None = None


class MonitoringBody(Model):
    organization: str
    role: str | None = None
    representative: str | None = None


class ActionPlan(Record):
    page_type: Literal["action_plan"] = "action_plan"
    submitted: IsoDate | None = None
    sections: list[Section] = _empty(list)
    groups_count: int | None = None
    public_meetings_count: int | None = None
    endorsements: list[Endorsement] = _empty(list)
    monitoring_body: list[MonitoringBody] = _empty(list)
    related_commitments: list[RelatedCommitment] = _empty(list)


class Evaluator(Model):
    name: str
    email: str | None = None


class Answer(Model):
    answer: str | bool | None = None
    explanation: str | None = None


class OpenGovernmentResult(Model):
    answer: bool | None = None
    degree: Degree | None = None
    explanation: str | None = None


class OpenGovernment(Model):
    access_to_information: OpenGovernmentResult | None = None
    civic_participation: OpenGovernmentResult | None = None
    public_accountability: OpenGovernmentResult | None = None


class CommitmentReport(Record):
    page_type: Literal["commitment_report"] = "commitment_report"
    commitment_title: str | None = None
    evaluators: list[Evaluator] = _empty(list)
    action: str | None = None
    problem: str | None = None
    completion: Completion | None = None
    completion_explanation: str | None = None
    implementation_factors: str | None = None
    implemented_as_planned: Answer | None = None
    open_government: OpenGovernment | None = None
    addressed_problem: Answer | None = None
    lessons: str | None = None


class Resource(Model):
    title: str
    year: int | None = None  # None also for an item the page's cut leaves without its year line
    kind: str | None = None


class Member(Record):
    page_type: Literal["member"] = "member"
    member_since: int | None = None
    action_plans: list[ActionPlanRef] = _empty(list)
    commitments_count: int | None = None
    related_commitments: list[RelatedCommitment] = _empty(list)
    resources: list[Resource] = _empty(list)


class IrmReport(Record):
    page_type: Literal["irm_report"] = "irm_report"
    report_kind: Literal["action_plan_review", "mid_term", "end_of_term", "design", "results",
                         "inception", "co_creation_brief"] | None = None
    public_comment: bool = False
    published: IsoDate | None = None
    evaluators: list[Evaluator] = _empty(list)
    member_since: int | None = None
    commitments_count: int | None = None
    sections: list[Section] = _empty(list)


class Unknown(Record):
    page_type: Literal["unknown"] = "unknown"


AnyRecord = Annotated[Union[Commitment, ActionPlan, CommitmentReport, Member, IrmReport, Unknown],
                      Field(discriminator="page_type")]

MODELS: dict[str, type[Record]] = {
    "commitment": Commitment, "action_plan": ActionPlan, "commitment_report": CommitmentReport,
    "member": Member, "irm_report": IrmReport, "unknown": Unknown,
}


class ErrorEntry(Model):
    """What a page that could not be parsed leaves in the output."""
    source: dict
    error: str
