"""What a compliance check says about one rule for one tender."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from procure.snapshot import enumerate_numbers


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"
    JUSTIFIED = "justified"  # failed, but the buyer recorded a written reason


class Severity(StrEnum):
    BLOCKING = "blocking"
    WARNING = "warning"
    ADVICE = "advice"


@dataclass(frozen=True)
class RuleResult:
    rule_id: str
    title: dict[str, str]  # {"fr": ..., "en": ...}
    severity: Severity
    outcome: Outcome
    why: dict[str, str]  # why this outcome, in both languages
    action: dict[str, str] = field(default_factory=dict)  # what to do, when failed
    legal_basis: tuple[tuple[str, str | None], ...] = ()  # (code, article) in legal_bases.yaml
    satisfying_clauses: tuple[str, ...] = ()  # clause ids that would satisfy the rule
    satisfying_titles: tuple[dict[str, str], ...] = ()  # their titles, in the same order
    justification: str = ""  # the buyer's reason, when JUSTIFIED
    verified: bool = True  # False when the rule rests on facts marked [memory]
    lots: tuple[int, ...] = ()  # the lots this result is about; empty: the whole contract

    def lots_label(self, language: str) -> str:
        """ "Lot 2", "Lots 1 et 3"; empty for a result about the whole contract."""
        if not self.lots:
            return ""
        word = "Lot" if len(self.lots) == 1 else "Lots"
        return f"{word} {enumerate_numbers(self.lots, language)}"

    def satisfying(self, language: str) -> list[tuple[str, str]]:
        """(slug, title) of each clause that would satisfy the rule, for a link that
        reads as the clause's title (the slug when no title is known)."""
        titles = list(self.satisfying_titles) + [{}] * len(self.satisfying_clauses)
        return [
            (slug, titles[index].get(language) or slug)
            for index, slug in enumerate(self.satisfying_clauses)
        ]

    @property
    def blocks_download(self) -> bool:
        return self.severity is Severity.BLOCKING and self.outcome is Outcome.FAILED
