"""HTTP API over the event store (FastAPI); OpenAPI docs at /docs.

    from tocsin.api import create_app, serve
    serve("sqlite:///tocsin.db", port=8000)      # or: uvicorn "tocsin.api:app_from_env" --factory
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from tocsin.store import SORTS, EventQuery, Store, open_store

ListParam = Annotated[list[str] | None, Query()]


def _flat(values: list[str] | None) -> list[str] | None:
    """Repeated parameters and comma-separated values are the same: ?country=POL,FRA == ?country=POL&country=FRA."""
    if not values:
        return None
    out = [v.strip() for value in values for v in value.split(",") if v.strip()]
    return out or None


async def reject_unknown_parameters(request: Request) -> None:
    """422 for a query parameter the endpoint does not take (``?event_type=`` for ``?type=``): a
    misspelt filter silently ignored would return every event and look like an answer.

    An endpoint that reads the query string itself names what it takes in ``tocsin_params``
    on its function ("any" for the dashboard page, whose URL carries its own state).
    """
    route = request.scope.get("route")
    allowed = getattr(getattr(route, "endpoint", None), "tocsin_params", None)
    if allowed == "any":
        return
    if allowed is None:
        dependant = getattr(route, "dependant", None)
        if dependant is None:
            return
        allowed = {p.alias for p in dependant.query_params}
    unknown = sorted(set(request.query_params) - set(allowed))
    if unknown:
        raise HTTPException(status_code=422, detail=(
            f"unknown parameter{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"{request.url.path} takes {', '.join(sorted(allowed)) or 'none'}"))


def create_app(store_url: str | None = None, *, store: Store | None = None) -> FastAPI:
    """The API app over the store at ``store_url`` (default ``$TOCSIN_DB`` or ``sqlite:///tocsin.db``)."""
    owned = store is None
    the_store = store if store is not None else open_store(store_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        if owned:
            the_store.close()

    app = FastAPI(
        title="tocsin events",
        version="1",
        description="Deduplicated PLOVER political events with their evidence, coded by tocsin.",
        lifespan=lifespan,
        dependencies=[Depends(reject_unknown_parameters)],
    )
    app.state.store = the_store

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError) -> JSONResponse:
        # a malformed parameter (date, cursor, sort, bbox, format): 422 like FastAPI's own checks
        return JSONResponse(status_code=422, content={"detail": str(exc)})

    @app.get("/events", summary="Search canonical events")
    def list_events(
        start: Annotated[str | None, Query(description="Earliest event date, YYYY-MM-DD")] = None,
        end: Annotated[str | None, Query(description="Latest event date, YYYY-MM-DD")] = None,
        country: Annotated[list[str] | None, Query(description="ISO3 of the event's place (comma-separated or repeated)")] = None,
        type: Annotated[list[str] | None, Query(description="PLOVER event type, e.g. PROTEST")] = None,
        mode: Annotated[list[str] | None, Query(description="PLOVER mode, e.g. strike")] = None,
        status: Annotated[list[str] | None, Query(description="occurred, ongoing, planned, threatened, hypothetical, negated")] = None,
        actor: Annotated[list[str] | None, Query(description="Actor code (ISO3 or organisation) of any mention")] = None,
        recipient: Annotated[list[str] | None, Query(description="Recipient code of any mention")] = None,
        sector: Annotated[list[str] | None, Query(description="PLOVER sector of an actor or recipient")] = None,
        bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
        q: Annotated[str | None, Query(description="Full-text search on the evidence (all words must match)")] = None,
        min_mentions: Annotated[int | None, Query(ge=1)] = None,
        sort: Annotated[str, Query(description=f"One of {', '.join(SORTS)}; prefix - for descending")] = "-date",
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
        cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    ) -> dict[str, Any]:
        query = EventQuery(start=start, end=end, country=_flat(country), event_type=_flat(type),
                           mode=_flat(mode), status=_flat(status), actor=_flat(actor),
                           recipient=_flat(recipient), sector=_flat(sector), bbox=bbox, q=q,
                           min_mentions=min_mentions, sort=sort, limit=limit, cursor=cursor)
        return the_store.query_events(query).as_dict()

    @app.get("/events/{event_id}", summary="One canonical event with its mentions, evidence and merge reasons")
    def get_event(event_id: str) -> dict[str, Any]:
        event = the_store.get_event(event_id)
        if event is None:
            raise HTTPException(status_code=404, detail=f"no event {event_id!r}")
        return event

    @app.get("/articles/{article_id}", summary="One article (by id or content hash) with its mentions")
    def get_article(article_id: str) -> dict[str, Any]:
        article = the_store.get_article(article_id)
        if article is None:
            raise HTTPException(status_code=404, detail=f"no article {article_id!r}")
        return article

    @app.get("/aggregates/daily", summary="Events and mentions per day and event type")
    def daily(type: ListParam = None, country: ListParam = None,
              start: str | None = None, end: str | None = None) -> list[dict[str, Any]]:
        return the_store.aggregate_daily(_flat(type), _flat(country), start, end)

    @app.get("/aggregates/countries", summary="Events and mentions per country")
    def countries(type: ListParam = None, start: str | None = None,
                  end: str | None = None) -> list[dict[str, Any]]:
        return the_store.aggregate_countries(_flat(type), start, end)

    @app.get("/aggregates/places", summary="Events and mentions per GeoNames place")
    def places(type: ListParam = None, country: ListParam = None, start: str | None = None,
               end: str | None = None, limit: Annotated[int, Query(ge=1, le=10000)] = 100) -> list[dict[str, Any]]:
        return the_store.aggregate_places(_flat(type), _flat(country), start, end, limit)

    @app.get("/alerts", summary="Early-warning alerts with their score, evidence and indicator history")
    def list_alerts(
        since: Annotated[str | None, Query(description="Alerts fired on or after this day, YYYY-MM-DD")] = None,
        until: Annotated[str | None, Query(description="Alerts fired on or before this day")] = None,
        country: Annotated[list[str] | None, Query(description="ISO3 (or organisation code) the alert is about")] = None,
        rule: Annotated[list[str] | None, Query(description="Rule name, e.g. protest-surge")] = None,
        min_score: Annotated[float | None, Query(description="Lowest score")] = None,
        full: Annotated[bool, Query(description="Include the 28-day indicator history")] = True,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> dict[str, Any]:
        from tocsin.alerts.storage import ensure_schema
        from tocsin.alerts.storage import list_alerts as stored_alerts

        ensure_schema(the_store)  # a store never polled has no alert tables yet: answer an empty list
        return {"items": stored_alerts(the_store, since=since, until=until, country=_flat(country),
                                       rule=_flat(rule), min_score=min_score, limit=limit, full=full)}

    @app.get("/health", summary="Store reachable; counts of articles, events, mentions")
    def health() -> dict[str, Any]:
        return {"ok": True, "schema_version": the_store.schema_version(), **the_store.stats()}

    from tocsin.web import install_dashboard  # the dashboard at / and its JSON views

    install_dashboard(app, the_store)
    return app


def app_from_env() -> FastAPI:
    """For ``uvicorn tocsin.api:app_from_env --factory``: the store named by ``$TOCSIN_DB``."""
    return create_app(None)


def serve(store_url: str | None = None, host: str = "127.0.0.1", port: int = 8000, *,
          log_level: str = "info") -> None:
    """Serve the API with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(store_url), host=host, port=port, log_level=log_level)


@contextmanager
def running_server(store_url: str, host: str = "127.0.0.1", start_timeout: float = 15.0) -> Iterator[str]:
    """Serve ``create_app(store_url)`` on a free port in a background thread; yield its base URL.

    For tests and benchmarks that need a real HTTP server, not a test client.
    """
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as sock:
        sock.bind((host, 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store_url), host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
