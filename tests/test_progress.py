"""Progress reporting: one line per finished stage when stderr is not a terminal, live bars when it is."""

from __future__ import annotations

import pytest

from tm import progress
from tm.progress import job, progress_bar, stage


def test_outside_a_job_stages_say_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    stage("term candidates")
    with progress_bar(3, "embedding", enabled=False) as advance:
        advance(3)
    assert capsys.readouterr().err == ""


def test_piped_job_prints_one_line_per_finished_stage(capsys: pytest.CaptureFixture[str]) -> None:
    with job("glossary"):
        stage("term candidates")
        stage("pairing terms")
        assert capsys.readouterr().err.startswith("glossary: term candidates done in ")
        with progress_bar(4, "embedding terms") as advance:  # its stage's line says it
            advance(4)
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("glossary: pairing terms done in ") and line.endswith(" s")


def test_piped_bar_in_a_job_outside_a_stage_prints_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with job("clean"), progress_bar(4, "OCR repair") as advance:
        advance(1)
        advance(3)
    assert capsys.readouterr().err.startswith("clean: OCR repair: 4/4 done in ")


def test_piped_bar_outside_a_job_says_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with progress_bar(4, "embedding") as advance:
        advance(4)
    assert capsys.readouterr().err == ""


def test_disabled_job_silences_the_library_stages(capsys: pytest.CaptureFixture[str]) -> None:
    with job("clean", enabled=False):
        stage("OCR repair")
    assert capsys.readouterr().err == ""


def test_failed_work_is_not_reported_done(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError), job("clean"), progress_bar(2, "embedding") as advance:
        advance(1)
        raise ValueError("model failed")
    with pytest.raises(ValueError), job("align"):
        stage("reading")
        stage("embedding")
        raise ValueError("model failed")
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("align: reading done in ")  # not the embedding that failed


def test_terminal_nests_stages_and_bars_in_one_display(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(progress, "_terminal", lambda: True)
    with pytest.raises(RuntimeError, match="stop"), job("align"):
        stage("cleaning")
        with progress_bar(10, "OCR repair (ru)") as outer, progress_bar(5, "embedding") as inner:
            outer(10)
            inner(5)
        stage("aligning")
        raise RuntimeError("stop")
    assert progress._Display.progress is None  # the display is stopped even after an error
    assert " done in " not in capsys.readouterr().err
