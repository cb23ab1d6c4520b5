"""Subscriptions: a pipeline's log and status as they change (over WebSocket, see
``server/graphql_ws.py``; the streams are ``app/services/pipeline_live.py``'s).

Both look the pipeline up like any id (``NOT_FOUND`` for one the viewer may not
read, before anything streams) and complete when the pipeline has ended.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator

import strawberry

from app.models import Pipeline as PipelineModel
from app.services import pipeline_action, pipeline_live
from app.services.pipeline_source import StoredPipeline
from schema.context import Info
from schema.loaders import Loaders
from schema.lookup import in_repository
from schema.types.pipeline import Pipeline


@strawberry.type(description="Text stored in a step's log, in the order it was stored.")
class PipelineLogChunk:
    step_number: int = strawberry.field(description="The step whose log this continues.")
    text: str = strawberry.field(description="The new text (secrets masked as ***).")


async def _visible(info: Info, pipeline_id: strawberry.ID) -> PipelineModel:
    """The pipeline: NOT_FOUND unless the viewer can read its repository, FORBIDDEN for a
    token without workflow:read (as ``Repository.pipeline`` answers)."""
    repo, pipeline = await in_repository(
        info, str(pipeline_id), "Pipeline", "pipelineId", "Pipeline not found."
    )
    await pipeline_action.require_read(info.context.actor, repo)
    found: PipelineModel = pipeline
    return found


async def _log(info: Info, pipeline_id: int) -> AsyncIterator[PipelineLogChunk]:
    events = info.context.runtime.pipeline_events
    stream = pipeline_live.log_stream(events, pipeline_id, StoredPipeline(pipeline_id))
    async for chunk in stream:
        yield PipelineLogChunk(step_number=chunk.step_number, text=chunk.text)


async def _status(info: Info, pipeline_id: int) -> AsyncIterator[Pipeline]:
    events = info.context.runtime.pipeline_events
    stream = pipeline_live.status_stream(events, pipeline_id, StoredPipeline(pipeline_id))
    async for _status_now in stream:
        found = await PipelineModel.get_or_none(id=pipeline_id)
        if found is None:
            return
        # Each event is read afresh: the loaders of the last one hold old rows.
        account = info.context.actor.account
        info.context.loaders = Loaders(account.id if account else None)
        yield Pipeline.of(found)


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="A pipeline's log: every step's stored text first, then new text as it "
        "is stored, each piece once, in order. Completes when the pipeline has ended. "
        "Needs read access to the repository (and workflow:read for a token)."
    )
    async def pipeline_log(
        self, info: Info, pipeline_id: strawberry.ID
    ) -> AsyncGenerator[PipelineLogChunk, None]:
        pipeline = await _visible(info, pipeline_id)
        return _log(info, pipeline.id)  # type: ignore[return-value]

    @strawberry.subscription(
        description="A pipeline as it is now, then again after each change of its status "
        "or of a step's (status, exit code, times, cancelRequested). Completes when the "
        "pipeline has ended. Needs read access to the repository."
    )
    async def pipeline_status(
        self, info: Info, pipeline_id: strawberry.ID
    ) -> AsyncGenerator[Pipeline, None]:
        pipeline = await _visible(info, pipeline_id)
        return _status(info, pipeline.id)  # type: ignore[return-value]
