"""What announcements add to the base's registries (called from AnnouncementsConfig.ready())."""

from announcements.demo import demo_announcements
from labo.core.demo.registry import DemoStep, register_demo_step


def register() -> None:
    register_demo_step(DemoStep("announcements", 60, lambda site: demo_announcements()))
