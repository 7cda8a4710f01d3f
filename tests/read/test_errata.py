"""Errata files: found by document number, applied after normalisation, errors clean."""

from __future__ import annotations

import pytest

from graph.errors import InputError
from graph.read.errata import apply_errata, errata_for, load_errata, shipped_errata
from graph.read.normalise import normalise


def test_shipped_errata_belong_to_the_bundled_plan():
    sheets = shipped_errata()
    assert [s.document for s in sheets] == ["武政办〔2023〕1号"]
    assert len(sheets[0].fixes) == 7
    assert all(f.why for f in sheets[0].fixes)


def test_errata_are_chosen_by_document_number():
    lines, _ = normalise("武政辦〔2023〕1號\n正文")
    assert [e.document for e in errata_for(lines)] == ["武政办〔2023〕1号"]
    lines, _ = normalise("武政办〔2024〕3号\n正文")
    assert errata_for(lines) == []


def test_apply_reports_each_repair(tmp_path):
    path = tmp_path / "e.toml"
    path.write_text(
        'document = "x"\n[[fix]]\ndamaged = "旧词"\ncorrected = "新词"\n', encoding="utf-8"
    )
    lines, _ = normalise("甲旧词乙旧词\n丙")
    notices = apply_errata(lines, [load_errata(path)])
    assert lines[0].text == "甲新词乙新词"
    assert [(n.kind, n.line, n.column) for n in notices] == [
        ("damage-repaired", 1, 2),
        ("damage-repaired", 1, 5),
    ]


@pytest.mark.parametrize(
    ("content", "where", "reason"),
    [
        (b"fix = [1", (1, 9), "not valid TOML"),
        (b"a = 1\nb = \n", (2, 5), "not valid TOML"),
        (b'document = "x"\n\n[[fix]]\ndamaged = "a"\n', (3, 1), "needs text 'damaged'"),
        (b"document = 1\n", (0, 0), "'document' must be a string"),
        (b"fix = 3\n", (0, 0), "'fix' must be a list"),
        (b'[[fix]]\ndamaged = 1\ncorrected = "b"\n', (1, 1), "needs text"),
        (b'fix = "\xff"', (1, 8), "not UTF-8"),
    ],
)
def test_bad_errata_files(tmp_path, content, where, reason):
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(InputError) as exc:
        load_errata(path)
    assert (exc.value.line, exc.value.column) == where
    assert reason in exc.value.reason
    assert exc.value.path == str(path)


def test_missing_and_directory_errata(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_errata(tmp_path / "nope.toml")
    with pytest.raises(InputError, match="directory"):
        load_errata(tmp_path)
