"""``tocsin export``: the command-line face of ``tocsin.exports.export`` (wired in ``tocsin/cli.py``)."""
# ruff: noqa: B008 - typer declares options as argument defaults
from __future__ import annotations

import typer

from tocsin.exports import DEFAULT_MAX_BYTES, FORMATS, ExportTooLarge, export

_DB_HELP = "Store URL: sqlite:///path.db (default sqlite:///tocsin.db) or postgresql://..."


def _flat(values: list[str] | None) -> list[str] | None:
    out = [v.strip() for value in values or [] for v in value.split(",") if v.strip()]
    return out or None


def export_command(
    output: str = typer.Option(..., "-o", "--output", help="File to write, or - for stdout."),
    fmt: str = typer.Option("jsonl", "--format", "-f", help=f"One of: {', '.join(FORMATS)}."),
    db: str | None = typer.Option(None, "--db", envvar="TOCSIN_DB", help=_DB_HELP),
    start: str | None = typer.Option(None, help="Earliest event date, YYYY-MM-DD."),
    end: str | None = typer.Option(None, help="Latest event date, YYYY-MM-DD."),
    country: list[str] | None = typer.Option(None, help="ISO3 of the event's place (repeat or comma-separate)."),
    event_type: list[str] | None = typer.Option(None, "--type", help="PLOVER event type, e.g. PROTEST."),
    mode: list[str] | None = typer.Option(None, help="PLOVER mode, e.g. strike."),
    status: list[str] | None = typer.Option(None, help="occurred, ongoing, planned, threatened, hypothetical, negated."),
    actor: list[str] | None = typer.Option(None, help="Actor code (ISO3 or organisation) of any mention."),
    recipient: list[str] | None = typer.Option(None, help="Recipient code of any mention."),
    sector: list[str] | None = typer.Option(None, help="PLOVER sector of an actor or recipient."),
    bbox: str | None = typer.Option(None, help="min_lon,min_lat,max_lon,max_lat"),
    q: str | None = typer.Option(None, "--q", help="Full-text search on the evidence."),
    min_mentions: int | None = typer.Option(None, help="Only events reported at least this often."),
    sort: str = typer.Option("date", help="date, confidence, mentions, sources or updated; prefix - for descending."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, help="Stop (and remove the file) past this many bytes; 0 = no limit."),
    max_events: int = typer.Option(0, help="Stop past this many events; 0 = no limit."),
) -> None:
    """Export stored events (filters as in GET /events) as jsonl, csv, parquet, geojson or cameo-tsv."""
    from tocsin.store import EventQuery, open_store

    if fmt not in FORMATS:
        raise typer.BadParameter(f"one of {', '.join(FORMATS)}", param_hint="--format")
    try:
        query = EventQuery(start=start, end=end, country=_flat(country), event_type=_flat(event_type),
                           mode=_flat(mode), status=_flat(status), actor=_flat(actor), recipient=_flat(recipient),
                           sector=_flat(sector), bbox=bbox, q=q, min_mentions=min_mentions, sort=sort)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    with open_store(db) as store:
        try:
            result = export(store, query, fmt, output, max_bytes=max_bytes or None, max_events=max_events or None)
        except ExportTooLarge as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"{result.events} events, {result.bytes} bytes ({fmt}) -> {result.output}", err=True)
