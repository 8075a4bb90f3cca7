"""Starting the page: warm the workers up, build the app, run uvicorn until Ctrl-C."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from pathlib import Path

from tm.errors import TmError
from tm.web.app import LOOPBACK

WILDCARD = ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str) -> tuple[str, ...]:
    """The Host header names the page answers to: loopback names, the bound host, and for a
    wildcard bind the machine's name and addresses; anything else is refused (DNS rebinding)."""
    names = [*LOOPBACK, host, f"[{host}]" if ":" in host else host]
    if host in WILDCARD:
        hostname = socket.gethostname()
        names.append(hostname)
        try:
            names += socket.gethostbyname_ex(hostname)[2]
        except OSError:
            pass
    return tuple(dict.fromkeys(n for n in names if n))


def serve(db: str | Path, *, host: str = "127.0.0.1", port: int = 8000, allow_edit: bool = False,
          say: Callable[[str], None] = print, threads: int = 2) -> None:
    """Serve the page over the TM at `db` until interrupted. Raises `StoreError` before
    listening when `db` is missing or not a TM, `TmError` when the port is taken."""
    import uvicorn

    from tm.web.app import Settings, create_app
    from tm.web.workers import Workers

    workers = Workers(db, threads=threads)
    try:
        workers.warm_up(say)
        app = create_app(workers, Settings(workers.location, allow_edit, allowed_hosts(host)))
        _check_port(host, port)
        shown = f"[{host}]" if ":" in host else host
        say(f"tm serve: http://{shown}:{port}/ ({'reviewing allowed' if allow_edit else 'read-only'}; Ctrl-C stops)")
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                                server_header=False, lifespan="off")
        try:
            uvicorn.Server(config).run()
        except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it shut down on: the normal stop
            pass
        say("tm serve: stopped")
    finally:
        workers.close()


def _check_port(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise TmError(f"cannot listen on {host}:{port} ({exc.strerror}); pass another --port "
                          "or --host") from exc
