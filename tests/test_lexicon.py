"""The offline Kazakh lexicon: hunspell reader, suffix stripping, harmony, learned words."""

from __future__ import annotations

from pathlib import Path

import pytest

from tm.lexicon import load_kazakh_lexicon
from tm.lexicon.hunspell import load_hunspell
from tm.lexicon.suffixes import harmony, suffix_fits


@pytest.fixture(scope="module")
def lexicon():  # type: ignore[no-untyped-def]
    return load_kazakh_lexicon()


@pytest.mark.parametrize("word", [
    "ақпарат", "құрал", "жоқ", "қысқаша", "бағдарламасын", "жүйесіндегі", "қабылданып",
    "цифрлық", "ұйым", "Мақалада", "дипломатиясы", "суға", "бүгін", "білігі", "ақпараттық-коммуникациялық",
])
def test_kazakh_words(lexicon, word: str) -> None:  # type: ignore[no-untyped-def]
    assert word in lexicon
    assert lexicon.is_word(word)


@pytest.mark.parametrize("word", [
    "акпарат", "кұрал", "жок", "кыскаша", "батдарламасын", "цифрлык", "үйым", "мандар",
    "интернеталпауыттар", "бардык",
])
def test_damaged_forms_are_not_words(lexicon, word: str) -> None:  # type: ignore[no-untyped-def]
    assert word not in lexicon


@pytest.mark.parametrize("word, stem", [
    ("жүйелерде", "жүйе"),
    ("ұйымдарының", "ұйым"),
    ("ақпараттарды", "ақпарат"),
])
def test_stems(lexicon, word: str, stem: str) -> None:  # type: ignore[no-untyped-def]
    assert any(a.stem == stem for a in lexicon.analyse(word))


def test_learned_words_count(lexicon) -> None:  # type: ignore[no-untyped-def]
    doc = lexicon.copy()
    assert "твипломатия" not in doc
    doc.learn(["Твипломатия", "твипломатия"])
    assert "твипломатия" in doc and doc.frequency("Твипломатия") == 2
    assert "твипломатия" not in lexicon  # the shared lexicon is not changed


@pytest.mark.parametrize("text, side", [("қала", "back"), ("өнер", "front"), ("цифр", "")])
def test_harmony(text: str, side: str) -> None:
    assert harmony(text) == side


def test_suffix_harmony() -> None:
    assert suffix_fits("ақпарат", "тар") and not suffix_fits("ақпарат", "тер")
    assert suffix_fits("келді", "к") and not suffix_fits("барды", "к")


def test_hunspell_reader_expands_and_analyses(tmp_path: Path) -> None:
    (tmp_path / "t.aff").write_text("SET UTF-8\nSFX A N 2\nSFX A 0 лар а\nSFX A 0 лер р\n",
                                    encoding="utf-8")
    (tmp_path / "t.dic").write_text("2\nқала/A\nөнер/A\n", encoding="utf-8")
    hun = load_hunspell(tmp_path / "t.aff", tmp_path / "t.dic")
    assert sorted(hun.expand()) == ["қала", "қалалар", "өнер", "өнерлер"]
    assert hun.analyse("өнерлер") == [("өнер", "лер")]
    assert "қалалер" not in hun


def test_cache_dir_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tm.lexicon import kazakh

    monkeypatch.setenv("TM_CACHE_DIR", str(tmp_path))
    cache = tmp_path / f"kk_lexicon_v{kazakh.CACHE_VERSION}.pkl.gz"
    hun = kazakh._build(cache)
    assert cache.is_file()
    assert kazakh._load_cached(cache).stems == hun.stems  # type: ignore[union-attr]
