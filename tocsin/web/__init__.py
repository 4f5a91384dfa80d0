"""The dashboard: one HTML page, plain JavaScript and CSS, served by the API process.

    from tocsin.web import install_dashboard
    install_dashboard(app, store)     # adds /, /static/*, /aggregates/timeline, /map/points, /facets

Every view of the page is drawn from a JSON endpoint with the same filters
(its "JSON twin"): the map from ``/map/points``, the timeline from
``/aggregates/timeline``, the table from ``/events``, the event panel from
``/events/{id}`` and ``/articles/{id}``, the alerts panel (one row per stored alert,
with its 28-day indicator sparkline) from ``/alerts``. Nothing is loaded from another host: the
country outlines ship in ``static/world.geojson`` (see ``tools/build_world.py``).
"""
from tocsin.web.routes import STATIC_DIR, install_dashboard, query_from_params

__all__ = ["STATIC_DIR", "install_dashboard", "query_from_params"]
