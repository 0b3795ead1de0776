from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from twinning.profiles.models import Audience, Profile


class ProfileSitemap(Sitemap):
    """Public profiles whose owners let search engines index them."""

    changefreq = "weekly"
    limit = 5000

    def items(self) -> QuerySet[Profile]:
        return (
            Profile.objects.filter(visibility=Audience.EVERYONE, hide_from_search_engines=False, user__is_active=True)
            .order_by("pk")
            .only("pk", "user_id", "updated_at")
        )

    def location(self, item: Profile) -> str:
        from django.urls import reverse

        return reverse("profiles:detail", args=[item.user_id])

    def lastmod(self, item: Profile) -> object:
        return item.updated_at
