"""Alignment on real Kazakh/Russian sentences with the bundled model, and on edge cases."""

from __future__ import annotations

import random

import pytest

from tm.align import AlignmentResult, Bead, align_pair, align_parallel, choose_mode, mine
from tm.encoders import get_encoder

PAIRS = [
    ("Цифрлық Қазақстан бағдарламасы 2018 жылы басталды.", "Программа «Цифровой Казахстан» началась в 2018 году."),
    ("Бағдарлама бес негізгі бағыттан тұрады.", "Программа состоит из пяти основных направлений."),
    ("Біріншісі – экономика салаларын цифрландыру.", "Первое — цифровизация отраслей экономики."),
    ("Екіншісі – цифрлық мемлекетке көшу.", "Второе — переход к цифровому государству."),
    ("Үшіншісі – цифрлық Жібек жолын іске асыру.", "Третье — реализация цифрового Шёлкового пути."),
    ("Төртіншісі – адами капиталды дамыту.", "Четвёртое — развитие человеческого капитала."),
    ("Бесіншісі – инновациялық экожүйе құру.", "Пятое — создание инновационной экосистемы."),
    ("Астанада жаңа деректер орталығы ашылды.", "В Астане открылся новый центр обработки данных."),
    ("Оның қуаты 20 мегаватқа жетеді.", "Его мощность достигает 20 мегаватт."),
    (
        "Министрлік ауылдарға жоғары жылдамдықты интернет жеткізуді жоспарлап отыр.",
        "Министерство планирует провести высокоскоростной интернет в сёла.",
    ),
    ("Былтыр 1500 ауыл интернетке қосылды.", "В прошлом году к интернету подключили 1500 сёл."),
    ("Мектеп оқушылары бағдарламалауды үйренеді.", "Школьники учатся программированию."),
]
KK_NOISE = [
    "Бүгін ауа райы жылы болады.",
    "Менің інім футбол ойнағанды жақсы көреді.",
    "Наурыз мерекесі көктемде тойланады.",
    "Алматыдағы таулар өте әдемі.",
]
RU_NOISE = [
    "В саду расцвели яблони.",
    "Эта картина висит в музее уже сто лет.",
    "Кофе лучше пить без сахара.",
    "Поезд опоздал на два часа.",
]


@pytest.fixture(scope="module")
def encoder():
    return get_encoder()


def non_null(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.kk, b.ru) for b in beads if b.kk and b.ru]


def test_parallel_one_to_one(encoder):
    kk, ru = [k for k, _ in PAIRS], [r for _, r in PAIRS]
    beads = align_parallel(kk, ru, encoder)
    assert non_null(beads) == [((i,), (i,)) for i in range(len(PAIRS))]
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    assert min(b.score for b in beads) > 0.5


@pytest.mark.parametrize("refine", [False, True])
def test_parallel_merges_and_deletions(encoder, refine):
    """ru 1+2 merged (2-1), kk 7+8 merged (1-2), ru of pair 5 deleted (1-0)."""
    kk = [k for k, _ in PAIRS[:7]] + [PAIRS[7][0] + " " + PAIRS[8][0]] + [k for k, _ in PAIRS[9:]]
    ru = [PAIRS[0][1], PAIRS[1][1] + " " + PAIRS[2][1], PAIRS[3][1], PAIRS[4][1]]
    ru += [r for _, r in PAIRS[6:]]
    beads = align_parallel(kk, ru, encoder, refine=refine)
    expected = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3,)), ((6,), (4,)), ((7,), (5, 6))]
    expected += [((8,), (7,)), ((9,), (8,)), ((10,), (9,))]
    assert non_null(beads) == expected
    assert [b.kk for b in beads if not b.ru] == [(5,)]


def test_every_sentence_in_exactly_one_bead(encoder):
    kk = [k for k, _ in PAIRS] + KK_NOISE[:2]
    ru = RU_NOISE[:1] + [r for _, r in PAIRS]
    beads = align_parallel(kk, ru, encoder)
    assert sorted(i for b in beads for i in b.kk) == list(range(len(kk)))
    assert sorted(j for b in beads for j in b.ru) == list(range(len(ru)))
    path = [(b.kk[0], b.ru[0]) for b in beads if b.kk and b.ru]
    assert path == sorted(path)


@pytest.mark.parametrize(
    ("kk", "ru", "expected"),
    [
        ([], [], []),
        (["Сәлем."], [], [Bead((0,), (), 0.0, 0.0)]),
        ([], ["Привет.", "Пока."], [Bead((), (0,), 0.0, 0.0), Bead((), (1,), 0.0, 0.0)]),
    ],
)
def test_parallel_empty_sides(encoder, kk, ru, expected):
    assert align_parallel(kk, ru, encoder) == expected


def test_parallel_duplicates_and_long_segments(encoder):
    long_kk = " ".join([PAIRS[9][0]] * 70)  # ~5,000 characters
    long_ru = " ".join([PAIRS[9][1]] * 75)
    assert len(long_kk) > 4500 and len(long_ru) > 4500
    kk = [PAIRS[0][0], PAIRS[0][0], long_kk, PAIRS[1][0], PAIRS[1][0]]
    ru = [PAIRS[0][1], PAIRS[0][1], long_ru, PAIRS[1][1], PAIRS[1][1]]
    beads = align_parallel(kk, ru, encoder)
    # twin sentences may pair one by one or as one 2-2 bead: both are right; the long one is 1-1
    assert ((2,), (2,)) in non_null(beads)
    for kk_ids, ru_ids in non_null(beads):
        assert kk_ids == ru_ids
    assert sorted(i for b in beads for i in b.kk) == list(range(5))


def test_mining_recovers_hidden_pairs(encoder):
    rng = random.Random(3)
    kk = [(k, i) for i, (k, _) in enumerate(PAIRS)] + [(t, None) for t in KK_NOISE]
    ru = [(r, i) for i, (_, r) in enumerate(PAIRS)] + [(t, None) for t in RU_NOISE]
    rng.shuffle(kk)
    rng.shuffle(ru)
    where = {key: j for j, (_, key) in enumerate(ru) if key is not None}
    gold = {(i, where[key]) for i, (_, key) in enumerate(kk) if key is not None}
    beads = mine([t for t, _ in kk], [t for t, _ in ru], encoder)
    pred = {(b.kk[0], b.ru[0]) for b in beads}
    assert len(pred & gold) >= len(gold) - 1
    assert len(pred - gold) <= 1
    assert all(len(b.kk) == len(b.ru) == 1 and 0 <= b.score <= 1 for b in beads)


FIVE_DIRECTIONS_KK = (
    "Бұл бағдарлама бес негізгі бағытты қамтыды: экономиканың салаларын цифрландыру, цифрлық "
    "мемлекетке көшу, цифрлық Жібек жолын жүзеге асыру, адами капиталды дамыту және инновациялық "
    "экожүйені құру."
)
FIVE_DIRECTIONS_RU = [
    "Программа «Цифровой Казахстан» охватывает пять ключевых направлений:",
    "1. Цифровизация отраслей экономики.",
    "2. Переход к цифровому государству.",
    "3. Реализация цифрового Шёлкового пути.",
    "4. Развитие человеческого капитала.",
    "5. Создание инновационной экосистемы.",
]


def test_mining_pairs_a_sentence_with_a_whole_list(encoder):
    kk = [k for k, _ in PAIRS[7:]] + [FIVE_DIRECTIONS_KK] + KK_NOISE
    ru = RU_NOISE[:2] + FIVE_DIRECTIONS_RU + [r for _, r in PAIRS[7:]] + RU_NOISE[2:]
    beads = mine(kk, ru, encoder)
    pairs = {(b.kk, b.ru) for b in beads}
    assert ((5,), (2, 3, 4, 5, 6, 7)) in pairs
    assert {((i,), (8 + i,)) for i in range(5)} <= pairs
    assert all(len(b.ru) == 1 for b in mine(kk, ru, encoder, lists=False))


def test_mining_leaves_one_word_segments_out(encoder):
    kk = ["АСТАНА."] + [k for k, _ in PAIRS[7:]]
    ru = ["Аномалия."] + [r for _, r in PAIRS[7:]]
    pairs = {(b.kk, b.ru) for b in mine(kk, ru, encoder)}
    assert all(0 not in k and 0 not in r for k, r in pairs) and len(pairs) >= 4


def test_mining_empty_side(encoder):
    assert mine([], ["Привет."], encoder) == []
    assert mine(["Сәлем."], [], encoder) == []


def test_align_pair_auto_parallel(encoder):
    kk, ru = [k for k, _ in PAIRS], [r for _, r in PAIRS]
    result = align_pair(kk, ru, encoder)
    assert isinstance(result, AlignmentResult)
    assert result.mode == "parallel"
    assert result.reason.startswith("parallel: 100% of 12 mutual best matches lie on one monotonic path")
    assert 0.5 < result.confidence <= 1.0


def test_align_pair_auto_comparable(encoder):
    kk = [k for k, _ in PAIRS]
    ru = [r for _, r in PAIRS]
    order = [5, 11, 2, 8, 0, 9, 3, 7, 1, 10, 4, 6]
    result = align_pair(kk, [ru[i] for i in order], encoder)
    assert result.mode == "comparable"
    assert result.reason.startswith("comparable: only")
    assert {(b.kk[0], order[b.ru[0]]) for b in result.beads} >= {(i, i) for i in range(10)}


def test_align_pair_forced_mode(encoder):
    kk, ru = [k for k, _ in PAIRS[:3]], [r for _, r in PAIRS[:3]]
    result = align_pair(kk, ru, encoder, mode="comparable")
    assert (result.mode, result.reason) == ("comparable", "comparable: requested")


def test_choose_mode_returns_reason(encoder):
    kk, ru = [k for k, _ in PAIRS], [r for _, r in PAIRS]
    mode, reason = choose_mode(kk, ru, encoder.encode(kk), encoder.encode(ru))
    assert mode == "parallel" and "monotonic path" in reason


KK_ON_TOPIC = [  # the same story, sentences whose translations are absent
    "Бағдарламаны іске асыруға бюджеттен қосымша қаражат бөлінді.",
    "Цифрлық сауаттылық курстарына мыңдаған зейнеткер жазылды.",
    "Ауылдық мектептердің жартысы әлі де баяу интернетке қосылған.",
    "Сарапшылар бағдарламаның нәтижелерін келесі жылы бағалайды.",
]
RU_ON_TOPIC = [
    "Новые центры обслуживания населения перешли на электронную очередь.",
    "Банки страны запустили мобильные приложения для оплаты налогов.",
    "Часть жителей сёл по-прежнему не умеет пользоваться госуслугами онлайн.",
    "В столице прошёл форум по кибербезопасности.",
]


def test_mining_on_topic_distractors(encoder):
    """Untranslated sentences from the same story are not paired with the pairs' sentences."""
    kk = [k for k, _ in PAIRS] + KK_ON_TOPIC
    ru = RU_ON_TOPIC + [r for _, r in PAIRS]
    beads = mine(kk, ru, encoder)
    pred = {(b.kk[0], b.ru[0]) for b in beads}
    gold = {(i, i + len(RU_ON_TOPIC)) for i in range(len(PAIRS))}
    assert len(pred & gold) >= len(gold) - 1
    assert len(pred - gold) <= 1
