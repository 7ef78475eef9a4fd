"""Read side of the case page's overlap panel: what the latest overlap check found, grouped
into the case's own district and elsewhere, with each match's current standing, the
coordinators' assessments, and the history of earlier checks (kept in the audit trail).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from backend.cases.models import Case, CaseEvent, EventKind, OverlapAssessment
from backend.cases.overlap import snapshot_matches
from backend.offerings.models import Offering
from workflows.states import OPEN_STATES, CaseState


@dataclass(frozen=True)
class OverlapRow:
    """One match (an offering or another idea) and the coordinator's judgement."""

    kind: str  # "offering" or "case"
    target_id: int
    title: str
    detail: str
    score: float | None
    likely_overlap: bool
    reasons: list[str]
    assessment: OverlapAssessment | None
    reference: str = ""  # of another case
    elsewhere: bool = False  # citywide or in another district than the case's
    status: str = ""  # how the match stands now, if that is news ("zurückgezogen")
    found: bool = True  # False: assessed earlier, not found by the latest check

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.target_id}"

    @property
    def percent(self) -> int | None:
        return None if self.score is None else round(self.score * 100)


@dataclass(frozen=True)
class OverlapCheckEntry:
    """One overlap check in the case's history: when, by whom, how many, what changed."""

    checked_at: datetime | None
    by: str  # "" for the check at submission
    offerings: int
    ideas: int
    added: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OverlapPanel:
    offerings: list[OverlapRow]
    ideas: list[OverlapRow]
    checks: list[OverlapCheckEntry] = field(default_factory=list)  # latest first

    @property
    def latest(self) -> OverlapCheckEntry | None:
        return self.checks[0] if self.checks else None

    def row(self, key: str) -> OverlapRow | None:
        return next((row for row in self.offerings + self.ideas if row.key == key), None)


def _reasons(item: dict[str, Any]) -> list[str]:
    return [
        str(reason.get("text", "")) if isinstance(reason, dict) else str(reason)
        for reason in item.get("reasons") or []
    ]


def _detail(provider: str, quarter: str, citywide: bool) -> str:
    """Provider and place; a city-wide offering with a location shows both."""
    place = (str(_("stadtweit")), quarter) if citywide else (quarter,)
    return " · ".join(part for part in (provider, *place) if part)


@dataclass(frozen=True)
class _Standing:
    """Where a match is now (its district) and whether that is news for the coordinator."""

    district_id: int | None
    status: str


def _offering_standing(ids: list[int]) -> dict[int, _Standing]:
    rows = Offering.objects.filter(pk__in=ids).values_list("pk", "active", "quarter__parent_id")
    return {
        pk: _Standing(district, "" if active else str(_("nicht mehr aktiv")))
        for pk, active, district in rows
    }


def _case_standing(ids: list[int]) -> dict[int, _Standing]:
    rows = Case.objects.filter(pk__in=ids).values_list("pk", "state", "quarter__parent_id")
    return {
        pk: _Standing(district, "" if state in OPEN_STATES else str(CaseState(state).label))
        for pk, state, district in rows
    }


def _snapshot_rows(
    case: Case, kind: str, assessments: dict[str, OverlapAssessment]
) -> list[OverlapRow]:
    matches = snapshot_matches(case, kind)
    ids = [target["id"] for _item, target in matches]
    standing = (_offering_standing if kind == "offering" else _case_standing)(ids)
    rows = []
    for item, target in matches:
        now = standing.get(target["id"])
        citywide = bool(target.get("citywide"))
        score = item.get("score")
        rows.append(
            OverlapRow(
                kind=kind,
                target_id=target["id"],
                title=str(target.get("title", "")),
                detail=_detail(
                    str(target.get("provider") or ""),
                    str(target.get("quarter_name") or ""),
                    citywide,
                ),
                score=float(score) if isinstance(score, int | float) else None,
                likely_overlap=bool(item.get("likely_overlap")),
                reasons=_reasons(item),
                assessment=assessments.get(f"{kind}-{target['id']}"),
                reference=str(target.get("reference", "")),
                elsewhere=citywide
                or (now is not None and now.district_id != case.quarter.parent_id),
                status=now.status if now else str(_("nicht mehr vorhanden")),
            )
        )
    return rows


def _assessed_rows(case: Case, shown: set[str]) -> list[OverlapRow]:
    """Assessed matches the latest check no longer lists: their judgement stays visible."""
    rows = []
    for assessment in case.assessments.all():
        target: Any = assessment.offering or assessment.other_case
        kind = "offering" if assessment.offering_id else "case"
        if f"{kind}-{target.pk}" in shown:
            continue
        quarter = target.quarter
        citywide = bool(getattr(target, "citywide", False))
        rows.append(
            OverlapRow(
                kind=kind,
                target_id=target.pk,
                title=target.title,
                detail=_detail(
                    getattr(target, "provider", ""), quarter.name if quarter else "", citywide
                ),
                score=None,
                likely_overlap=False,
                reasons=[],
                assessment=assessment,
                reference=getattr(target, "reference", ""),
                elsewhere=citywide
                or quarter is None
                or quarter.parent_id != case.quarter.parent_id,
                found=False,
            )
        )
    return rows


def _checked_at(snapshot: Any) -> datetime | None:
    value = snapshot.get("checked_at") if isinstance(snapshot, dict) else None
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _titles(snapshot: Any) -> dict[str, str]:
    """key → title of every match in a stored snapshot."""
    if not isinstance(snapshot, dict):
        return {}
    titles = {}
    for kind, name in (("offering", "offerings"), ("case", "similar_ideas")):
        for item in snapshot.get(name) or []:
            target = item.get(kind) if isinstance(item, dict) else None
            if isinstance(target, dict) and "id" in target:
                titles[f"{kind}-{target['id']}"] = str(target.get("title", ""))
    return titles


def _entry(snapshot: Any, by: str, before: Any = None) -> OverlapCheckEntry:
    lists = snapshot if isinstance(snapshot, dict) else {}
    now, earlier = _titles(snapshot), _titles(before)
    return OverlapCheckEntry(
        checked_at=_checked_at(snapshot),
        by=by,
        offerings=len(lists.get("offerings") or []),
        ideas=len(lists.get("similar_ideas") or []),
        added=[title for key, title in now.items() if key not in earlier] if before else [],
        dropped=[title for key, title in earlier.items() if key not in now],
    )


def overlap_checks(case: Case, events: list[CaseEvent]) -> list[OverlapCheckEntry]:
    """Every overlap check of the case, latest first: the one at submission and each repeat
    (whose audit event keeps the result it replaced and the new one)."""
    repeats = [event for event in events if event.kind == EventKind.OVERLAP_CHECK]
    first = repeats[0].payload.get("before") if repeats else case.overlap_snapshot
    checks = [_entry(first, "")]
    for event in repeats:
        checks.append(
            _entry(event.payload.get("after"), event.actor_label, event.payload.get("before"))
        )
    return checks[::-1]


def case_overlap_panel(*, case: Case, events: list[CaseEvent] | None = None) -> OverlapPanel:
    """The matches of the latest check (``Case.overlap_snapshot``), grouped and judged."""
    assessments: dict[str, OverlapAssessment] = {}
    for assessment in case.assessments.all():
        if assessment.offering_id:
            assessments[f"offering-{assessment.offering_id}"] = assessment
        else:
            assessments[f"case-{assessment.other_case_id}"] = assessment
    offerings = _snapshot_rows(case, "offering", assessments)
    ideas = _snapshot_rows(case, "case", assessments)
    for row in _assessed_rows(case, {row.key for row in offerings + ideas}):
        (offerings if row.kind == "offering" else ideas).append(row)
    history = list(case.events.all()) if events is None else events
    return OverlapPanel(offerings=offerings, ideas=ideas, checks=overlap_checks(case, history))
