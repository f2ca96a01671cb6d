"""Times in good French: the server writes the full date (a kept page never freezes « il y a
3 minutes »), the browser reads it as « à l'instant », « il y a 3 minutes »… for a week, then
leaves the date."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from forum.models import Thread


def test_recent_activity_reads_as_relative_times_in_french(page):
    threads = list(Thread.objects.filter(category__members_only=False).order_by("pk")[:3])
    category = threads[0].category
    now = timezone.now()
    for thread, ago in zip(
        threads, (timedelta(seconds=10), timedelta(minutes=3), timedelta(days=30)), strict=True
    ):
        Thread.objects.filter(pk=thread.pk).update(category=category, last_activity_at=now - ago)
    page.goto(f"/forum/{category.slug}/")

    def shown(thread):
        row = page.locator("li, tr").filter(has=page.get_by_role("link", name=thread.title)).last
        return row.locator("time[data-relative]").first

    expect(shown(threads[0])).to_have_text("à l'instant")
    expect(shown(threads[1])).to_have_text("il y a 3 minutes")
    old = timezone.localtime(now - timedelta(days=30))
    expect(shown(threads[2])).to_contain_text(str(old.year))
    # The full date stays at hand.
    assert str(timezone.localtime(now).year) in shown(threads[1]).get_attribute("title")
