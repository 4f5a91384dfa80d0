"""HTTP API over the event store: ``create_app(store_url)`` and ``serve(store_url, host, port)``."""
from tocsin.api.app import app_from_env, create_app, running_server, serve

__all__ = ["app_from_env", "create_app", "running_server", "serve"]
