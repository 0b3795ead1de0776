"""Who is support staff, and over which countries and regions."""

from dataclasses import dataclass

from django.db.models import Q

from twinning.accounts.models import SupportService, User


@dataclass(frozen=True)
class SupportScope:
    """The union of the scopes of every support service a user staffs."""

    central: bool
    countries: frozenset[str]
    regions: frozenset[str]

    @property
    def is_empty(self) -> bool:
        return not (self.central or self.countries or self.regions)

    def covers(self, *, country: str, region: str = "") -> bool:
        return self.central or country in self.countries or (bool(region) and region in self.regions)

    def filter(self, country_field: str, region_field: str) -> Q:
        """A queryset filter selecting rows inside this scope (nothing when empty)."""
        if self.central:
            return Q()
        q = Q(pk__in=[])
        if self.countries:
            q |= Q(**{f"{country_field}__in": sorted(self.countries)})
        if self.regions:
            q |= Q(**{f"{region_field}__in": sorted(self.regions)})
        return q


def support_scope(user: User) -> SupportScope:
    """The scope of `user` as support staff; cached on the user object for the request."""
    if not user.is_authenticated:
        return SupportScope(central=False, countries=frozenset(), regions=frozenset())
    cached = getattr(user, "_support_scope", None)
    if cached is not None:
        return cached
    services = list(SupportService.objects.filter(staff=user).values_list("kind", "country", "region"))
    scope = SupportScope(
        central=any(kind == SupportService.Kind.CENTRAL for kind, _c, _r in services),
        countries=frozenset(c for kind, c, _r in services if kind == SupportService.Kind.NATIONAL),
        regions=frozenset(r for kind, _c, r in services if kind == SupportService.Kind.REGIONAL),
    )
    user._support_scope = scope  # type: ignore[attr-defined]
    return scope


def is_support_staff(user: User) -> bool:
    return not support_scope(user).is_empty
