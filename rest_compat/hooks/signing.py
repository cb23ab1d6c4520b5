"""Delivery headers per webhook type, around one signature: hex HMAC-SHA256 of the JSON.

Each function takes the signature the sender computed with the webhook's
secret (``None`` without a secret: the signature headers are then absent;
Gogs and Gitea send them empty, which a receiver may mistake for a value).
For a Gogs ``form`` webhook the body is ``payload=<the JSON, URL-encoded>``
and the signature is still over the JSON, as Gogs and Gitea compute it
(``prepareHookTasks``; Gitea's ``Deliver``). ``Content-Type`` is the
sender's to set, from the rendered content type.
"""

from __future__ import annotations

from urllib.parse import urlencode

KOD_USER_AGENT = "Kod-Webhooks"
USER_AGENT = "Ingot-Webhooks"
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def form_body(payload: bytes) -> bytes:
    """Gogs' ``form`` content type: one field, ``payload``, holding the JSON."""
    return urlencode({"payload": payload.decode("utf-8")}).encode("ascii")


def gogs_headers(
    event: str, guid: str, signature: str | None, gitea: bool = False
) -> dict[str, str]:
    """What Gogs sends (``X-Gogs-*``, ``X-GitHub-Event``/``-Delivery``) and what Gitea-era
    receivers look for (``X-Gitea-*``, ``X-Hub-Signature-256``), with the same values;
    a ``gitea`` webhook also gets Gitea's ``*-Event-Type`` headers."""
    headers = {
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
    if signature is not None:
        headers |= {
            "X-Gogs-Signature": signature,
            "X-Gitea-Signature": signature,
            "X-Hub-Signature-256": f"sha256={signature}",
        }
    return headers


def chat_headers(event: str, guid: str) -> dict[str, str]:
    """Slack and Discord take plain JSON; the event and delivery headers stay for tracing."""
    return {"User-Agent": USER_AGENT, "X-Gogs-Event": event, "X-Gogs-Delivery": guid}


def kod_headers(event: str, guid: str, signature: str | None) -> dict[str, str]:
    """Kod's: ``User-Agent: Kod-Webhooks``, ``X-Kod-Event``, ``X-Kod-Delivery`` and, with a
    secret, ``X-Kod-Signature-256: sha256=<hex>``."""
    headers = {"User-Agent": KOD_USER_AGENT, "X-Kod-Event": event, "X-Kod-Delivery": guid}
    if signature is not None:
        headers["X-Kod-Signature-256"] = f"sha256={signature}"
    return headers


def isurus_headers(event: str, guid: str, signature: str | None) -> dict[str, str]:
    """Isurus documents no delivery headers; Ingot sends Kod's scheme under Isurus' name
    (``X-Isurus-Event``, ``X-Isurus-Delivery``, ``X-Isurus-Signature-256``), plus
    ``X-Hub-Signature-256``, which generic receivers check."""
    headers = {"User-Agent": USER_AGENT, "X-Isurus-Event": event, "X-Isurus-Delivery": guid}
    if signature is not None:
        headers["X-Isurus-Signature-256"] = f"sha256={signature}"
        headers["X-Hub-Signature-256"] = f"sha256={signature}"
    return headers


def headers_for(webhook_type: str, event: str, guid: str, signature: str | None) -> dict[str, str]:
    """The type's headers for a body made elsewhere (a ``payloadQuery``'s data)."""
    if webhook_type == "kod":
        return kod_headers(event, guid, signature)
    if webhook_type == "isurus":
        return isurus_headers(event, guid, signature)
    if webhook_type in ("slack", "discord"):
        return chat_headers(event, guid)
    return gogs_headers(event, guid, signature, gitea=webhook_type == "gitea")
