"""Tortoise entities: the forge's persistent state."""

from app.models.account import Account, AccountKind, Membership, MembershipRole
from app.models.issue import Comment, Issue, IssueState, Label
from app.models.repository import Repository
from app.models.token import AccessToken

__models__ = [Account, Membership, AccessToken, Repository, Issue, Comment, Label]

__all__ = [
    "AccessToken",
    "Account",
    "AccountKind",
    "Comment",
    "Issue",
    "IssueState",
    "Label",
    "Membership",
    "MembershipRole",
    "Repository",
]
