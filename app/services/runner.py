"""CI runners: minting their tokens, authenticating them, heartbeats, listing and revoking.

A runner token (``ingotr_``) is accepted by the agent API only; the user
surfaces refuse it as an invalid token (``app.services.session``), and the
agent API refuses user tokens, so neither credential can stand in for the other.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.auth.token import RUNNER_PREFIX, generate_token, hash_token, looks_like_token
from app.errors import Forbidden, InvalidInput, NotFound, Unauthenticated
from app.models import Pipeline, PipelineStatus
from app.models.runner import Runner
from app.services.actor import Actor
from app.services.naming import validate_text

MAX_CAPACITY = 64
HEARTBEAT_GRANULARITY = timedelta(seconds=1)
INVALID = "The runner token is invalid or revoked."


def _now() -> datetime:
    return datetime.now(UTC)


async def create_runner(name: str, capacity: int = 1) -> tuple[Runner, str]:
    """A new runner and its token (shown once; only its hash is kept). The CLI's
    ``ingot admin create-runner`` calls this: whoever runs the CLI administers the server."""
    validate_text(name, field="name", max_length=255, required=True)
    if not 1 <= capacity <= MAX_CAPACITY:
        raise InvalidInput(f"A capacity is 1 to {MAX_CAPACITY}.", field="capacity")
    secret = generate_token(RUNNER_PREFIX)
    runner = await Runner.create(
        name=name, token_hash=hash_token(secret), last_eight=secret[-8:], capacity=capacity
    )
    return runner, secret


def is_runner_token(secret: str) -> bool:
    return looks_like_token(secret, (RUNNER_PREFIX,))


async def authenticate_runner(secret: str) -> Runner:
    """The runner holding ``secret``; revoked and unknown tokens are refused alike."""
    if not is_runner_token(secret):
        raise Unauthenticated(INVALID)
    runner = await Runner.get_or_none(token_hash=hash_token(secret))
    if runner is None or not runner.is_usable():
        raise Unauthenticated(INVALID)
    return runner


def require_runner(actor: Actor) -> Runner:
    """The runner behind an agent API call; a user token (or none) is UNAUTHENTICATED."""
    if actor.runner is None:
        raise Unauthenticated("The CI agent API takes a runner token (ingot admin create-runner).")
    return actor.runner


async def heartbeat(runner: Runner, capacity: int | None = None) -> Runner:
    """Record that ``runner`` is alive (and how many pipelines it runs at once); written
    at most once a ``HEARTBEAT_GRANULARITY``, so an idle runner's polls stay reads."""
    now = _now()
    changes: dict[str, object] = {}
    if runner.last_heartbeat_at is None or now - runner.last_heartbeat_at > HEARTBEAT_GRANULARITY:
        changes["last_heartbeat_at"] = now
    if capacity is not None and 1 <= capacity <= MAX_CAPACITY and capacity != runner.capacity:
        changes["capacity"] = capacity
    if changes:
        await Runner.filter(id=runner.id).update(**changes)
        runner.update_from_dict(changes)
    return runner


async def busy(runner: Runner) -> int:
    """How many pipelines ``runner`` is running now."""
    return await Pipeline.filter(runner_id=runner.id, status=PipelineStatus.RUNNING).count()


def require_admin(actor: Actor) -> None:
    actor.require_account()
    if not actor.is_site_admin:
        raise Forbidden("Only a site administrator can manage runners.")


async def list_runners(actor: Actor) -> list[Runner]:
    """Every runner not revoked, oldest first (site administrators only)."""
    require_admin(actor)
    return await Runner.filter(revoked_at=None).order_by("id")


async def revoke_runner(actor: Actor, runner_id: int) -> Runner:
    """Revoke a runner: its token stops working at once (site administrators only)."""
    require_admin(actor)
    runner = await Runner.get_or_none(id=runner_id, revoked_at=None)
    if runner is None:
        raise NotFound("No such runner.")
    runner.revoked_at = _now()
    await runner.save(update_fields=["revoked_at"])
    return runner
