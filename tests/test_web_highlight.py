"""Marking words in TM text for the page: escape first, then wrap (no browser needed)."""

from __future__ import annotations

import pytest

pytest.importorskip("markupsafe", reason="the web extra is not installed: pip install 'tm[web]'")

from tm.errors import InputError  # noqa: E402
from tm.store.records import GlossaryEntry  # noqa: E402
from tm.web.highlight import Span, query_keys, render, shared_spans, term_keys, word_spans  # noqa: E402


@pytest.mark.parametrize("text, spans, html", [
    ("<script>alert(1)</script>", [], "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ('<img src=x onerror="f()"> дипломатия', [Span(26, 36, "match")],
     '&lt;img src=x onerror=&#34;f()&#34;&gt; <mark class="match">дипломатия</mark>'),
    ('<b hx-get="/x">а</b>', [Span(15, 16, "match", 'a"><script>')],
     '&lt;b hx-get=&#34;/x&#34;&gt;<mark class="match" title="a&#34;&gt;&lt;script&gt;">а</mark>&lt;/b&gt;'),
    ("цифрлық дипломатия", [Span(0, 7, "match"), Span(8, 18, "match")],
     '<mark class="match">цифрлық дипломатия</mark>'),  # neighbours become one mark
    ("a b", [Span(0, 1, "match"), Span(0, 3, "term")], '<mark class="term">a b</mark>'),  # overlap: longest first
])
def test_render_escapes_text_and_labels(text: str, spans: list[Span], html: str) -> None:
    assert str(render(text, spans)) == html


@pytest.mark.parametrize("query, text, lang, marked", [
    ("цифрлық дипломатияның", "Елшілер цифрлық дипломатияға көбірек көңіл бөледі.", "kk",
     ["цифрлық", "дипломатияға"]),
    ("цифровой дипломатии", "Цифровая дипломатия — новый инструмент.", "ru", ["Цифровая", "дипломатия"]),
    ("министерства иностранных дел", "Сайт Министерства иностранных дел обновлён.", "ru",
     ["Министерства", "иностранных", "дел"]),
])
def test_words_of_the_query_are_marked_in_any_inflected_form(query: str, text: str, lang: str, marked: list[str]) -> None:
    spans = word_spans(text, lang, query_keys(query)[lang])
    assert [text[s.start:s.end] for s in spans] == marked


def test_fuzzy_marks_the_words_that_differ() -> None:
    text = "Сайт Министерства иностранных дел обновлён."
    spans = word_spans(text, "ru", query_keys("Сайт министерства обновлён")["ru"], others="differs")
    assert [text[s.start:s.end] for s in spans if s.kind == "differs"] == ["иностранных", "дел"]


def test_the_other_side_gets_the_glossary_translation_and_names() -> None:
    entry = GlossaryEntry("цифрлық дипломатия", "цифровая дипломатия", 1.0)
    text = "2023 жылы Алматыда цифрлық дипломатияның құралдары талқыланды."
    query = "В Алматы в 2023 году обсуждали инструменты цифровой дипломатии"
    spans = word_spans(text, "kk", term_keys([entry])["kk"]) + shared_spans(text, "kk", query, "ru")
    assert sorted({text[s.start:s.end] for s in spans}) == ["2023", "Алматыда", "дипломатияның", "цифрлық"]


@pytest.mark.parametrize("query, message", [
    ("", "empty query"),
    ("   ", "empty query"),
    ("?! … — «»", "the query has no words"),
    ("ә" * 2001, "query too long (2001 characters, at most 2000)"),
])
def test_bad_queries_are_refused_with_a_reason(query: str, message: str) -> None:
    from tm.web.views import check_query

    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_query(query)


@pytest.mark.parametrize("query, lang, left_out", [
    ("цифровая дипломатия и её инструменты в Казахстане", "ru", {"и", "её", "в"}),
    ("Қазақстан және цифрлық дипломатия үшін", "kk", {"және", "үшін"}),
    ("и", "ru", set()),  # a lone word is what the user asked for
])
def test_function_words_of_a_longer_query_are_not_marked(query: str, lang: str, left_out: set[str]) -> None:
    from tm.search.text import words

    keys = query_keys(query)[lang]
    assert {w.surface for w in words(query, lang) if w.key not in keys} == left_out


def test_forms_differing_only_in_case_are_shown_once() -> None:
    from tm.web.views import distinct

    forms = ["Цифрлық дипломатия", "цифрлық дипломатия", "цифрлық дипломатияның", "Цифрлық дипломатияның"]
    assert distinct(forms) == ["Цифрлық дипломатия", "цифрлық дипломатияның"]
    assert distinct(forms, 1) == ["Цифрлық дипломатия"]
