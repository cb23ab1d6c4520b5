"""Following and unfollowing users (GitHub's followUser and unfollowUser)."""

from __future__ import annotations

import strawberry

from app.services import follow as follows
from schema.context import Info
from schema.lookup import account_by_id
from schema.types.account import User


@strawberry.input
class FollowUserInput:
    user_id: strawberry.ID = strawberry.field(description="The user to follow.")


@strawberry.type
class FollowUserPayload:
    user: User = strawberry.field(description="The user followed.")


@strawberry.input
class UnfollowUserInput:
    user_id: strawberry.ID = strawberry.field(description="The user to unfollow.")


@strawberry.type
class UnfollowUserPayload:
    user: User = strawberry.field(description="The user unfollowed.")


@strawberry.type
class FollowMutations:
    @strawberry.mutation(
        description="Follow a user (not yourself, not an organization); following again "
        "changes nothing. Needs the 'repo:write' scope."
    )
    async def follow_user(self, info: Info, input: FollowUserInput) -> FollowUserPayload:
        info.context.actor.require_scope(follows.FOLLOW_SCOPE)
        target = await account_by_id(info, str(input.user_id), "userId", "User")
        await follows.follow(info.context.actor, target)
        return FollowUserPayload(user=User(model=target))

    @strawberry.mutation(
        description="Stop following a user; not following already changes nothing. Needs "
        "the 'repo:write' scope."
    )
    async def unfollow_user(self, info: Info, input: UnfollowUserInput) -> UnfollowUserPayload:
        info.context.actor.require_scope(follows.FOLLOW_SCOPE)
        target = await account_by_id(info, str(input.user_id), "userId", "User")
        await follows.unfollow(info.context.actor, target)
        return UnfollowUserPayload(user=User(model=target))
