"""``raqib webhooks``: run the delivery worker; add and list endpoints from the shell."""

from __future__ import annotations

import sys

import click


def _app():
    from service import create_app
    from service.config import ConfigError

    try:
        # The worker gives no verdicts: it skips loading the models (seconds and ~200 MB).
        return create_app({"LOAD_MODELS": False})
    except ConfigError as err:
        raise click.ClickException(str(err)) from None


@click.group()
def webhooks() -> None:
    """Signed outgoing webhooks: delivery worker and endpoints."""


@webhooks.command()
@click.option("--concurrency", type=int, default=None, help="Threads (RAQIB_WEBHOOK_CONCURRENCY).")
@click.option("--once", is_flag=True, help="Send what is due now, then exit.")
@click.option("--supervise", is_flag=True, help="Restart the worker whenever it dies.")
@click.option("--exit-with-parent", is_flag=True, hidden=True)
def deliver(concurrency: int | None, once: bool, supervise: bool, exit_with_parent: bool) -> None:
    """Deliver webhooks from the outbox until stopped (SIGTERM)."""
    if supervise:
        from service.webhooks.worker import supervise as run_supervised

        argv = [sys.executable, "-m", "service.cli", "webhooks", "deliver"]
        if concurrency:
            argv += ["--concurrency", str(concurrency)]
        sys.exit(run_supervised(argv))
    app = _app()
    if once:
        from service.webhooks.delivery import Settings, deliver_due
        from service.webhooks.worker import owner_id

        with app.app_context():
            n = deliver_due(owner_id(0), Settings.from_config(app.config))
        click.echo(f"attempted {n} deliveries")
        return
    from service.webhooks.worker import run

    run(
        app,
        concurrency=concurrency or app.config["WEBHOOK_CONCURRENCY"],
        poll=app.config["WEBHOOK_POLL"],
        exit_with_parent=exit_with_parent,
    )


@webhooks.command("add")
@click.argument("url")
@click.option("--event", "events", multiple=True, help="Event type (repeat); default: all.")
@click.option("--description", default=None)
def add(url: str, events: tuple[str, ...], description: str | None) -> None:
    """Add an endpoint; prints its signing secret once."""
    from service.webhooks.admin import EndpointError, create_endpoint
    from service.webhooks.outbox import EVENT_TYPES

    app = _app()
    with app.app_context():
        try:
            endpoint = create_endpoint(
                url,
                list(events or EVENT_TYPES),
                description=description,
                created_by="cli",
                production=app.config["ENV"] == "production",
            )
        except EndpointError as err:
            raise click.ClickException(str(err)) from None
        click.echo(f"endpoint {endpoint.id}: {endpoint.url} ({', '.join(endpoint.events)})")
        click.echo(f"secret: {endpoint.secret}")


@webhooks.command("list")
def list_endpoints() -> None:
    """List endpoints with their pending and failed deliveries."""
    from service.webhooks.admin import endpoint_rows

    app = _app()
    with app.app_context():
        for row in endpoint_rows():
            ep = row.endpoint
            state = "active" if ep.active else "paused"
            click.echo(
                f"{ep.id}\t{state}\t{ep.url}\t{','.join(ep.events)}\t"
                f"pending={row.pending}\tfailed={row.failed}\tdelivered={row.delivered}"
            )
