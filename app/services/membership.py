"""Who sees which organization memberships: one rule for every surface.

A membership (a user in an organization) is visible to:

- everyone, if the member made it public (opt-in, private by default, as on
  GitHub and Gitea);
- the member themself, the organization's members and site administrators,
  always.

``User.organizations``, ``Organization.members`` / ``membersWithRole`` and
every REST route built on them (Gogs ``/users/{u}/orgs``, Gitea
``/orgs/{org}/members`` and ``/public_members``, Isurus
``/orgs/{org}/members``) list through the two queries below, so a member
list cannot be rebuilt from the other side.
"""

from __future__ import annotations

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet

from app.auth import scopes as sc
from app.errors import Forbidden, NotFound
from app.models import Account, Membership, MembershipRole
from app.services.actor import Actor


def _sees_everything(actor: Actor) -> bool:
    return actor.account is not None and actor.account.is_admin


def _viewer_organizations(account: Account) -> Subquery:
    """The ids of the organizations ``account`` belongs to."""
    return Subquery(Membership.filter(user_id=account.id).values("organization_id"))


def visible_memberships(actor: Actor) -> Q:
    """A filter on ``Membership`` rows: those the actor may see."""
    if _sees_everything(actor):
        return Q()
    if actor.account is None:
        return Q(is_public=True)
    return (
        Q(is_public=True)
        | Q(user_id=actor.account.id)
        | Q(organization_id__in=_viewer_organizations(actor.account))
    )


def organizations_query(actor: Actor, user: Account) -> QuerySet[Account]:
    """The organizations ``user`` belongs to, as far as the actor may see."""
    memberships = Membership.filter(visible_memberships(actor), user_id=user.id)
    return Account.filter(id__in=Subquery(memberships.values("organization_id")))


def members_query(
    actor: Actor, org: Account, viewer_membership: Membership | None, *, public_only: bool = False
) -> QuerySet[Membership]:
    """The organization's memberships the actor may see: every one for a member
    (``viewer_membership``, the actor's own, looked up by the caller) or a site
    administrator, the public ones for anyone else; only public ones if asked."""
    query = Membership.filter(organization_id=org.id)
    if public_only:
        return query.filter(is_public=True)
    if viewer_membership is not None or _sees_everything(actor):
        return query
    return query.filter(is_public=True)


async def set_visibility(actor: Actor, org: Account, user: Account, public: bool) -> Membership:
    """Publicize or conceal ``user``'s membership of ``org`` (Gitea's rule): only the
    member may publicize it; the member, an owner of the organization or a site admin
    may conceal it. Needs the ``admin`` scope, like every change to an account."""
    acting = actor.require_scope(sc.ADMIN)
    if acting.id != user.id:
        # Decided before looking the membership up, so the answer reveals nothing of it.
        if public:
            raise Forbidden("Only the member can make their own membership public.")
        viewer = await Membership.get_or_none(organization_id=org.id, user_id=acting.id)
        owner = viewer is not None and viewer.role == MembershipRole.OWNER
        if not (owner or actor.is_site_admin):
            raise Forbidden("Only the member or an owner can conceal a membership.")
    membership = await Membership.get_or_none(organization_id=org.id, user_id=user.id)
    if membership is None:
        raise NotFound(f"'{user.login}' is not a member of '{org.login}'.", field="login")
    if membership.is_public != public:
        membership.is_public = public
        await membership.save(update_fields=["is_public"])
    return membership
