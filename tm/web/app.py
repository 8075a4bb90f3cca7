"""The Starlette application behind `tm serve`: routes, templates and the local-server guards.

Guards for a server on a translator's own machine: Host headers other than the names it was
bound to are refused (DNS rebinding), every response carries a Content-Security-Policy of
`default-src 'self'` (nothing from a CDN, no inline script), templates autoescape, every edit is
a POST with the server's CSRF token, queries are capped in length, and there are no API
documentation routes. A library error becomes a one-line message on the page with a 4xx status.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader
from starlette.applications import Starlette
from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from tm.errors import InputError, TmError
from tm.search import ALL_KINDS
from tm.web import views
from tm.web.workers import Workers

CSP = ("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
       "form-action 'self'; object-src 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass(frozen=True)
class Settings:
    """How the page was started: which TM, whether edits are allowed, the names it answers to."""

    db: str
    allow_edit: bool = False
    hosts: tuple[str, ...] = LOOPBACK
    csrf: str = ""


class SecurityHeaders:
    """ASGI middleware adding the CSP and related headers to every response."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message) -> None:  # noqa: ANN001
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


def _templates() -> Environment:
    folder = resources.files("tm.web").joinpath("templates")
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True)
    env.globals["kind_names"] = {"fuzzy": "exact and fuzzy", "concordance": "concordance",
                                 "semantic": "meaning-based"}
    env.globals["exports"] = views.EXPORTS
    env.filters["distinct"] = views.distinct
    return env


def create_app(workers: Workers, settings: Settings) -> Starlette:
    """The page over the TM that `workers` serve (warmed up by the caller)."""
    env = _templates()
    csrf = settings.csrf or secrets.token_urlsafe(32)

    def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
        """The whole page, or only the results for htmx's live search (not for its history
        restore, which wants the whole page)."""
        partial = (template == "index.html" and request.headers.get("hx-request") == "true"
                   and request.headers.get("hx-history-restore-request") != "true")
        html = env.get_template("_results.html" if partial else template).render(
            request=request, allow_edit=settings.allow_edit, csrf=csrf, db=settings.db, **context)
        return HTMLResponse(html, status_code=status, headers={"vary": "HX-Request", "cache-control": "no-cache"})

    def failure(request: Request, exc: TmError, template: str = "error.html", **context) -> HTMLResponse:
        status = 404 if isinstance(exc, views.NotFound) else 400
        return page(request, template, status, error=str(exc), **context)

    async def home(request: Request) -> HTMLResponse:
        params = request.query_params
        form = _form(params)
        try:
            filters = _filters(params)
            if "q" not in params:
                documents = await workers.run(lambda ctx: views.documents(ctx, filters.source))
                return page(request, "index.html", form=form, documents=documents)
            found = await workers.run(views.results, params["q"], filters)
        except TmError as exc:
            documents = await workers.run(lambda ctx: views.documents(ctx, ""))
            return failure(request, exc, "index.html", form=form, documents=documents)
        return page(request, "index.html", form=form, results=found, documents=found.documents,
                    next_url=_page_url(params, found.page + 1), prev_url=_page_url(params, found.page - 1))

    async def entry(request: Request) -> HTMLResponse:
        try:
            page_no = _page(request.query_params)
            shown = await workers.run(views.entry_page, request.path_params["entry_id"], page_no)
        except TmError as exc:
            return failure(request, exc)
        url = request.url.path
        return page(request, "entry.html", shown=shown, next_url=f"{url}?page={shown.page + 1}",
                    prev_url=f"{url}?page={shown.page - 1}")

    async def review(request: Request) -> Response:
        if not settings.allow_edit:
            raise HTTPException(403, "this page is read-only: start it with `tm serve --allow-edit` to review terms")
        form = await request.form()
        token = str(form.get("csrf", ""))
        if not hmac.compare_digest(token.encode(), csrf.encode()) or not _same_origin(request):
            raise HTTPException(403, "the form's security token is missing or stale: reload the page and try again")
        status = str(form.get("status", ""))
        try:
            changed = await workers.run(views.review, request.path_params["entry_id"], status,
                                        str(form.get("kk", "")), str(form.get("ru", "")))
        except TmError as exc:
            return failure(request, exc)
        finally:
            workers.edited()
        return RedirectResponse(f"/term/{changed.id}", status_code=303)

    async def export(request: Request) -> Response:
        name = request.path_params["name"]
        try:
            data = await workers.run(views.export, name)
        except TmError as exc:
            return failure(request, exc)
        _, _, filename, media = views.EXPORTS[name]
        return Response(data, media_type=media,
                        headers={"content-disposition": f'attachment; filename="{filename}"'})

    async def http_error(request: Request, exc: HTTPException) -> HTMLResponse:
        message = exc.detail if exc.status_code != 404 else f"no page at {request.url.path}: start from the search page"
        return page(request, "error.html", exc.status_code, error=message)

    static = resources.files("tm.web").joinpath("static")
    routes = [
        Route("/", home),
        Route("/term/{entry_id:int}", entry),
        Route("/term/{entry_id:int}/review", review, methods=["POST"]),
        Route("/export/{name}", export),
        Mount("/static", StaticFiles(directory=str(static)), name="static"),
    ]
    middleware = [Middleware(SecurityHeaders), Middleware(TrustedHostMiddleware, allowed_hosts=list(settings.hosts))]
    return Starlette(routes=routes, middleware=middleware, exception_handlers={HTTPException: http_error})


def _filters(params: QueryParams) -> views.Filters:
    kinds = tuple(k for k in params.getlist("kind") if k) or ALL_KINDS
    unknown = set(kinds) - set(ALL_KINDS)
    if unknown:
        raise InputError(f"unknown kind {sorted(unknown)[0]!r}: use {', '.join(ALL_KINDS)}")
    raw = params.get("min", "").strip() or "0"
    try:
        min_score = float(raw)
    except ValueError:
        raise InputError(f"minimum score {raw!r} is not a number: give 0 to 100") from None
    if not 0 <= min_score <= 100:
        raise InputError(f"minimum score {min_score:g} is outside 0 to 100")
    return views.Filters(kinds, params.get("source", "").strip(), min_score, _page(params))


def _page(params: QueryParams) -> int:
    raw = params.get("page", "1")
    if not raw.isdigit() or int(raw) < 1 or int(raw) > 1000:
        raise InputError(f"page {raw!r} is not a page number from 1 to 1000")
    return int(raw)


def _form(params: QueryParams) -> dict:
    """The search form as the user left it, to fill it in again."""
    return {"q": params.get("q", "")[:views.MAX_QUERY], "kinds": params.getlist("kind") or list(ALL_KINDS),
            "source": params.get("source", ""), "min": params.get("min", "")}


def _page_url(params: QueryParams, page: int) -> str:
    items = [(k, v) for k, v in params.multi_items() if k != "page"] + [("page", str(page))]
    return "/?" + urlencode(items)


def _same_origin(request: Request) -> bool:
    """A POST with an Origin header must come from this page (browsers send it on form posts)."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin == f"{request.url.scheme}://{request.headers.get('host', '')}"
