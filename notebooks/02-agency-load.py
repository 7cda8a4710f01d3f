# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Agency load: who carries the load, who must coordinate, where duties overlap
#
# For policy researchers and the offices that supervise a plan. On the bundled plan
# (Wuhan 2023, 322 items) this notebook computes the load leaderboard with and without
# group expansion, the co-assignment network of units and its communities, and the
# overlaps: items that restate the same commitment, and whether their units agree.
#
# Everything is read from the RDF store with named queries and computed with pandas
# and networkx (`graph.analytics`); the same results come from the command line:
# `dutygraph load`, `dutygraph structure`, `dutygraph overlaps`, `dutygraph show`.

# %%
import os

import pandas as pd

from graph import open_store
from graph.analytics.frames import load_tables

pd.set_option("display.max_rows", 30)
pd.set_option("display.max_colwidth", 60)
pd.set_option("display.width", 120)

# The bundled plan in memory, or the store persisted in the folder DUTYGRAPH_STORE names.
store = open_store(store_dir=os.environ.get("DUTYGRAPH_STORE"))
tables = load_tables(store)  # assignments, items and targets as DataFrames
print(len(tables.items), "items,", len(tables.assignments), "assignments (written and derived)")

# %% [markdown]
# ## The load leaderboard
#
# Counting rules: `lead` = items the unit leads, with the plan's no-lead rule applied
# (`lead_by_rule` of them only by that rule); `responsible` = items where it is
# responsible and not lead; `total` = distinct items; `weighted` = a lead carries 1 and
# the responsible units of an item share 1.
#
# **As written**: a group such as 各区人民政府 (all districts and management committees)
# is one unit.

# %%
from graph.analytics.load import district_load, load_by_kind, load_by_zone, unit_load

unit_load(tables, top=10)

# %% [markdown]
# **With group expansion**: an item given to a group counts for each member
# (`via_groups`); the enumerated groups drop out.

# %%
unit_load(tables, expand=True, top=10)

# %%
# Ranked by lead instead: who answers for the most items.
unit_load(tables, expand=True, by="lead", top=10)[
    ["unit", "kind", "lead", "lead_by_rule", "responsible", "weighted"]
]

# %% [markdown]
# The same as charts (`graph.views.charts`, also `dutygraph chart --kind load`): the top
# 20 units by items, lead items in red — as written, then with group expansion.

# %%
from IPython.display import Image, display

from graph.views.charts import chart_bytes

display(Image(chart_bytes(tables, "load", "png")))
display(Image(chart_bytes(tables, "load", "png", expand=True)))

# %% [markdown]
# Per kind of unit and per zone (中心城区 *central* vs 新城区 *new* districts), through
# groups included:

# %%
load_by_kind(tables, expand=True)

# %%
load_by_zone(tables)

# %%
districts = district_load(tables)
districts.head(8)

# %%
# Named in the plan (dark) and reached through a group such as 各区人民政府 (light).
Image(chart_bytes(tables, "districts", "png"))

# %% [markdown]
# ## Who must coordinate: the co-assignment network
#
# Units are nodes; two units are linked when they are on the same item, weighted by the
# number of items they share. Betweenness finds the brokers between clusters, PageRank
# on the directed lead → responsible graph the units others report to.

# %%
from graph.analytics.networks import coassignment_graph, coordination_graph
from graph.analytics.structure import centrality, community_table

network = coassignment_graph(tables)
coordination = coordination_graph(tables)
print(f"co-assignment: {network.number_of_nodes()} units, {network.number_of_edges()} links")
units, links = coordination.number_of_nodes(), coordination.number_of_edges()
print(f"coordination:  {units} units, {links} lead → responsible links")
centrality(tables).head(10)

# %% [markdown]
# **Communities** (Louvain, seed 42, so the same on every run), labelled by the sections
# that dominate their items:

# %%
community_table(tables).head(6)

# %% [markdown]
# **The interactive network** (`graph.views.render_view`, also `dutygraph viz --view load
# -o load.html`): node size by load, colour by kind of unit, edges weighted by shared
# items; hover or click a unit for its names, counts and the items it leads. The page is
# self-contained — every script inlined, no network request — so it opens offline, and
# here it is embedded as it is. (Code hosts that do not run scripts in notebook outputs
# show an empty frame; open the notebook in Jupyter, or write the page to a file.)

# %%
import html

from graph.views import render_view

page = render_view(tables, "load", min_load=5)
print(f"one self-contained page, {len(page) // 1024} KiB")
frame = f'<iframe srcdoc="{html.escape(page)}" style="width:100%;height:640px;border:1px solid #ddd"></iframe>'
display({"text/html": frame, "text/plain": "<the load view, embedded>"}, raw=True)

# %% [markdown]
# ## Where duties overlap
#
# **Duplicates**: items that restate the same commitment — typically a 民生实事 item (part
# 4) repeating a key-work item (part 2) — found from text similarity together with the
# figures they share, each pair scored and checked: do the two places give the same
# units, and if not, exactly how do they differ?

# %%
from graph.analytics.overlaps import co_assignment, duplicates, multi_lead

pairs = duplicates(tables)
print(len(pairs), "pairs;", int((~pairs["assignments_agree"]).sum()), "with different units")
pairs[["item_a", "item_b", "score", "shared_figures", "assignments_agree", "difference"]]

# %%
# The pairs whose units differ, with both texts.
pairs.loc[~pairs["assignments_agree"], ["item_a", "item_b", "difference", "text_a", "text_b"]]

# %%
# One pair in full: the units each place writes.
from graph.analytics.profile import item_profile


def written_units(ref):
    profile = item_profile(tables, ref)
    return {
        "lead": "、".join(a["unit"] for a in profile["written"] if a["role"] == "lead"),
        "responsible": "、".join(
            a["unit"] for a in profile["written"] if a["role"] == "responsible"
        ),
        "text": profile["text"],
    }


pd.DataFrame({ref: written_units(ref) for ref in ("2.182", "4.52")}).T

# %% [markdown]
# **Co-responsibility**: the unit pairs that share the most items (with the Jaccard
# similarity of their item sets), and items with several lead units:

# %%
co_assignment(tables, min_shared=15)

# %%
multi_lead(tables)
