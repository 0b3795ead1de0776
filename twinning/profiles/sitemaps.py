from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from twinning.profiles.models import Profile
from twinning.profiles.permissions import indexable_profiles


class ProfileSitemap(Sitemap):
    """Public profiles whose owners let search engines index them (the rule lives in permissions)."""

    changefreq = "weekly"
    limit = 5000

    def items(self) -> QuerySet[Profile]:
        return indexable_profiles().order_by("pk").only("pk", "user_id", "updated_at")

    def location(self, item: Profile) -> str:
        return reverse("profiles:detail", args=[item.user_id])

    def lastmod(self, item: Profile) -> object:
        return item.updated_at
