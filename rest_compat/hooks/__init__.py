"""Webhook renderers: what each webhook ``type`` sends for an event (body and headers).

A renderer loads the event's subject through named GraphQL operations, as any
REST route does, and hands the results to the pure payload functions of its
dialect (``rest_compat/<dialect>/payloads.py``); ``signing.py`` adds the
dialect's delivery headers and signatures.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from rest_compat.hooks.gogs import render_chat, render_gogs
from rest_compat.hooks.isurus import render_isurus
from rest_compat.hooks.kod import render_kod
from rest_compat.hooks.render import Delivery, Rendered, Run, SubjectGone

Renderer = Callable[[Run, Delivery], Coroutine[Any, Any, Rendered]]

# Every webhook type and what renders it; ``gogs`` is the default type.
RENDERERS: dict[str, Renderer] = {
    "gogs": render_gogs,
    "gitea": render_gogs,
    "slack": render_chat,
    "discord": render_chat,
    "kod": render_kod,
    "isurus": render_isurus,
}

__all__ = ["RENDERERS", "Delivery", "Rendered", "Renderer", "Run", "SubjectGone"]
