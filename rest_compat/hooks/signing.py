"""Delivery headers and HMAC-SHA256 signatures, per webhook type.

Every signature is the hex HMAC-SHA256 of the exact JSON payload with the
webhook's secret. For a Gogs ``form`` webhook the body is ``payload=<the JSON,
URL-encoded>`` and the signature is still over the JSON, as Gogs and Gitea
compute it (``prepareHookTasks``; Gitea's ``Deliver``). Without a secret the
signature headers are absent (Gogs and Gitea send them empty; an empty header
is one a receiver may mistake for a value).
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlencode

KOD_USER_AGENT = "Kod-Webhooks"
USER_AGENT = "Ingot-Webhooks"


def sign(secret: str, payload: bytes) -> str:
    """Hex HMAC-SHA256 of ``payload`` keyed with ``secret``."""
    return hmac.new(secret.encode("utf-8"), payload, hashlib.sha256).hexdigest()


def form_body(payload: bytes) -> bytes:
    """Gogs' ``form`` content type: one field, ``payload``, holding the JSON."""
    return urlencode({"payload": payload.decode("utf-8")}).encode("ascii")


def gogs_headers(
    event: str, guid: str, payload: bytes, secret: str, content_type: str, gitea: bool = False
) -> dict[str, str]:
    """What Gogs sends (``X-Gogs-*``, ``X-GitHub-Event``/``-Delivery``) and what Gitea-era
    receivers look for (``X-Gitea-*``, ``X-Hub-Signature-256``), with the same values.

    A ``gitea`` webhook also gets Gitea's ``*-Event-Type`` headers and the SHA-1
    ``X-Hub-Signature`` Gitea still sends."""
    headers = {
        "Content-Type": (
            "application/x-www-form-urlencoded" if content_type == "form" else "application/json"
        ),
        "User-Agent": USER_AGENT,
        "X-Gogs-Event": event,
        "X-Gogs-Delivery": guid,
        "X-Gitea-Event": event,
        "X-Gitea-Delivery": guid,
        "X-GitHub-Event": event,
        "X-GitHub-Delivery": guid,
    }
    if gitea:
        headers |= {
            "X-Gitea-Event-Type": event,
            "X-Gogs-Event-Type": event,
            "X-GitHub-Event-Type": event,
        }
    if secret:
        signature = sign(secret, payload)
        headers |= {
            "X-Gogs-Signature": signature,
            "X-Gitea-Signature": signature,
            "X-Hub-Signature-256": f"sha256={signature}",
        }
        if gitea:
            digest = hmac.new(secret.encode("utf-8"), payload, hashlib.sha1).hexdigest()
            headers["X-Hub-Signature"] = f"sha1={digest}"
    return headers


def chat_headers(event: str, guid: str) -> dict[str, str]:
    """Slack and Discord take plain JSON; the event and delivery headers stay for tracing."""
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Gogs-Event": event,
        "X-Gogs-Delivery": guid,
    }


def kod_headers(event: str, guid: str, payload: bytes, secret: str) -> dict[str, str]:
    """Kod's: ``User-Agent: Kod-Webhooks``, ``X-Kod-Event``, ``X-Kod-Delivery`` and, with a
    secret, ``X-Kod-Signature-256: sha256=<hex>``."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": KOD_USER_AGENT,
        "X-Kod-Event": event,
        "X-Kod-Delivery": guid,
    }
    if secret:
        headers["X-Kod-Signature-256"] = f"sha256={sign(secret, payload)}"
    return headers


def isurus_headers(event: str, guid: str, payload: bytes, secret: str) -> dict[str, str]:
    """Isurus documents no delivery headers; Ingot sends Kod's scheme under Isurus' name
    (``X-Isurus-Event``, ``X-Isurus-Delivery``, ``X-Isurus-Signature-256``), plus
    ``X-Hub-Signature-256`` which generic receivers check."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Isurus-Event": event,
        "X-Isurus-Delivery": guid,
    }
    if secret:
        signature = f"sha256={sign(secret, payload)}"
        headers["X-Isurus-Signature-256"] = signature
        headers["X-Hub-Signature-256"] = signature
    return headers
