"""A team on one PostgreSQL TM: writers at once lose and duplicate nothing, a killed writer
leaves no half-written document group, approvals at the same moment all land."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tm.store import Store

pytestmark = pytest.mark.postgres

KK_WORDS = "кітап үй қала мектеп бала жол тау өзен дала күн ай жыл сөз ел жер су".split()
RU_WORDS = "книга дом город школа ребёнок дорога гора река степь день месяц год слово страна земля вода".split()


def _pair(i: int) -> tuple[str, str]:
    """A distinct, readable pair for number `i`."""
    a, b, c = i % 16, (i // 16) % 16, i // 256
    return (f"{KK_WORDS[a]} {KK_WORDS[b]} {c} туралы.", f"{RU_WORDS[a]} {RU_WORDS[b]} о {c}.")


def _tm(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tm", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_concurrent_importers_and_searchers_lose_and_duplicate_nothing(pg_url: str, tmp_path: Path) -> None:
    """4 `tm import` processes, each file overlapping the next by half, while 4 readers search."""
    files = []
    for w in range(4):
        path = tmp_path / f"part{w}.tsv"
        path.write_text("kk\tru\n" + "".join("\t".join(_pair(i)) + "\n" for i in range(w * 150, w * 150 + 300)),
                        encoding="utf-8")
        files.append(path)
    with Store(pg_url):
        pass  # schema made once, before the race
    stop, failures = threading.Event(), []

    def read() -> None:
        from tm.search import search

        with Store(pg_url) as store:
            while not stop.is_set():
                try:
                    search(store, "книга дом о 1.", kinds=("fuzzy", "concordance"))
                except Exception as exc:  # noqa: BLE001 - any failure fails the test
                    failures.append(exc)
                    return

    readers = [threading.Thread(target=read) for _ in range(4)]
    for t in readers:
        t.start()
    writers = [_tm(["import", str(path), "--db", pg_url]) for path in files]
    outs = [w.communicate(timeout=300) for w in writers]
    stop.set()
    for t in readers:
        t.join()
    assert [w.returncode for w in writers] == [0] * 4, [err for _, err in outs]
    assert failures == []
    with Store(pg_url) as store:
        assert store.count("pairs") == 750  # 0 .. 749, each once
        assert store.one("SELECT count(*) FROM (SELECT kk, ru FROM pairs GROUP BY kk, ru "
                         "HAVING count(*) > 1) d")[0] == 0
        assert store.pending_keys() == 0
        assert store.one("SELECT count(*) FROM pair_keys")[0] == 750
        with_book = sum(1 for i in range(750) if "книга" in _pair(i)[1].split())
        assert store.key_frequencies(["книга"], "ru")["книга"] == with_book  # counted once each


_WRITER = """
import sys, time
from pathlib import Path
from tm.store import Store
from tm.store.records import PairRecord

def pairs():
    for i in range(200):
        if i == 100:
            Path(sys.argv[2]).write_text("half")
            time.sleep(120)
        yield PairRecord(f"сөйлем {i}.", f"предложение {i}.", 0.9, "parallel")

with Store(sys.argv[1]) as store:
    doc = {"path": "a.kk.txt", "name": "a.kk.txt", "lang": "kk", "encoding": "utf-8", "sha256": "a",
           "original": "x", "cleaned": "x", "run_id": None}
    kk = store.add_document(doc, [], [])
    ru = store.add_document({**doc, "path": "a.ru.txt", "name": "a.ru.txt", "lang": "ru"}, [], [])
    with store.transaction() as db:  # as `add_pairs` does, with a generator that stops half way
        store.add_pairs(pairs(), kk_doc_id=kk, ru_doc_id=ru, db=db)
"""


def test_a_killed_writer_leaves_no_half_document_group(pg_url: str, tmp_path: Path) -> None:
    marker = tmp_path / "half"
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, pg_url, str(marker)])
    deadline = time.monotonic() + 120
    while not marker.exists() and writer.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the writer never got half way"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    with Store(pg_url) as store:
        assert store.count("documents") == 2  # committed before the pairs
        assert store.count("pairs") == 0
        assert store.pending_keys() == 0


def test_approvals_at_the_same_moment_all_land(pg_url: str) -> None:
    from tm.glossary.build import glossary_entries, set_status

    terms = [("цифрлық дипломатия", "цифровая дипломатия"), ("сыртқы саясат", "внешняя политика"),
             ("халықаралық ынтымақтастық", "международное сотрудничество"), ("баспасөз мәслихаты", "пресс-конференция"),
             ("ұлттық қауіпсіздік", "национальная безопасность"), ("сауда айналымы", "товарооборот")]
    with Store(pg_url):
        pass
    start, errors = threading.Barrier(len(terms) + 2), []

    def approve(kk: str, ru: str) -> None:
        try:
            with Store(pg_url) as store:
                start.wait()
                set_status(store, kk, ru, "approved")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    both = [("мемлекеттік тіл", "государственный язык")] * 2  # two people, the same new term
    threads = [threading.Thread(target=approve, args=t) for t in terms + both]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store(pg_url) as store:
        entries = glossary_entries(store)
    assert sorted((e.kk, e.status) for e in entries) == sorted(
        [(kk, "approved") for kk, _ in terms] + [("мемлекеттік тіл", "approved")])
