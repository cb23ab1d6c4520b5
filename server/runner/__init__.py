"""``ingot runner``: a separate process that runs CI pipelines for a forge.

It speaks only the agent API (``/isurus/api/v1/ci/*``, ``docs/rest/isurus.md``)
over HTTP, so it may run on another machine than the forge.
"""
