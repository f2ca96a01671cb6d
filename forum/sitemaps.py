from django.contrib.sitemaps import Sitemap

from forum.models import PostStatus, Thread


class ForumSitemap(Sitemap):
    """Public threads only: members-only categories stay out of search engines."""

    changefreq = "daily"
    limit = 5000

    def items(self):
        return (
            Thread.objects.filter(status=PostStatus.PUBLISHED, category__members_only=False)
            .select_related("category")
            .order_by("-last_activity_at")
        )

    def lastmod(self, item: Thread):
        return item.last_activity_at
