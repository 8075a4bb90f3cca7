"""`tm serve`: the translator's lookup page over the TM and the glossary (the `web` extra).

Starlette routes and Jinja2 templates (`app`), htmx vendored under `static/`, the page data
built from `tm.search` and `tm.glossary` (`views`), marking of matched words (`highlight`)
and the worker threads that each hold a store (`workers`).
"""
