"""One unit resolver for every command and page: short names, aliases, official
and English names, Traditional and full-width input; an unknown unit is the same
usage error everywhere, with the nearest names."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graph.errors import OptionError
from graph.store.units import UnitNames, UnitResolver, registry_units, store_units


@pytest.fixture(scope="module")
def units(graph_store):
    return store_units(graph_store)


@pytest.mark.parametrize(
    "written, name",
    [
        ("市发改委", "市发改委"),
        ("市文明办", "市委宣传部"),  # an alias
        ("市發改委", "市发改委"),  # Traditional
        ("各區人民政府", "各区人民政府"),
        ("武汉市发展和改革委员会", "市发改委"),  # the official name
        ("Wuhan Municipal Water Affairs Bureau", "市水务局"),  # the English name
        ("wuhan municipal water affairs bureau", "市水务局"),
        ("  市水务局 ", "市水务局"),
    ],
)
def test_names_resolve(units, written, name):
    assert units.resolve(written) == name


def test_unknown_unit_names_the_nearest(units):
    with pytest.raises(OptionError) as info:
        units.resolve("市水物局")
    message = str(info.value)
    assert message.startswith("no unit named '市水物局' in the graph; did you mean 市水务局")
    assert "\n" not in message
    with pytest.raises(OptionError, match="did you mean 市发改委"):
        units.resolve("市发改")  # a part of a name
    assert units.nearest("zzz") == []


def test_units_of_the_store_are_every_unit_and_group(units):
    assert len(units.names()) == 90  # 88 on items, and 2 groups' hosts and members
    assert {"各区人民政府", "市委宣传部", "汉南区人民政府"} <= set(units.names())


def test_a_unit_name_wins_over_another_units_alias_and_shared_aliases_are_ambiguous():
    resolver = UnitResolver(
        [
            UnitNames("甲局", aliases=("乙局",)),
            UnitNames("乙局"),
            UnitNames("丙局", aliases=("联办",)),
            UnitNames("丁局", aliases=("联办",)),
        ]
    )
    assert resolver.resolve("乙局") == "乙局"
    with pytest.raises(OptionError, match="ambiguous: it names 丁局、丙局"):
        resolver.resolve("联办")


def test_tables_without_a_store_use_the_shipped_registry():
    resolver = registry_units(["市委宣传部", "不在名录的单位"])
    assert resolver.resolve("市文明办") == "市委宣传部"
    assert resolver.resolve("不在名录的单位") == "不在名录的单位"


# --- the same answer and the same error in every command -----------------------------


def _commands(name: str, tmp_path) -> dict[str, list[str]]:
    return {
        "show": ["show", name],
        "viz": ["viz", "--view", "tasks", "--unit", name, "-o", str(tmp_path / "t.html")],
        "viz-unit": ["viz", "--view", "unit", "--unit", name, "-o", str(tmp_path / "u.html")],
        "query": ["query", "unit-items", "-p", f"unit={name}"],
        "targets": ["targets", "--unit", name],
    }


def test_an_alias_works_in_every_command(tmp_path):
    from graph.cli.main import cli

    runner = CliRunner()
    for command, args in _commands("市文明办", tmp_path).items():
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (command, result.output)
    shown = runner.invoke(cli, ["show", "市文明办"]).output
    assert shown.startswith("市委宣传部  Publicity Department")
    items = runner.invoke(cli, ["query", "unit-items", "-p", "unit=市文明辦", "--format", "csv"])
    assert [line.split(",")[0] for line in items.output.splitlines()] == ["ref", "2.193", "2.238"]
    assert "市委宣传部" in (tmp_path / "u.html").read_text(encoding="utf-8")


def test_an_unknown_unit_is_the_same_usage_error_in_every_command(tmp_path):
    from graph.cli.main import cli

    runner = CliRunner()
    expected = "no unit named '市水物局' in the graph; did you mean 市水务局"
    for command, args in _commands("市水物局", tmp_path).items():
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, (command, result.output)
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"dutygraph: error: {expected}"), command
    assert not (tmp_path / "t.html").exists() and not (tmp_path / "u.html").exists()
