"""Webhook renderers: what each webhook ``type`` sends for an event (body and headers).

A renderer loads the event's subject through named GraphQL operations, as any
REST route does, and hands the results to the pure payload functions of its
dialect (``rest_compat/<dialect>/payloads.py``); ``signing.py`` adds the
dialect's delivery headers and signatures.
"""
