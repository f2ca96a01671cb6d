from forum.models.activity import CategoryFollow, PostSubmission, ThreadFollow, ThreadRead
from forum.models.categories import Category
from forum.models.images import PostImage
from forum.models.moderation import Flag, FlagReason, ModerationAction, ModerationActionKind
from forum.models.posts import PostStatus, Reply, Thread, ThreadTag
from forum.models.reactions import Reaction, ReactionKind
from forum.models.trust import MemberTrust, TrustLevel

__all__ = [
    "Category",
    "CategoryFollow",
    "Flag",
    "FlagReason",
    "MemberTrust",
    "ModerationAction",
    "ModerationActionKind",
    "PostImage",
    "PostStatus",
    "PostSubmission",
    "Reaction",
    "ReactionKind",
    "Reply",
    "Thread",
    "ThreadFollow",
    "ThreadRead",
    "ThreadTag",
    "TrustLevel",
]
