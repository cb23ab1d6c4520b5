"""REST APIs of other forges, each route running a GraphQL operation.

Adding a dialect (``rest_compat/<name>/``):

- ``operations/*.graphql``: named operations (fragments shared by the files of
  the directory), loaded with ``rest_compat.operations.load`` at import; an
  operation that does not validate against the schema fails the import.
- a ``Dialect`` (``rest_compat.dialect``): its error function maps an
  ``ApiError`` (``code`` is the schema's ``extensions.code`` or one of
  ``MALFORMED_BODY``, ``PAYLOAD_TOO_LARGE``, ``METHOD_NOT_ALLOWED``) to
  (status, body); ``envelope`` wraps successes; ``paginate`` places a ``Page``.
- one ``Spec`` per route (``rest_compat.route``): the operation, a pure
  ``variables(call)``, a pure ``shape(data, call)`` returning JSON or a
  ``Page``, the status; ``lookup`` runs a first operation when the main one
  needs global ids the path does not carry; ``reads_form`` takes a
  ``multipart/form-data`` body (files spooled to disk, read only after the
  lookup and the spec's ``admit`` check); ``fields`` renames the GraphQL input
  fields an error names to the route's body fields.
- a table ``ROUTES = [Route(path, endpoint(DIALECT, spec), methods=[...],
  name=<the operation's name in the seed document>), ...]`` in document order,
  mounted by ``rest_compat.mount`` (``dialect_tables`` for ``/api/v1``).

``tests/fast/test_rest_selections.py`` runs every routed spec on synthetic
results of its operations: a shape that reads a field its operation does not
select fails there (a deliberate ``.get`` of such a field is listed in its
``OPTIONAL_READS``).
"""
