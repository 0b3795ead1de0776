"""Reading a teacher's progress: one grouped query, whatever the history's length."""

from dataclasses import dataclass

from django.db.models import Count

from twinning.accounts.models import User
from twinning.progress.models import ProgressAction
from twinning.progress.rules import RULES, SELF_LEARNING_KINDS, Area, Rule, area_caps


@dataclass(frozen=True)
class AreaProgress:
    area: Area
    counted: int
    cap: int

    @property
    def percent(self) -> int:
        return round(100 * self.counted / self.cap) if self.cap else 0


@dataclass(frozen=True)
class ProgressSummary:
    areas: list[AreaProgress]
    counts: dict[str, int]
    self_learning: int = 0
    """Self-learning modules completed: shown beside the areas, not part of the percentages."""

    @property
    def counted(self) -> int:
        return sum(a.counted for a in self.areas)

    @property
    def cap(self) -> int:
        return sum(a.cap for a in self.areas)

    @property
    def percent(self) -> int:
        return round(100 * self.counted / self.cap) if self.cap else 0

    def next_actions(self) -> list[Rule]:
        """The kinds that would still count for this teacher, in rule order."""
        return [rule for rule in RULES.values() if self.counts.get(rule.kind, 0) < rule.cap]


def progress_summary(*, user: User) -> ProgressSummary:
    counts = dict(
        ProgressAction.objects.filter(user=user).values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
    )
    caps = area_caps()
    counted = {area.value: 0 for area in Area}
    for kind, n in counts.items():
        rule = RULES.get(kind)
        if rule:
            counted[rule.area.value] += min(n, rule.cap)
    areas = [AreaProgress(area=area, counted=counted[area.value], cap=caps[area.value]) for area in Area]
    self_learning = sum(n for kind, n in counts.items() if kind in SELF_LEARNING_KINDS)
    return ProgressSummary(areas=areas, counts=counts, self_learning=self_learning)


@dataclass(frozen=True)
class AreaRules:
    """An area and the rules that count in it (none yet for areas whose features do not exist)."""

    area: Area
    rules: list[Rule]

    @property
    def cap(self) -> int:
        return sum(rule.cap for rule in self.rules)


def rules_by_area() -> list[AreaRules]:
    """Every area in order, each with its rules in registry order."""
    return [AreaRules(area=area, rules=[r for r in RULES.values() if r.area == area]) for area in Area]


def progress_explained(*, user: User | None) -> dict[str, object]:
    """What the "(?)" page shows: the rules for everyone, and the viewer's own next actions when signed in."""
    context: dict[str, object] = {"areas": rules_by_area(), "summary": None, "next_actions": []}
    if user is not None:
        summary = progress_summary(user=user)
        context["summary"] = summary
        context["next_actions"] = summary.next_actions()
    return context
