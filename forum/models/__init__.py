from forum.models.activity import CategoryFollow, PostSubmission, ThreadFollow, ThreadRead
from forum.models.categories import Category
from forum.models.images import PostImage
from forum.models.moderation import Flag, FlagReason, ModerationAction, ModerationActionKind
from forum.models.posts import PostStatus, Reply, Thread, ThreadTag

__all__ = [
    "Category",
    "CategoryFollow",
    "Flag",
    "FlagReason",
    "ModerationAction",
    "ModerationActionKind",
    "PostImage",
    "PostStatus",
    "PostSubmission",
    "Reply",
    "Thread",
    "ThreadFollow",
    "ThreadRead",
    "ThreadTag",
]
