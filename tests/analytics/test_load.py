"""Load: computed by the analytics, by the SPARQL named queries and from the parsed
model, compared for every unit; hand-checked facts of the bundled plan."""

from __future__ import annotations

import pandas as pd
import pytest

from graph.analytics.frames import Tables
from graph.analytics.load import (
    LOAD_COLUMNS,
    district_load,
    load_by_kind,
    load_by_section,
    load_by_zone,
    unit_load,
)

DISTRICT_KINDS = ("district_government", "management_committee")
CENTRAL = {
    "江岸区人民政府",
    "江汉区人民政府",
    "硚口区人民政府",
    "汉阳区人民政府",
    "武昌区人民政府",
    "青山区人民政府",
    "洪山区人民政府",
}
NEW = {
    "东西湖区人民政府",
    "汉南区人民政府",
    "蔡甸区人民政府",
    "江夏区人民政府",
    "黄陂区人民政府",
    "新洲区人民政府",
}


def by_unit(frame: pd.DataFrame, key: str = "unit") -> dict[str, dict]:
    return {row[key]: row for row in frame.to_dict("records")}


def one_item(tables: Tables, ref: str) -> Tables:
    """The tables cut down to one item, to read that item's contributions."""
    a, i, t = tables.assignments, tables.items, tables.targets
    return Tables(
        a[a["ref"] == ref].reset_index(drop=True),
        i[i["ref"] == ref].reset_index(drop=True),
        t[t["item"] == ref].reset_index(drop=True),
    )


# --- the analytics agree with the SPARQL named queries, unit by unit -------------


@pytest.mark.parametrize("expand", [False, True])
def test_unit_load_equals_unit_load_query(tables, sparql, expand):
    ours = by_unit(unit_load(tables, expand=expand))
    theirs = by_unit(pd.DataFrame(sparql("unit-load", expand=str(expand).lower())))
    assert set(ours) == set(theirs)
    assert len(ours) == (85 if expand else 86)
    for unit, row in theirs.items():
        mine = ours[unit]
        assert (mine["kind"], mine["lead"], mine["responsible"], mine["total"]) == (
            row["kind"],
            row["lead"],
            row["responsible"],
            row["total"],
        ), unit


def test_district_load_equals_district_load_query(tables, sparql):
    ours = by_unit(district_load(tables))
    theirs = {row["district"]: row for row in sparql("district-load")}
    assert set(ours) == set(theirs)
    assert len(ours) == 18  # 13 district governments, 5 management committees
    for unit, row in theirs.items():
        mine = ours[unit]
        assert (
            mine["kind"],
            mine["named"],
            mine["via_groups"],
            mine["total"],
            mine["lead"],
        ) == (row["kind"], row["named"], row["through_groups"], row["total"], row["lead"]), unit
        assert (None if pd.isna(mine["zone"]) else mine["zone"]) == row["zone"], unit


# --- and with the parsed model, every column ----------------------------------------


@pytest.mark.parametrize("expand", [False, True])
def test_unit_load_equals_the_parsed_model(tables, model, registry, expand):
    ours = by_unit(unit_load(tables, expand=expand))
    reference = model.load(expand)
    assert set(ours) == set(reference)
    for unit, ref in reference.items():
        row = ours[unit]
        assert row["kind"] == registry.get(unit).kind, unit
        assert (
            row["lead"],
            row["lead_by_rule"],
            row["responsible"],
            row["total"],
            row["named"],
            row["via_groups"],
        ) == (
            ref.lead,
            ref.lead_by_rule,
            ref.responsible,
            ref.total,
            ref.named,
            ref.total - ref.named,
        ), unit
        assert row["weighted"] == pytest.approx(ref.weighted, abs=5e-4), unit


def test_load_columns_and_invariants(tables):
    for expand in (False, True):
        frame = unit_load(tables, expand=expand)
        assert list(frame.columns) == list(LOAD_COLUMNS)
        assert (frame["lead"] + frame["responsible"] == frame["total"]).all()
        assert (frame["named"] + frame["via_groups"] == frame["total"]).all()
        assert (frame["lead_by_rule"] <= frame["lead"]).all()
        assert frame["unit"].is_unique
    written = unit_load(tables)
    assert (written["via_groups"] == 0).all()


# --- hand-checked facts -------------------------------------------------------------


def test_top_lead_units(tables, plan):
    top = unit_load(tables, by="lead", top=6)
    assert list(zip(top["unit"], top["lead"], strict=True)) == [
        ("市发改委", 41),
        ("市城管执法委", 21),
        ("市经信局", 18),
        ("市商务局", 17),
        ("市水务局", 17),
        ("市城建局", 14),
    ]
    # Counted again from the parsed model: items whose effective lead holds the unit.
    for unit, lead in zip(top["unit"], top["lead"], strict=True):
        assert sum(unit in item.effective_lead for item in plan.items) == lead


def test_development_and_reform_commission(tables, plan):
    row = by_unit(unit_load(tables))["市发改委"]
    assert (row["lead"], row["lead_by_rule"], row["responsible"], row["total"]) == (41, 7, 32, 73)
    # The 7 items it leads only by the no-lead rule: they name no lead, and 市发改委
    # among their responsible units.
    by_rule = [i.ref for i in plan.items if i.lead_by_rule and "市发改委" in i.responsible]
    assert by_rule == ["1.3", "2.76", "2.117", "2.139", "2.141", "2.157", "2.233"]
    assert sum("市发改委" in i.lead for i in plan.items) == 41 - 7


def test_xinzhou_through_groups(tables, plan):
    """新洲区人民政府: 8 items name it, 139 reach it through 各区人民政府 and 17
    through 各新城区人民政府 (no item names both groups, or a group and 新洲): 164."""
    row = by_unit(district_load(tables))["新洲区人民政府"]
    assert (row["named"], row["via_groups"], row["total"], row["lead"]) == (8, 156, 164, 6)
    assert row["zone"] == "new"
    named = [i.ref for i in plan.items if "新洲区人民政府" in i.units()]
    assert named == ["2.7", "2.35", "2.37", "2.70", "2.162", "2.167", "2.194", "2.231"]
    all_districts = [i.ref for i in plan.items if "各区人民政府" in i.units()]
    new_districts = [i.ref for i in plan.items if "各新城区人民政府" in i.units()]
    assert (len(all_districts), len(new_districts)) == (139, 17)
    assert not set(all_districts) & set(new_districts)
    assert not set(named) & (set(all_districts) | set(new_districts))
    # It leads 2.37 as written and, through 各区人民政府, the five part-3 items that
    # name no lead and give 各区人民政府 as a responsible unit.
    assert [i.ref for i in plan.items if "新洲区人民政府" in i.lead] == ["2.37"]
    assert [i.ref for i in plan.items if "各区人民政府" in i.effective_lead] == [
        "3.1",
        "3.2",
        "3.5",
        "3.6",
        "3.7",
    ]
    # Central districts are reached through 各区人民政府 and 各中心城区人民政府 (4 items).
    central = by_unit(district_load(tables))["江岸区人民政府"]
    assert central["via_groups"] == 139 + 4
    assert sum("各中心城区人民政府" in i.units() for i in plan.items) == 4


def test_weighted_load_by_hand(tables):
    """A lead carries 1; the responsible units (not lead) of an item share 1."""
    load = by_unit(unit_load(tables))
    # 市残联: leads 2.86 and 4.16; responsible on 2.199 with 市妇联 (lead 市民政局).
    assert load["市残联"]["weighted"] == 1 + 1 + 1 / 2
    # 市民防办: 4.69 names it alone, as responsible; it leads by the no-lead rule.
    assert load["市民防办"]["weighted"] == 1
    assert (load["市民防办"]["lead"], load["市民防办"]["lead_by_rule"]) == (1, 1)
    # 市水务局: leads 17 items; responsible on 12, shared with this many responsible
    # units each (counted in the plan's clauses, 市水务局 included):
    shares = {
        "1.5": 2,  # 市生态环境局、市水务局
        "2.13": 13,  # 12 departments and 各区人民政府
        "2.14": 13,
        "2.17": 11,  # 10 departments and 各区人民政府
        "2.18": 13,
        "2.19": 13,
        "2.116": 7,
        "2.121": 4,  # 市发改委、市生态环境局、市城管执法委、市水务局
        "2.128": 6,
        "2.131": 2,  # 市经信局、市水务局
        "2.135": 4,  # 市生态环境局、市水务局、蔡甸区人民政府、武汉城发集团
        "2.227": 7,
    }
    water = load["市水务局"]
    assert (water["lead"], water["responsible"]) == (17, 12)
    assert water["weighted"] == round(17 + sum(1 / n for n in shares.values()), 3) == 19.351


def test_weighted_contributions_of_single_items(tables):
    # 2.199: lead 市民政局; responsible 市妇联、市残联 share 1.
    contributions = dict(
        zip(*(unit_load(one_item(tables, "2.199"))[c] for c in ("unit", "weighted")), strict=True)
    )
    assert contributions == {"市民政局": 1.0, "市妇联": 0.5, "市残联": 0.5}
    # 2.7: lead 市经信局; ten responsible units get 0.1 each.
    seven = unit_load(one_item(tables, "2.7"))
    assert dict(zip(seven["unit"], seven["weighted"], strict=True)) == {
        "市经信局": 1.0,
        **{
            u: 0.1
            for u in (
                "市发改委",
                "市商务局",
                "市文旅局",
                "市政府国资委",
                "市市场监管局",
                "市地方金融局",
                "江汉区人民政府",
                "硚口区人民政府",
                "黄陂区人民政府",
                "新洲区人民政府",
            )
        },
    }
    # 2.201 with expansion: 市民政局 leads; 各区人民政府's 18 members share 1.
    expanded = unit_load(one_item(tables, "2.201"), expand=True)
    weights = dict(zip(expanded["unit"], expanded["weighted"], strict=True))
    assert weights.pop("市民政局") == 1.0
    assert len(weights) == 18 and set(weights.values()) == {round(1 / 18, 3)}


def test_weighted_load_adds_up(tables, plan):
    """Over all units, each item contributes its number of leads plus 1 if it has
    responsible units that are not lead."""
    expected = sum(
        len(set(i.effective_lead)) + bool(set(i.units()) - set(i.effective_lead))
        for i in plan.items
    )
    frame = unit_load(tables)
    assert frame["weighted"].sum() == pytest.approx(expected, abs=len(frame) * 5e-4)


def test_sort_filter_and_top(tables):
    for by in ("lead", "responsible", "total", "weighted"):
        frame = unit_load(tables, by=by)
        assert list(frame[by]) == sorted(frame[by], reverse=True)
    districts = unit_load(tables, expand=True, kind="district_government", top=3)
    assert list(districts["unit"]) == ["新洲区人民政府", "黄陂区人民政府", "蔡甸区人民政府"]
    assert set(unit_load(tables, expand=True, kind="district_government")["unit"]) == CENTRAL | NEW
    with pytest.raises(ValueError):
        unit_load(tables, by="items")


# --- per kind, zone and section -----------------------------------------------------


@pytest.mark.parametrize("expand", [False, True])
def test_load_by_kind_equals_the_model(tables, model, registry, expand):
    frame = by_unit(load_by_kind(tables, expand=expand), "kind")
    kinds: dict[str, dict] = {}
    for item in model.plan.items:
        leads, units = model.item_units(item, expand)
        for unit in units:
            k = kinds.setdefault(
                registry.get(unit).kind, {"units": set(), "items": set(), "led": set(), "n": 0}
            )
            k["units"].add(unit)
            k["items"].add(item.ref)
            k["n"] += 1
            if unit in leads:
                k["led"].add(item.ref)
    assert set(frame) == set(kinds)
    for kind, k in kinds.items():
        row = frame[kind]
        assert (row["units"], row["items"], row["lead_items"], row["unit_items"]) == (
            len(k["units"]),
            len(k["items"]),
            len(k["led"]),
            k["n"],
        ), kind
    assert frame["municipal_department"]["units"] == 37
    assert sum(r["unit_items"] for r in frame.values()) == sum(
        r.total for r in model.load(expand).values()
    )


def test_load_by_zone(tables, model, plan):
    zones = by_unit(load_by_zone(tables), "zone")
    assert set(zones) == {"central", "new"}
    assert (zones["central"]["districts"], zones["new"]["districts"]) == (7, 6)
    reference = model.load(True)
    for zone, members in (("central", CENTRAL), ("new", NEW)):
        totals = [reference[m].total for m in members]
        leads = [reference[m].lead for m in members]
        items = set().union(*(reference[m].items for m in members))
        row = zones[zone]
        assert row["items"] == len(items)
        assert row["mean_total"] == round(sum(totals) / len(totals), 2)
        assert row["mean_lead"] == round(sum(leads) / len(leads), 2)
    assert (zones["central"]["items"], zones["new"]["items"]) == (153, 173)
    assert (zones["central"]["mean_total"], zones["new"]["mean_total"]) == (145.43, 160.67)


@pytest.mark.parametrize("expand", [False, True])
def test_load_by_section_sums_to_unit_load(tables, model, expand):
    per = load_by_section(tables, expand=expand)
    assert list(per.columns) == ["unit", "kind", "part", "section", "lead", "responsible", "total"]
    sums = per.groupby("unit")[["lead", "responsible", "total"]].sum()
    load = unit_load(tables, expand=expand).set_index("unit")
    assert sums.index.sort_values().tolist() == sorted(load.index)
    for column in ("lead", "responsible", "total"):
        assert (sums[column] == load.loc[sums.index, column]).all(), column
    # One section checked against the model: 市发改委 in part 2, section 2.
    row = per[(per["unit"] == "市发改委") & (per["part"] == 2) & (per["section"] == 2)]
    refs = {
        i.ref
        for i in model.plan.items
        if i.part == 2 and i.section == 2 and "市发改委" in model.item_units(i, expand)[1]
    }
    assert int(row["total"].iloc[0]) == len(refs)
    # Part 1 has no sections: its rows carry a missing section.
    assert per.loc[per["part"] == 1, "section"].isna().all()


@pytest.mark.parametrize("expand", [False, True])
def test_unit_items_one_row_per_unit_and_item(tables, model, expand):
    from graph.analytics.load import unit_items

    frame = unit_items(tables, expand=expand)
    assert not frame.duplicated(["unit", "item"]).any()
    assert len(frame) == sum(r.total for r in model.load(expand).values())
    led = frame[frame["is_lead"]]
    assert len(led) == sum(r.lead for r in model.load(expand).values())
    assert frame["lead_by_rule_only"].sum() == sum(
        r.lead_by_rule for r in model.load(expand).values()
    )
    frame.loc[:, "unit"] = "changed"  # a copy: the cached pairs are untouched
    assert "changed" not in set(unit_load(tables, expand=expand)["unit"])
