"""Honest OCR repair: calibrated confidence, abstention, no obscenity, the learned channel, caching."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tm.clean import change_records, clean_text
from tm.ocr import calibration
from tm.ocr.cache import repair_version
from tm.ocr.channel import align, estimate
from tm.ocr.confusion import ConfusionModel
from tm.ocr.offensive import is_offensive
from tm.ocr.ru_latin import _Repairer, repair_document, repair_latin_russian


@pytest.mark.parametrize("word", ["пизда", "Хуй", "ебать", "заебал", "блядь", "мудак", "пидор", "выебу",
                                  "сіктір"])
def test_obscenities_are_recognised(word: str) -> None:
    assert is_offensive(word)


@pytest.mark.parametrize("word", ["хлеба", "себе", "мандат", "мандарин", "страху", "хуже", "небо", "ебола",
                                  "мудрый", "пиджак", "хутор", "бляха", "сікір", "дипломатия"])
def test_innocent_words_sharing_letters_are_not(word: str) -> None:
    assert not is_offensive(word)


def test_repair_never_writes_an_obscenity() -> None:
    # `У.пизда` was once read for a Latin-OCR'd surname; the guess must be dropped, not written.
    text = "aMepuKaHcKoro )KypHaJIucTa Y.IIu3Aa"
    repaired = [e.repaired for e in repair_latin_russian(text, cache=False)]
    assert not any(is_offensive(w) for r in repaired for w in r.split())


def test_channel_alignment_finds_many_to_one_strings() -> None:
    costs = ConfusionModel.prior().costs
    _cost, pairs = align("6bIJIu", "были", costs, 7.0, 5.5, 6.5)
    assert pairs == [("б", "6"), ("ы", "bI"), ("л", "JI"), ("и", "u")]


def test_channel_estimate_learns_a_confusion_the_catalogue_lacks() -> None:
    # `m` for `д` is what the English model reads in some fonts; the catalogue does not list it.
    pairs = [("mom", "дом"), ("ma", "да"), ("mBa", "два"), ("Bomy", "воду")] * 3
    counts = estimate(pairs, ConfusionModel.prior().costs)
    assert counts[("д", "m")] == 12


def test_learned_channel_is_the_default_and_keeps_catalogue_look_alikes() -> None:
    model = ConfusionModel.learned()
    assert ("л", "JI") in model.costs and ("ц", "LI") in model.costs
    assert model.costs[("н", "H")] < model.costs[("п", "H")]


def test_calibration_fit_orders_evidence() -> None:
    good = [calibration.features(8.0, 20.0, 12.0, 0, "HoBaa", True, False)] * 30
    bad = [calibration.features(30.0, 31.0, 1.0, 1, "HoBaa", True, True)] * 30
    cal = calibration.fit(good + bad + good[:3] + bad[:3], [True] * 30 + [False] * 30 + [False] * 3 + [True] * 3)
    assert cal(good[0]) > 0.8 > 0.2 > cal(bad[0])


def test_low_confidence_words_are_kept_and_listed_with_candidates() -> None:
    text = "OH )KuBeT B MOCKBe, Hxeimn xq7Qz ropoAa."
    rep = _Repairer(text)
    report = rep.run(False)
    kept = {s.original for s in report.suspects}
    edited = {e.original for e in report.edits}
    assert not kept & edited
    assert all(e.confidence >= calibration.ABSTAIN for e in report.edits)
    assert all(s.confidence < calibration.ABSTAIN for s in report.suspects)
    cleaned = clean_text(text, "ru")
    records = change_records(cleaned)
    for r in records:
        assert text[r["start"]:r["end"]] == r["original"]
        if r.get("kept"):
            assert r["repaired"] == r["original"] and isinstance(r["candidates"], list)
            assert r["original"] in cleaned.text
    json.dumps(records, ensure_ascii=False)


def test_repair_is_cached_by_text_and_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TM_CACHE_DIR", str(tmp_path))
    text = "MbI 6bIJIu B LIeHTpe ropoAa."
    first = repair_document(text)
    assert list(tmp_path.glob("ocr_repair_ru-*"))

    def fail(self, progress):  # a second repair of the same text must not decode again
        raise AssertionError("decoded again")

    monkeypatch.setattr(_Repairer, "run", fail)
    assert repair_document(text) == first
    with pytest.raises(AssertionError):
        repair_document(text + " ")
    assert len(repair_version()) == 16
