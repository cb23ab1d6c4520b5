"""Following users, as in Gogs and on GitHub: public lists, one's own follows to change.

Only users are followed: an organization is not a user to follow (``NotFound``, as
an unknown user). Following needs ``FOLLOW_SCOPE`` on every surface.
"""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.exceptions import IntegrityError
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from app.auth import scopes as sc
from app.errors import InvalidInput, NotFound
from app.models import Account, Follow
from app.services.actor import Actor

FOLLOW_SCOPE = sc.FOLLOW


def _require_user(target: Account, field: str) -> None:
    if target.is_organization:
        raise NotFound(f"No user named '{target.login}'.", field=field)


async def follow(actor: Actor, target: Account, field: str = "userId") -> None:
    """The acting user follows ``target``; following again changes nothing."""
    account = actor.require_scope(FOLLOW_SCOPE)
    _require_user(target, field)
    if target.id == account.id:
        raise InvalidInput("You cannot follow yourself.", field=field)
    if await Follow.exists(follower_id=account.id, user_id=target.id):
        return
    try:
        await Follow.create(follower_id=account.id, user_id=target.id)
    except IntegrityError:
        # A concurrent request made the same follow: the unique pair decides, and it holds.
        return


async def unfollow(actor: Actor, target: Account, field: str = "userId") -> None:
    """The acting user stops following ``target``; not following already changes nothing."""
    account = actor.require_scope(FOLLOW_SCOPE)
    _require_user(target, field)
    await Follow.filter(follower_id=account.id, user_id=target.id).delete()


def followers_query(user: Account) -> QuerySet[Follow]:
    """The follows of ``user``, oldest first by id (each row's ``follower_id`` is a follower)."""
    return Follow.filter(user_id=user.id)


def following_query(user: Account) -> QuerySet[Follow]:
    """The follows ``user`` made (each row's ``user_id`` is someone they follow)."""
    return Follow.filter(follower_id=user.id)


async def counts(key: str, keys: Sequence[int]) -> list[int]:
    """For each account id, how many follows hold it in ``key`` (``user_id``: followers,
    ``follower_id``: following), in one query."""
    rows = (
        await Follow.filter(**{f"{key}__in": keys})
        .annotate(n=Count("id"))
        .group_by(key)
        .values(key, "n")
    )
    found = {row[key]: row["n"] for row in rows}
    return [int(found.get(k, 0)) for k in keys]


async def followed_among(follower_id: int, keys: Sequence[int]) -> list[bool]:
    """For each account id, whether ``follower_id`` follows it, in one query."""
    rows = await Follow.filter(follower_id=follower_id, user_id__in=keys).values_list(
        "user_id", flat=True
    )
    followed = set(rows)
    return [k in followed for k in keys]


async def following_among(user_id: int, keys: Sequence[int]) -> list[bool]:
    """For each account id, whether it follows ``user_id``, in one query."""
    rows = await Follow.filter(user_id=user_id, follower_id__in=keys).values_list(
        "follower_id", flat=True
    )
    followers = set(rows)
    return [k in followers for k in keys]


async def follows(follower: Account, user: Account) -> bool:
    return await Follow.exists(follower_id=follower.id, user_id=user.id)
