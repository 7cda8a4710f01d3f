"""``dutygraph serve``: a local web app and a SPARQL 1.1 endpoint over a store.

* :func:`graph.serve.app.create_app` – the ASGI app (Starlette) for a pyoxigraph
  store: pages for plans, items, units and groups, the named queries, a SPARQL
  editor, the views and charts, a JSON API with its OpenAPI document, and ``/sparql``;
* :mod:`graph.serve.security` – the guard every request passes (size limits,
  Content-Security-Policy) and :func:`~graph.serve.security.bind_warning`.

Importing this package loads nothing heavy; the app's modules import Starlette,
Jinja2 and pyoxigraph.
"""

from graph.serve.security import bind_warning, is_loopback

__all__ = ["bind_warning", "is_loopback"]
