"""Shared test material for the formats: the conformance base classes, the adversarial texts,
and drivers for the real readers (Translate Toolkit, OmegaT) used by the interop tests and by
scripts/check_interop.py."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tm.errors import FormatError
from tm.formats import clean_text, read_glossary, read_pairs, write_glossary, write_pairs
from tm.store.records import GlossaryEntry, PairRecord

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SCHEMAS = SHARED / "schemas"
FLORES = SHARED / "data" / "flores200" / "flores200_devtest.kk-ru.tsv"


def fixed_clock() -> datetime:
    return datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)


# -- adversarial material ---------------------------------------------------------------------

ADVERSARIAL_PAIRS: list[tuple[str, str]] = [
    ("Цифрлық дипломатия & халықаралық қатынастар", "Цифровая дипломатия & международные отношения"),
    ("Шарт <бап 5> күшіне енеді", "Договор <статья 5> вступает в силу"),
    ("«Қазақстан» және \"Ресей\" 'серіктестер'", "«Казахстан» и \"Россия\" 'партнёры'"),
    ("Елші\tтабыс етті", "Посол\tвручил"),
    ("Бірінші жол\nекінші жол", "Первая строка\nвторая строка"),
    ("Басқару\x0bтобы\x01 жиналды", "Рабочая\x0b группа\x01 собралась"),
    ("Саммит өтті 🇰🇿🤝🇷🇺", "Саммит прошёл 🇰🇿🤝🇷🇺"),
    ("Әл-Фараби ұ\u0301лы ойшыл", "Аль-Фараби вели\u0301кий мыслитель"),
    ("  Бастапқы бос орын", "  Ведущие пробелы"),
    ("Соңғы бос орын  ", "Хвостовые пробелы  "),
    ("AT&T мен R&D < 5% > 3%", "AT&T и R&D < 5% > 3%"),
    ("&amp; деген жазу &lt;", "надпись &amp; и &lt;"),
    ("]]> CDATA соңы", "]]> конец CDATA"),
    ("Жол\r\nсоңы", "Конец\r\nстроки"),
    ("Кері\\қиғаш \\n сызық", "Обратная\\косая \\t черта"),
    ("Ұлттық #1 жоба | кезең", "Национальный #1 проект | этап"),
    ("Қазақстан Республикасының Сыртқы істер министрлігі", "Министерство иностранных дел Республики Казахстан"),
]


def adversarial_pairs() -> list[PairRecord]:
    return [
        PairRecord(kk=kk, ru=ru, score=0.5 + i / 100, method="parallel", kk_doc=f"adv{i}.kk.txt",
                   ru_doc=f"adv{i}.ru.txt", kk_lines=(i,), ru_lines=(i,), created="2024-04-30T08:00:00Z")
        for i, (kk, ru) in enumerate(ADVERSARIAL_PAIRS)
    ]


def adversarial_entries() -> list[GlossaryEntry]:
    statuses = ("approved", "auto", "rejected")
    return [
        GlossaryEntry(kk=kk, ru=ru, score=0.9 - i / 100, kk_freq=i + 1, ru_freq=i + 2,
                      example_kk=f"{kk} туралы сөйлем.", example_ru=f"Предложение о {ru}.",
                      status=statuses[i % 3])
        for i, (kk, ru) in enumerate(ADVERSARIAL_PAIRS)
    ]


def flores_pairs(limit: int | None = None) -> list[PairRecord]:
    """FLORES-200 devtest kk-ru pairs (empty when the shared data is absent)."""
    if not FLORES.exists():
        return []
    pairs = []
    for i, line in enumerate(FLORES.read_text(encoding="utf-8").splitlines()[1:]):
        doc, kk, ru = line.split("\t")
        pairs.append(PairRecord(kk=kk, ru=ru, score=0.95, method="parallel", kk_doc=f"{doc}.kk",
                                ru_doc=f"{doc}.ru", kk_lines=(i,), ru_lines=(i,)))
    return pairs[:limit]


def expected_pair(pair: PairRecord) -> tuple[str, str]:
    """What a perfect reader gets back: the text with XML-illegal characters removed."""
    return clean_text(pair.kk), clean_text(pair.ru)


# -- Translate Toolkit -------------------------------------------------------------------------

def tt_read_tmx(data: bytes, source: str, target: str) -> list[tuple[str, str]]:
    """Units as Translate Toolkit >= 3.20 reads them with the languages given: (source, target)."""
    from translate.storage import tmx

    store = tmx.tmxfile(io.BytesIO(data), sourcelanguage=source, targetlanguage=target)
    return [(u.source, u.target) for u in store.units]


def tt_read_tmx_by_position(data: bytes) -> list[tuple[str, str]]:
    """Units read the way Translate Toolkit 3.8 (Debian 12) does: first TUV source, second target."""
    from translate.storage import lisa, tmx

    store = tmx.tmxfile(io.BytesIO(data))
    out = []
    for unit in store.units:
        tuvs = unit.xmlelement.findall(unit.namespaced("tuv"))
        texts = [lisa.getText(t.find(unit.namespaced("seg"))) for t in tuvs]
        out.append((texts[0] if texts else "", texts[1] if len(texts) > 1 else ""))
    return out


def tt_read_tbx(data: bytes, source: str, target: str) -> list[tuple[str, str]]:
    from translate.storage import tbx

    store = tbx.tbxfile(io.BytesIO(data), sourcelanguage=source, targetlanguage=target)
    return [(u.source, u.target) for u in store.units]


# -- OmegaT ------------------------------------------------------------------------------------

OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")

_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes/>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>{source}</source_lang>
    <target_lang>{target}</target_lang>
    <source_tok>org.omegat.tokenizer.{source_tok}</source_tok>
    <target_tok>org.omegat.tokenizer.{target_tok}</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""
_TOKENIZERS = {"kk": "DefaultTokenizer", "ru": "LuceneRussianTokenizer"}


def omegat_available() -> bool:
    return OMEGAT_JAR.exists() and shutil.which("java") is not None


@dataclass
class OmegatRun:
    targets: list[str]
    log: str
    returncode: int


def make_omegat_project(root: Path, source: str, source_lines: list[str]) -> Path:
    target = "ru" if source == "kk" else "kk"
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "omegat.project").write_text(
        _PROJECT.format(source=source, target=target, source_tok=_TOKENIZERS[source], target_tok=_TOKENIZERS[target]),
        encoding="utf-8",
    )
    # one segment per paragraph: paragraphs are separated by an empty line
    (root / "source" / "doc.txt").write_text("\n\n".join(source_lines) + "\n", encoding="utf-8")
    return root


def run_omegat(project: Path, *, script: Path | None = None, timeout: float = 300) -> OmegatRun:
    """`omegat --mode=console-translate` with a private HOME and headless Java."""
    home = project.parent / f"{project.name}-home"
    home.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(home), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
           "JAVA_TOOL_OPTIONS": "-Djava.awt.headless=true -Dfile.encoding=UTF-8 -Xshare:auto"}
    cmd = ["java", "-jar", str(OMEGAT_JAR), str(project), "--mode=console-translate",
           "--disable-project-locking", "--no-team", f"--config-dir={home / 'config'}"]
    if script is not None:
        cmd.append(f"--script={script}")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    out = project / "target" / "doc.txt"
    targets = []
    if out.exists():
        targets = [p.strip("\n") for p in out.read_text(encoding="utf-8").split("\n\n")]
    return OmegatRun(targets=targets, log=proc.stdout + proc.stderr, returncode=proc.returncode)


OMEGAT_GLOSSARY_SCRIPT = r"""
import org.omegat.gui.glossary.GlossaryReaderTBX
import org.omegat.gui.glossary.GlossaryReaderTSV
def esc = { String s -> s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r") }
new File("OUT").withWriter("UTF-8") { w ->
  new File("DIR").listFiles().sort().each { f ->
    def entries
    try {
      entries = f.name.endsWith(".tbx") ? GlossaryReaderTBX.read(f, false) : GlossaryReaderTSV.read(f, false)
    } catch (Throwable t) { w << "ERROR\t" + f.name + "\t" + esc(t.toString()) + "\n"; return }
    entries.each { e -> w << f.name + "\t" + esc(e.srcText) + "\t" + esc(e.locText) + "\n" }
  }
}
"""


def omegat_read_glossaries(project: Path) -> tuple[dict[str, list[tuple[str, str]]], list[str], OmegatRun]:
    """Every file in the project's glossary/ read by OmegaT's own TBX and TSV readers (a Groovy
    script run by console-translate): {file: [(source term, target term)]}, errors, the run."""
    from tm.formats.tsv import unescape

    out = project / "glossary-read.tsv"
    script = project.parent / f"{project.name}-glossary.groovy"
    script.write_text(OMEGAT_GLOSSARY_SCRIPT.replace("OUT", str(out)).replace("DIR", str(project / "glossary")),
                      encoding="utf-8")
    run = run_omegat(project, script=script)
    read: dict[str, list[tuple[str, str]]] = {}
    errors = []
    if out.exists():
        for line in out.read_text(encoding="utf-8").split("\n"):
            if not line:
                continue
            fields = line.split("\t")
            if fields[0] == "ERROR":
                errors.append("\t".join(fields[1:]))
                continue
            read.setdefault(fields[0], []).append((unescape(fields[1]), unescape(fields[2])))
    return read, errors, run


def omegat_load_errors(log: str) -> list[str]:
    """Lines of an OmegaT log that report a failure (it exits 0 even when a TM failed to load)."""
    bad = ("Error:", "Exception", "SEVERE", "TMXR_ERROR", "TMXR_WARNING", "not loaded", "FileNotFound")
    return [line for line in log.splitlines() if any(b in line for b in bad)]


# -- the conformance suite ---------------------------------------------------------------------
# Every format's tests inherit one of these two classes (translate-toolkit style): round trip
# export -> import -> export is lossless (property-based), escaping, non-ASCII, empty input.


TRICKY_PIECES = list(
    "әғқңөұүһіӘҒҚҢӨҰҮҺІабвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁЯ"
    "&<>\"' \t\n\r\\|#;:,=-.«»—"
) + ["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\ufffe", "\ud800", "\u0301", "\u0306",
     "\u00a0", "\u200b", "\u2028", "😀", "🇰🇿", "\U0001f91d", "]]>", "&amp;", "&#x1;"]
tricky_text = st.lists(st.sampled_from(TRICKY_PIECES) | st.characters(), max_size=20).map("".join)
term_text = tricky_text.filter(lambda t: any(c.isalpha() for c in clean_text(t)))
scores = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
line_numbers = st.lists(st.integers(min_value=0, max_value=10**6), max_size=4).map(tuple)

pair_records = st.builds(
    PairRecord, kk=term_text, ru=term_text, score=scores,
    method=st.sampled_from(["parallel", "comparable", "import"]),
    kk_doc=tricky_text, ru_doc=tricky_text, kk_lines=line_numbers, ru_lines=line_numbers,
    created=st.sampled_from(["", "2024-04-30T08:00:00Z"]),
    origin=st.sampled_from(["", "old.tmx"]), props=st.sampled_from([{}, {"raw_score": "0.25"}]),
)
glossary_entries = st.builds(
    GlossaryEntry, kk=term_text, ru=term_text, score=scores,
    kk_freq=st.integers(0, 10**5), ru_freq=st.integers(0, 10**5),
    example_kk=tricky_text, example_ru=tricky_text, status=st.sampled_from(["auto", "approved", "rejected"]),
    kk_forms=st.lists(tricky_text, max_size=3).map(tuple), ru_forms=st.lists(tricky_text, max_size=3).map(tuple),
)
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.differing_executors])

REAL_PAIRS = [
    PairRecord(kk="Қазақстан Республикасы мен Ресей Федерациясы арасындағы шарт.",
               ru="Договор между Республикой Казахстан и Российской Федерацией.", score=0.93,
               method="parallel", kk_doc="treaty.kk.txt", ru_doc="treaty.ru.txt", kk_lines=(0,), ru_lines=(0,),
               created="2024-04-30T08:00:00Z"),
    PairRecord(kk="Цифрлық дипломатия – сыртқы саясаттың жаңа құралы.",
               ru="Цифровая дипломатия — новый инструмент внешней политики.", score=0.81,
               method="comparable", kk_doc="d.kk.txt", ru_doc="d.ru.txt", kk_lines=(4, 5), ru_lines=(7,)),
]
REAL_ENTRIES = [
    GlossaryEntry(kk="цифрлық дипломатия", ru="цифровая дипломатия", score=0.91, kk_freq=12, ru_freq=11,
                  example_kk="Цифрлық дипломатия дамып келеді.", example_ru="Цифровая дипломатия развивается.",
                  status="approved", kk_forms=("цифрлық дипломатияның", "цифрлық дипломатияны"),
                  ru_forms=("цифровой дипломатии",)),
    GlossaryEntry(kk="сыртқы істер министрлігі", ru="министерство иностранных дел", score=0.77, kk_freq=3,
                  ru_freq=4, status="auto"),
]


class PairFormatConformance:
    """Inherited by each pair format's test class; set `fmt` and `suffix`, override `canonical`."""

    fmt: str = ""
    suffix: str = ""

    def canonical(self, pair: PairRecord) -> PairRecord:
        """What reading this format's output gives back for `pair`."""
        return PairRecord(
            kk=clean_text(pair.kk), ru=clean_text(pair.ru), score=float(f"{pair.score:.4f}"),
            method=pair.method, kk_doc=clean_text(pair.kk_doc), ru_doc=clean_text(pair.ru_doc),
            kk_lines=pair.kk_lines, ru_lines=pair.ru_lines, created=pair.created, origin=pair.origin,
            props={k: str(v) for k, v in pair.props.items()},
        )

    def export(self, pairs: list[PairRecord], path: Path, **kw: object) -> bytes:
        with open(path, "wb") as fh:
            write_pairs(self.fmt, pairs, fh, clock=fixed_clock, **kw)  # type: ignore[arg-type]
        return path.read_bytes()

    def round_trip(self, pairs: list[PairRecord], tmp: Path, **kw: object) -> list[PairRecord]:
        first = self.export(pairs, tmp / f"a{self.suffix}", **kw)
        result = read_pairs(tmp / f"a{self.suffix}")
        assert result.skipped == [] and result.warnings == []
        second = self.export(result.units, tmp / f"b{self.suffix}", **kw)
        assert second == first, "export -> import -> export changed the file"
        return result.units

    @PROPERTY
    @given(pairs=st.lists(pair_records, min_size=1, max_size=5), source=st.sampled_from(["kk", "ru"]))
    def test_round_trip_is_lossless(self, tmp_path: Path, pairs: list[PairRecord], source: str) -> None:
        assert self.round_trip(pairs, tmp_path, source=source) == [self.canonical(p) for p in pairs]

    def test_escaping(self, tmp_path: Path) -> None:
        pairs = adversarial_pairs()
        assert self.round_trip(pairs, tmp_path) == [self.canonical(p) for p in pairs]

    def test_real_kazakh_and_russian(self, tmp_path: Path) -> None:
        units = self.round_trip(REAL_PAIRS, tmp_path)
        assert [(u.kk, u.ru) for u in units] == [(p.kk, p.ru) for p in REAL_PAIRS]
        assert "Қазақстан".encode() in (tmp_path / f"a{self.suffix}").read_bytes()  # UTF-8, not escaped

    def test_empty_input(self, tmp_path: Path) -> None:
        self.export([], tmp_path / f"e{self.suffix}")
        if (tmp_path / f"e{self.suffix}").stat().st_size == 0:
            return  # nothing to read back; reading an empty file is a FormatError (tested per format)
        assert read_pairs(tmp_path / f"e{self.suffix}").units == []

    def test_text_and_binary_handles_agree(self, tmp_path: Path) -> None:
        text = io.StringIO()
        write_pairs(self.fmt, REAL_PAIRS, text, clock=fixed_clock)  # type: ignore[arg-type]
        assert text.getvalue().encode("utf-8") == self.export(REAL_PAIRS, tmp_path / f"x{self.suffix}")


class GlossaryFormatConformance:
    """Inherited by each glossary format's test class; set `fmt`, `suffix`, override `canonical`."""

    fmt: str = ""
    suffix: str = ""

    def canonical(self, e: GlossaryEntry) -> GlossaryEntry:
        return GlossaryEntry(
            kk=clean_text(e.kk), ru=clean_text(e.ru), score=float(f"{e.score:.4f}"), kk_freq=e.kk_freq,
            ru_freq=e.ru_freq, example_kk=clean_text(e.example_kk), example_ru=clean_text(e.example_ru),
            status=e.status, kk_forms=tuple(f for f in map(clean_text, e.kk_forms) if f),
            ru_forms=tuple(f for f in map(clean_text, e.ru_forms) if f),
        )

    def export(self, entries: list[GlossaryEntry], path: Path, **kw: object) -> bytes:
        with open(path, "wb") as fh:
            write_glossary(self.fmt, entries, fh, clock=fixed_clock, **kw)  # type: ignore[arg-type]
        return path.read_bytes()

    def round_trip(self, entries: list[GlossaryEntry], tmp: Path, **kw: object) -> list[GlossaryEntry]:
        first = self.export(entries, tmp / f"a{self.suffix}", **kw)
        back = read_glossary(tmp / f"a{self.suffix}")
        second = self.export(back, tmp / f"b{self.suffix}", **kw)
        assert second == first, "export -> import -> export changed the file"
        return back

    @PROPERTY
    @given(entries=st.lists(glossary_entries, min_size=1, max_size=5), source=st.sampled_from(["kk", "ru"]))
    def test_round_trip_is_lossless(self, tmp_path: Path, entries: list[GlossaryEntry], source: str) -> None:
        assert self.round_trip(entries, tmp_path, source=source) == [self.canonical(e) for e in entries]

    def test_escaping(self, tmp_path: Path) -> None:
        entries = adversarial_entries()
        assert self.round_trip(entries, tmp_path) == [self.canonical(e) for e in entries]

    def test_real_kazakh_and_russian(self, tmp_path: Path) -> None:
        back = self.round_trip(REAL_ENTRIES, tmp_path)
        assert [(e.kk, e.ru, e.status) for e in back] == [(e.kk, e.ru, e.status) for e in REAL_ENTRIES]
        assert back[0].example_kk == "Цифрлық дипломатия дамып келеді."
        assert "дипломатия".encode() in (tmp_path / f"a{self.suffix}").read_bytes()

    def test_empty_input(self, tmp_path: Path) -> None:
        self.export([], tmp_path / f"e{self.suffix}")
        try:
            assert read_glossary(tmp_path / f"e{self.suffix}") == []
        except FormatError as exc:  # a format that cannot hold zero entries says so, on one line
            assert "\n" not in str(exc)


# -- measuring the real readers (tests/test_interop*.py and scripts/check_interop.py) -------------

@dataclass
class ReaderScore:
    """How many of `total` entries a real reader read exactly right, and what went wrong."""

    reader: str
    fmt: str
    direction: str
    dataset: str
    correct: int
    total: int
    failures: list[str]

    def line(self) -> str:
        return f"{self.reader:<34} {self.fmt:<12} {self.direction:<7} {self.dataset:<12} {self.correct:>5} / {self.total}"


def _other(source: str) -> str:
    return "ru" if source == "kk" else "kk"


def _score(reader: str, fmt: str, source: str, dataset: str, expected: list[tuple[str, str]],
           got: list[tuple[str, str]], extra_failures: list[str] | None = None) -> ReaderScore:
    correct = sum(1 for e, g in zip(expected, got) if e == g)
    failures = [f"expected {e!r}, read {g!r}" for e, g in zip(expected, got) if e != g]
    failures += [f"missing {e!r}" for e in expected[len(got):]] + (extra_failures or [])
    return ReaderScore(reader, fmt, f"{source}->{_other(source)}", dataset, correct, len(expected), failures)


def check_translate_toolkit(pairs: list[PairRecord], entries: list[GlossaryEntry], dataset: str) -> list[ReaderScore]:
    """TMX read with the languages given (both code styles) and by position; TBX v2 read with
    the languages given; both directions."""
    from tm.formats import languages

    scores = []
    for source in ("kk", "ru"):
        target = _other(source)
        expected = [(clean_text(getattr(p, source)), clean_text(getattr(p, target))) for p in pairs]
        for style in ("short", "region"):
            buffer = io.BytesIO()
            write_pairs("tmx", pairs, buffer, source=source, lang_style=style, clock=fixed_clock)  # type: ignore[arg-type]
            data = buffer.getvalue()
            got = tt_read_tmx(data, languages.code(source, style), languages.code(target, style))  # type: ignore[arg-type]
            scores.append(_score("translate-toolkit (languages given)", f"tmx/{style}", source, dataset, expected, got))
            got = tt_read_tmx_by_position(data)
            scores.append(_score("translate-toolkit (by position)", f"tmx/{style}", source, dataset, expected, got))
        buffer = io.BytesIO()
        write_glossary("tbx", entries, buffer, clock=fixed_clock)
        expected = [(clean_text(getattr(e, source)), clean_text(getattr(e, target))) for e in entries]
        got = tt_read_tbx(buffer.getvalue(), source, target)
        scores.append(_score("translate-toolkit tbx", "tbx v2", source, dataset, expected, got))
    return scores


def check_omegat(pairs: list[PairRecord], entries: list[GlossaryEntry], dataset: str, workdir: Path) -> list[ReaderScore]:
    """One OmegaT console-translate run per direction: the TMX in tm/auto/ must fill every exact
    match into target/, and OmegaT's glossary readers must load the TBX v2 and the tab-separated
    glossary with every entry; any error line in the log counts against the TMX."""
    from tm.formats.omegat import flat

    scores = []
    for source in ("kk", "ru"):
        target = _other(source)
        root = workdir / f"omegat-{dataset}-{source}"
        lines = [re.sub(r"[\r\n]", " ", clean_text(getattr(p, source))) for p in pairs]
        make_omegat_project(root, source, lines)
        with open(root / "tm" / "auto" / "tm.tmx", "wb") as fh:
            write_pairs("tmx", pairs, fh, source=source, clock=fixed_clock)  # type: ignore[arg-type]
        with open(root / "glossary" / "glossary.tbx", "wb") as fh:
            write_glossary("tbx", entries, fh, clock=fixed_clock)
        with open(root / "glossary" / "glossary.utf8", "wb") as fh:
            write_glossary("omegat", entries, fh, clock=fixed_clock, source=source)  # type: ignore[arg-type]
        read, errors, run = omegat_read_glossaries(root)
        log_errors = omegat_load_errors(run.log)
        if "TMXR_INFO_READING_COMPLETE" not in run.log:
            log_errors.append("the log does not say the TMX was read")
        expected = [clean_text(getattr(p, target)) for p in pairs]
        got_pairs = [(line, t) for line, t in zip(lines, run.targets)]
        scores.append(_score("omegat console-translate (tm/auto)", "tmx", source, dataset,
                             list(zip(lines, expected)), got_pairs, log_errors))
        for name, fmt, shape in (("glossary.tbx", "tbx v2", clean_text), ("glossary.utf8", "omegat tsv", flat)):
            want = [(shape(getattr(e, source)), shape(getattr(e, target))) for e in entries]
            scores.append(_score("omegat glossary reader", fmt, source, dataset, want, read.get(name, []),
                                 [e for e in errors if e.startswith(name)]))
    return scores


def omegat_representable(pair: PairRecord, source: str) -> bool:
    """Whether an OmegaT plain-text segment can equal the pair's source: one line, no edge spaces."""
    text = clean_text(getattr(pair, source))
    return "\n" not in text and "\r" not in text and text == text.strip()
