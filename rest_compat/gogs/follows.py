"""Followers and following, in Gogs' shapes.

Lists are public for ``/users/{username}/...`` and the caller's own under ``/user/...``
(401 without a token); they page like Gogs' other lists (``page``, ``limit``, ``Link``,
``X-Total-Count``). Only users are followed: an organization (like an unknown login) is
404; following oneself is 422. Following again, and unfollowing someone not followed,
answer 204 and change nothing. Following needs ``repo:write`` (Gogs' ``repo`` holds it).
"""

from __future__ import annotations

from typing import Any

from rest_compat.dialect import Page
from rest_compat.errors import ApiError, not_found, require
from rest_compat.gogs import shapes
from rest_compat.gogs.operations import OPS
from rest_compat.gogs.repositories import page_variables, paged
from rest_compat.route import Call, Spec


def _require_viewer(data: dict[str, Any]) -> dict[str, Any]:
    viewer = data.get("viewer")
    if viewer is None:
        raise ApiError("UNAUTHENTICATED", "Send an access token to see who you follow.")
    return dict(viewer)


def _viewer_list(field: str) -> Any:
    def shape(data: dict[str, Any], call: Call) -> Page:
        return paged(_require_viewer(data)[field], call, shapes.user)

    return shape


def _user_list(field: str) -> Any:
    def shape(data: dict[str, Any], call: Call) -> Page:
        return paged(require(data.get("user"), "User")[field], call, shapes.user)

    return shape


def _user_page(call: Call) -> dict[str, Any]:
    return {"login": call.path["username"], **page_variables(call)}


def _target(call: Call) -> dict[str, Any]:
    return {"target": call.path["target"]}


def _viewer_follows(data: dict[str, Any], call: Call) -> None:
    _require_viewer(data)
    user = data.get("user")
    if user is None or not user["viewerIsFollowing"]:
        raise not_found("Not following.")


def _user_follows(data: dict[str, Any], call: Call) -> None:
    user = data.get("user")
    if user is None or not user["isFollowing"]:
        raise not_found("Not following.")


def _admit_target(call: Call) -> None:
    """Who asks before whom: without a token 401, an unknown user (or an organization) 404."""
    _require_viewer(call.lookup)
    require(call.lookup.get("user"), "User")


def _target_input(call: Call) -> dict[str, Any]:
    return {"input": {"userId": call.lookup["user"]["id"]}}


list_my_followers = Spec(OPS["ViewerFollowers"], _viewer_list("followers"), page_variables)
list_user_followers = Spec(OPS["UserFollowers"], _user_list("followers"), _user_page)
list_my_following = Spec(OPS["ViewerFollowing"], _viewer_list("following"), page_variables)
list_user_following = Spec(OPS["UserFollowing"], _user_list("following"), _user_page)
check_following = Spec(OPS["ViewerIsFollowing"], _viewer_follows, _target, status=204)
check_user_following = Spec(
    OPS["UserIsFollowing"],
    _user_follows,
    lambda call: {"login": call.path["username"], "target": call.path["target"]},
    status=204,
)
follow_user = Spec(
    OPS["FollowUser"],
    lambda data, call: None,
    _target_input,
    status=204,
    lookup=OPS["FollowTarget"],
    lookup_variables=_target,
    admit=_admit_target,
)
unfollow_user = Spec(
    OPS["UnfollowUser"],
    lambda data, call: None,
    _target_input,
    status=204,
    lookup=OPS["FollowTarget"],
    lookup_variables=_target,
    admit=_admit_target,
)
