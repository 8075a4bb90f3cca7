"""The PostgreSQL backend on a real server with pgvector: schema, pairs, search as SQLite
answers it, the CLI with `--db postgresql://...`, copying between backends, bad connections."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from test_search import PAIRS

from tm.errors import SchemaVersionError, StoreError
from tm.store import Store
from tm.store.records import PairRecord

pytestmark = pytest.mark.postgres

QUERIES = [
    "Цифровая дипломатия стала важным инструментом политики.",
    "Біз цифрлық дипломатияны қолдаймыз.",
    "дипломатия", "дипломатии", "цифрлық дипломатия", '"цифровой дипломатии"',
    "Посол провёл конференцию", "кітап", "Вчера шёл дождь.",
]


def test_hnsw_index_builds_and_answers(pg_url: str) -> None:
    """Creating the extension succeeds even on a pgvector build that crashes (SIGILL) when an
    HNSW index is built, so build one and query it."""
    import psycopg

    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(300, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        conn.execute("CREATE TABLE v (id int, e halfvec(384))")
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO v VALUES (%s, %s::halfvec)",
                            [(i, "[" + ",".join(f"{x:.5f}" for x in v) + "]") for i, v in enumerate(vectors)])
        conn.execute("CREATE INDEX ON v USING hnsw (e halfvec_ip_ops)")
        query = "[" + ",".join(f"{x:.5f}" for x in vectors[17]) + "]"
        best = conn.execute("SELECT id FROM v ORDER BY e <#> %s::halfvec(384) LIMIT 1", (query,)).fetchone()
    assert best[0] == 17


def test_migrations_numbered_as_sqlite_and_newer_schema_refused(pg_url: str) -> None:
    from tm.store.postgres import migrations
    from tm.store.sqlite import _migrations

    assert [n for n, _, _ in migrations()] == [n for n, _, _ in _migrations()]
    with Store(pg_url) as store:
        assert store.dialect == "postgresql"
        store.execute("INSERT INTO tm_schema(version) VALUES (?)", (migrations()[-1][0] + 5,))
    with pytest.raises(SchemaVersionError, match=r"written by a newer version of tm \(schema \d+"):
        Store(pg_url)


def test_pairs_documents_and_duplicates(pg_url: str) -> None:
    with Store(pg_url) as store:
        added = store.add_pairs([PairRecord(kk, ru, 0.9, "parallel") for kk, ru in PAIRS])
        again = store.add_pairs([PairRecord(kk, ru, 0.9, "parallel") for kk, ru in PAIRS[:2]])
        doc = {"path": "a.kk.txt", "name": "a.kk.txt", "lang": "kk", "encoding": "utf-8", "sha256": "x",
               "original": "Бір. Екі.", "cleaned": "Бір. Екі.", "run_id": None}
        segments = [(0, "Бір.", "Бір.", 0, 4, 0, 0, "kk"), (1, "Екі.", "Екі.", 5, 9, 0, 0, "kk")]
        first = store.add_document(doc, [(0, 1, "Б", "Б", "homoglyph", 0.9)], segments)
        assert store.add_document(doc, [], segments) == first
        assert (added, again) == (len(PAIRS), 0)
        assert store.count("pairs") == len(PAIRS) and store.count("segments") == 2
        assert [p.kk for p in store.iter_pairs()] == [kk for kk, _ in PAIRS]


def _fill(store: Store, pairs: list[tuple[str, str]]) -> None:
    from tm.search.index import ensure_keys

    store.add_pairs([PairRecord(kk, ru, 0.9, "parallel") for kk, ru in pairs])
    ensure_keys(store, progress=False)


@pytest.mark.parametrize("query", QUERIES)
def test_fuzzy_and_concordance_answer_as_sqlite(pg_url: str, query: str) -> None:
    from tm.search import search

    with Store(pg_url) as pg, Store(":memory:") as lite:
        for store in (pg, lite):
            _fill(store, PAIRS)
        kinds = ("fuzzy", "concordance")
        assert search(pg, query, kinds=kinds) == search(lite, query, kinds=kinds)


def test_search_answers_as_sqlite_on_tatoeba(pg_url: str, shared: Path) -> None:
    """300 real Tatoeba pairs: fuzzy and concordance hits, in order, for 60 queries."""
    from tm.search import search

    rows = [line.split("\t")[-2:] for line in
            (shared / "data/tatoeba/tatoeba_test_v2021-08-07.kk-ru.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    pairs = [(kk.strip(), ru.strip()) for kk, ru in rows[:300]]
    queries = [ru.rsplit(" ", 1)[0] for _, ru in pairs[::10]] + [kk.split(" ")[0] for kk, _ in pairs[5::10]]
    with Store(pg_url) as pg, Store(":memory:") as lite:
        for store in (pg, lite):
            _fill(store, pairs)
        kinds = ("fuzzy", "concordance")
        differ = [q for q in queries if search(pg, q, kinds=kinds) != search(lite, q, kinds=kinds)]
    assert differ == []


@pytest.mark.slow
def test_semantic_search_ranks_as_sqlite(pg_url: str, tmp_path: Path) -> None:
    from tm.encoders import get_encoder
    from tm.search import search

    encoder = get_encoder()
    with Store(pg_url) as pg, Store(tmp_path / "tm.db") as lite:
        for store in (pg, lite):
            _fill(store, PAIRS)
        for query in ("Посол выступил перед журналистами.", "Жаңбыр жауды."):
            a = search(pg, query, kinds=("semantic",), encoder=encoder)
            b = search(lite, query, kinds=("semantic",), encoder=encoder)
            assert [h.pair_id for h in a] == [h.pair_id for h in b]
            assert [h.score for h in a] == pytest.approx([h.score for h in b], abs=0.3)
        # an edited pair takes its vectors with it and is embedded again
        pg.execute("UPDATE pairs SET ru = ? WHERE id = 5", ("Вчера в деревне шёл град.",))
        pg.execute("DELETE FROM pairs WHERE id = 6")
        index = pg.semantic_index(encoder)
        assert index.size == 2 * (len(PAIRS) - 1)
        hit = search(pg, "В деревне шёл град.", kinds=("semantic",), encoder=encoder)[0]
        assert hit.pair_id == 5


def test_glossary_statuses_and_lookup(pg_url: str) -> None:
    from tm.glossary.build import glossary_entries, set_status
    from tm.glossary.lookup import lookup

    with Store(pg_url) as store:
        set_status(store, "цифрлық дипломатия", "цифровая дипломатия", "approved")
        set_status(store, "цифрлық дипломатия", "цифровая дипломатия", "rejected")
        entry = set_status(store, "сыртқы саясат", "внешняя политика", "approved")
        assert [(e.kk, e.status) for e in glossary_entries(store, include_rejected=True)] == [
            ("цифрлық дипломатия", "rejected"), ("сыртқы саясат", "approved")]
        assert [h.entry.id for h in lookup(store, "внешней политики")] == [entry.id]


def test_cli_with_a_postgresql_url(pg_url: str, tmp_path: Path, cli, monkeypatch) -> None:  # noqa: ANN001
    tsv = tmp_path / "tm.tsv"
    tsv.write_text("kk\tru\n" + "".join(f"{kk}\t{ru}\n" for kk, ru in PAIRS), encoding="utf-8")
    imported = cli("import", str(tsv), "--db", pg_url)
    assert imported.exit_code == 0, imported.output
    found = cli("search", "Цифровая дипломатия стала важным инструментом.", "--db", pg_url, "--json",
                "--limit", "1")
    assert json.loads(found.stdout)[0]["ru"] == PAIRS[0][1]
    monkeypatch.setenv("TM_DB", pg_url)
    exported = cli("export", "--format", "jsonl")
    assert [json.loads(line)["kk"] for line in exported.stdout.splitlines()] == [kk for kk, _ in PAIRS]


def test_copy_to_postgresql_and_back(pg_url: str, tmp_path: Path, cli) -> None:  # noqa: ANN001
    from tm.glossary.build import glossary_entries, set_status

    first = tmp_path / "first.db"
    with Store(first) as store:
        store.add_pairs([PairRecord(kk, ru, 0.8, "import", origin="old.tmx") for kk, ru in PAIRS],
                        run_id=store.start_run("import old.tmx"))
        set_status(store, "цифрлық дипломатия", "цифровая дипломатия", "approved")
        set_status(store, "кітап", "книга", "rejected")
        before = [(p.kk, p.ru, p.score, p.origin, p.created) for p in store.iter_pairs()]
    there = cli("copy", "--from", str(first), "--to", pg_url)
    assert there.exit_code == 0, there.output
    assert f"{len(PAIRS)} pairs, 0 documents, 2 glossary entries copied" in there.stdout
    back = tmp_path / "back.db"
    assert cli("copy", "--from", pg_url, "--to", str(back)).exit_code == 0
    again = cli("copy", "--from", str(first), "--to", pg_url, "--json")  # nothing new, nothing doubled
    assert json.loads(again.stdout)["copied"]["pairs"] == 0
    with Store(back) as store:
        assert [(p.kk, p.ru, p.score, p.origin, p.created) for p in store.iter_pairs()] == before
        assert {(e.kk, e.status) for e in glossary_entries(store, include_rejected=True)} == {
            ("цифрлық дипломатия", "approved"), ("кітап", "rejected")}
        assert store.one("SELECT command FROM runs r JOIN pairs p ON p.run_id = r.id")[0] == "import old.tmx"


def test_connection_problems_are_one_line(pg_server, tmp_path: Path, cli) -> None:  # noqa: ANN001
    missing_db = pg_server.url("no_such_tm")
    down = f"postgresql://postgres@/tm?host={tmp_path}"
    for url, says in ((missing_db, 'database "no_such_tm" does not exist'),
                      (down, "is the PostgreSQL server running")):
        result = cli("search", "дипломатия", "--db", url)
        assert result.exit_code == 1
        assert says in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.output


def test_a_wrong_password_says_what_to_do(pg_server, cli) -> None:  # noqa: ANN001
    pg_server.require_password("reviewer", "right-one")
    url = pg_server.url().replace("postgres@", "reviewer:wrong-one@")
    result = cli("search", "дипломатия", "--db", url)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert 'password authentication failed for user "reviewer"' in result.stderr
    assert "check the user and password in the URL" in result.stderr and "wrong-one" not in result.stderr


def test_reading_commands_do_not_make_a_tm_in_an_empty_database(pg_url: str, cli) -> None:  # noqa: ANN001
    result = cli("search", "дипломатия", "--db", pg_url)
    assert result.exit_code == 1
    assert "no translation memory in this database yet; run `tm align` or `tm import`" in result.stderr


def test_missing_pgvector_says_what_to_do(pg_server) -> None:  # noqa: ANN001
    """A user who may not create extensions, on a database without pgvector."""
    import psycopg

    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        conn.execute("CREATE ROLE translator LOGIN")
        conn.execute("CREATE DATABASE novector OWNER translator")
    url = pg_server.url("novector").replace("postgres@", "translator@")
    with pytest.raises(StoreError, match=r"pgvector extension is missing .*CREATE EXTENSION vector"):
        Store(url)


@pytest.mark.parametrize("message, hint", [
    ('FATAL:  password authentication failed for user "tm"', "check the user and password"),
    ('FATAL:  database "tm" does not exist', "createdb"),
    ("connection refused", "is the PostgreSQL server running"),
])
def test_connection_error_hints(message: str, hint: str) -> None:
    from tm.store.postgres import connection_error

    error = connection_error("postgresql://tm:secret@db.example/tm", RuntimeError(message))
    assert hint in str(error) and "secret" not in str(error)


@pytest.mark.slow
def test_every_command_on_postgresql_answers_as_on_sqlite(pg_url: str, tmp_path: Path, cli) -> None:  # noqa: ANN001
    """The main job (align, glossary, term, search, export) on two real documents, both backends."""
    data = Path(__file__).parent / "data"
    outputs = {}
    for name, db in (("sqlite", str(tmp_path / "tm.db")), ("postgresql", pg_url)):
        steps = [("align", str(data / "diplomacy.kk.txt"), str(data / "diplomacy.ru.txt"), "--db", db),
                 ("glossary", "--db", db, "--format", "tsv"),
                 ("term", "дипломатияның", "--db", db, "--json"),
                 ("search", "Цифрлық дипломатия", "--db", db, "--json"),
                 ("export", "--db", db, "--format", "jsonl")]
        results = [cli(*step) for step in steps]
        assert [r.exit_code for r in results] == [0] * len(steps), [r.output for r in results]
        exported = [{k: v for k, v in json.loads(line).items() if k != "created"}  # the clock differs
                    for line in results[-1].stdout.splitlines()]
        outputs[name] = [r.stdout for r in results[1:-1]] + [exported]
    assert outputs["postgresql"] == outputs["sqlite"]
    assert len(outputs["sqlite"][3]) > 3  # pairs were exported


def test_a_server_gone_mid_session_is_one_line(pg_url: str) -> None:
    """The server ends this session's connection (as a restart would)."""
    import psycopg

    with Store(pg_url) as store:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (store.conn.info.backend_pid,))
        with pytest.raises(StoreError, match=r"the database connection failed .*run the command again"):
            store.count("pairs")
