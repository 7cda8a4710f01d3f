"""Compare two plans item by item: what was carried over, reworded, added or dropped,
which figures were raised, lowered or given another unit, who leads now, and how
the load moved between units and between agency functions.

Works on two parsed plans (:class:`graph.model.Plan`) of the same issuer (one city's
successive years) or of different issuers (two cities' plans of one year); nothing
is read from a store, so any two plan files can be compared.

**Alignment.** Each item's text is read with its quantitative targets
(:mod:`graph.targets`) cut out (the *masked* text: what stays when only figures
change), and represented by the character bigrams of that text (no word
segmentation needed; digits and punctuation removed). Items pair up in three steps:

1. items whose masked texts are identical pair first (closest position in the plan
   first, so two identical items of one plan keep their own partners): *carried*
   over, even when a figure, a unit or a lead changed;
2. the remaining items are blocked into candidate pairs, so the work is not
   quadratic: MinHash LSH (datasketch; 128 permutations, 64 bands of 2 rows: a pair
   whose bigram Jaccard is 0.43, Dice 0.6, is a candidate with probability
   0.999998, one at Jaccard 0.05 with 0.15), plus the pairs that share a figure
   (value and unit) held by at most :data:`FIGURE_BLOCK` items on each side. When
   fewer than :data:`ALL_PAIRS` pairs remain (successive years of one issuer leave
   some 30 items on each side), they are all scored: that is cheaper than the index;
3. candidates are scored and paired greedily, best first, one partner each::

       score = text + (1 − text) × 0.3 × figures

   where ``text`` is the Dice coefficient of the masked texts' bigrams and
   ``figures`` the share of figures (value and unit) the two items have in common,
   of the larger set. Shared figures only ever raise a score: a reworded item
   whose figure was also raised still pairs by its wording. Pairs scoring at least
   ``min_score`` (0.5) are *reworded* (their masked texts differ); items left
   over are *dropped* (only in plan A) or *new* (only in plan B), each with the
   score of its nearest candidate, so near misses can be looked at.

**Changes of paired items.** Targets pair by what they count (the counted phrase),
then by position: a value *raised* or *lowered* (same unit), a *unit* changed, a
*comparator* changed (以上 → 左右), or a target *added*/*removed*. A *lead change* is
a change of the set of effective leads (the plan's no-lead rule applied). A
*responsible change* is a unit that joins the item as a responsible unit, or a
responsible unit that leaves it; a unit moving between lead and responsible on one
item is a lead change only.

**Load shift.** Per unit and per agency function: items led, responsible (not
lead), on (either role), and weighted (each lead carries 1, the responsible units
share 1), as written (groups are not expanded), in A and in B. Units are matched by
name: for two issuers that is two different bodies with one name (two cities'
市发改委), which is why the per-function table is the one to read across issuers.
The function of a unit comes from a pluggable lookup (a mapping from unit name to
function key, or a callable); :func:`agency_function` is a keyword rule that stands
in until the shared SKOS scheme of agency functions is available.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from graph.analytics.overlaps import bigrams
from graph.errors import OptionError
from graph.model import Item, Plan
from graph.model.targets import Target

STATUSES = ("carried", "reworded", "new", "dropped")
TARGET_CHANGES = ("raised", "lowered", "unit", "comparator", "added", "removed")
STAGES = ("targets", "carried", "candidates", "align", "changes", "load")
TABLES = ("items", "targets", "leads", "responsible", "units", "functions")
MIN_SCORE = 0.5
FIGURE_WEIGHT = 0.3
FIGURE_BLOCK = 8  # a figure shared by more items than this is too common to pair on
ALL_PAIRS = 20_000  # fewer unpaired pairs than this are all scored (about 16 ms)
NUM_PERM = 128
BANDS = (64, 2)  # LSH bands × rows per band (= NUM_PERM)
COUNTED_SIMILARITY = 0.5  # counted phrases this alike count the same thing

Progress = Callable[[str], None]
"""Told the name of each stage of :data:`STAGES` as it starts (for a progress bar)."""

# --------------------------------------------------------------------------- functions

FUNCTIONS: dict[str, tuple[str, str]] = {
    "development-reform": ("发展改革", "development and reform"),
    "finance": ("财政", "finance"),
    "financial-regulation": ("地方金融", "financial regulation"),
    "taxation": ("税务", "taxation"),
    "education": ("教育", "education"),
    "science-technology": ("科技", "science and technology"),
    "economy-information": ("经济和信息化", "economy and information technology"),
    "commerce": ("商务", "commerce"),
    "investment-promotion": ("招商", "investment promotion"),
    "human-resources-social-security": ("人力资源社会保障", "human resources and social security"),
    "civil-affairs": ("民政", "civil affairs"),
    "veterans-affairs": ("退役军人", "veterans affairs"),
    "health": ("卫生健康", "health"),
    "medical-security": ("医疗保障", "medical security"),
    "housing-construction": ("住房和城乡建设", "housing and construction"),
    "natural-resources": ("自然资源规划", "natural resources and planning"),
    "urban-management": ("城市管理", "urban management"),
    "transport": ("交通运输", "transport"),
    "ecology-environment": ("生态环境", "ecology and environment"),
    "water": ("水务", "water"),
    "forestry-gardens": ("园林林业", "forestry and gardens"),
    "agriculture-rural": ("农业农村", "agriculture and rural affairs"),
    "culture-tourism": ("文化旅游", "culture and tourism"),
    "sports": ("体育", "sports"),
    "public-security": ("公安", "public security"),
    "justice": ("司法", "justice"),
    "emergency-management": ("应急管理", "emergency management"),
    "market-regulation": ("市场监管", "market regulation"),
    "state-assets": ("国有资产", "state-owned assets"),
    "statistics": ("统计", "statistics"),
    "audit": ("审计", "audit"),
    "data-government-services": ("政务服务和数据", "government services and data"),
    "government-office": ("政府办公", "government offices"),
    "party-organ": ("党委机构", "party organs"),
    "peoples-organisation": ("人民团体", "people's organisations"),
    "state-owned-enterprise": ("国有企业", "state-owned enterprises"),
    "district-government": ("区县政府", "district and county governments"),
    "management-committee": ("开发区管委会", "development-zone committees"),
    "central-agency": ("驻地中央单位", "central agencies in the city"),
    "other": ("其他", "other"),
}
"""Function keys with Chinese and English labels. The keys are the slugs of the
project's agency-function scheme where it has the concept, so a lookup from that
scheme can replace :func:`agency_function` without changing any output's keys."""

# First match wins: specific words before general ones (市委农办 is agriculture before
# it is a party organ; 市政府国资委 is state assets before it is the government office;
# not 民政 alone for civil affairs: 人民政府 contains it).
_FUNCTION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("management-committee", ("管委会",)),
    ("district-government", ("区人民政府", "县人民政府", "区政府", "县政府", "各区", "各县")),
    ("state-owned-enterprise", ("集团", "公司")),
    ("taxation", ("税务",)),
    ("central-agency", ("人行", "人民银行", "通信管理局", "海关", "供电", "气象")),
    ("development-reform", ("发改", "发展改革", "发展和改革")),
    ("state-assets", ("国资",)),
    ("finance", ("财政",)),
    ("financial-regulation", ("金融", "金控", "银保监", "证监")),
    ("education", ("教育",)),
    ("science-technology", ("科技",)),
    ("economy-information", ("经信", "工信", "经济和信息化", "工业和信息化")),
    ("investment-promotion", ("招商", "投资促进")),
    ("commerce", ("商务", "消费中心", "口岸")),
    ("human-resources-social-security", ("人社", "人力资源", "人才")),
    ("veterans-affairs", ("退役军人",)),
    ("civil-affairs", ("民政局", "民政厅", "民政部")),
    ("medical-security", ("医保", "医疗保障")),
    ("health", ("卫健", "卫生健康", "疾控", "疫情防控")),
    ("housing-construction", ("房管", "住房", "住建", "城建", "建设局", "建委")),
    ("natural-resources", ("自然资源", "规划")),
    ("urban-management", ("城管", "城市管理", "停车场")),
    ("transport", ("交通",)),
    ("ecology-environment", ("生态环境", "环保")),
    ("water", ("水务", "水利")),
    ("forestry-gardens", ("园林", "林业")),
    ("agriculture-rural", ("农业", "农村", "乡村振兴", "农办", "供销")),
    ("sports", ("体育",)),
    ("culture-tourism", ("文旅", "文化", "旅游", "广电")),
    ("public-security", ("公安",)),
    ("justice", ("司法",)),
    ("emergency-management", ("应急", "消防", "民防")),
    ("market-regulation", ("市场监管",)),
    ("statistics", ("统计",)),
    ("audit", ("审计",)),
    ("data-government-services", ("政务服务", "大数据", "数据局", "热线")),
    ("peoples-organisation", ("总工会", "妇联", "团市委", "共青团", "工商联", "残联", "科协")),
    ("party-organ", ("市委", "党委", "纪委", "组织部", "宣传部", "统战部", "政法委", "网信")),
    (
        "government-office",
        (
            "政府办公",
            "督查",
            "机关事务",
            "地方志",
            "市人民政府",
            "市直",
            "各部门",
            "有关部门",
            "民宗委",
            "外办",
            "信访",
        ),
    ),  # fmt: skip
)


def agency_function(unit: str) -> str:
    """The agency function (a key of :data:`FUNCTIONS`) of a unit, by the words of its
    name: 市发改委 → ``development-reform``, 江岸区人民政府 → ``district-government``.

    A stand-in for the shared SKOS scheme of agency functions: one place to swap out
    (pass ``functions=`` to :func:`compare_plans`). Unknown names are ``other``.
    """
    if unit.endswith("市人民政府") and not unit.startswith("市") and len(unit) > 5:
        return "district-government"  # a county-level city: 浏阳市人民政府
    for key, words in _FUNCTION_WORDS:
        if any(word in unit for word in words):
            return key
    return "other"


FunctionLookup = Mapping[str, str] | Callable[[str], str]


def _function_of(functions: FunctionLookup | None) -> Callable[[str], str]:
    if functions is None:
        return agency_function
    if isinstance(functions, Mapping):
        table = functions
        return lambda unit: table.get(unit, "other")
    return functions


def function_label(key: str) -> str:
    """The Chinese label of a function key (the key itself when it is not ours)."""
    return FUNCTIONS.get(key, (key, key))[0]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class PlanSummary:
    slug: str
    city: str
    year: int | None
    doc_number: str
    title: str
    issuer: str
    source: str
    items: int

    @classmethod
    def of(cls, plan: Plan) -> PlanSummary:
        return cls(
            plan.slug,
            plan.city,
            plan.year,
            plan.doc_number,
            plan.plan_title or plan.title,
            plan.issuer,
            plan.source,
            len(plan.items),
        )


@dataclass(frozen=True)
class ItemMatch:
    """One item of A paired with one of B, or an item of one side only."""

    status: str  # one of STATUSES
    ref_a: str | None
    ref_b: str | None
    score: float
    text_similarity: float
    shared_figures: tuple[str, ...] = ()
    text_a: str = ""
    text_b: str = ""
    nearest: str | None = None  # new/dropped: the closest candidate on the other side


@dataclass(frozen=True)
class TargetChange:
    ref_a: str
    ref_b: str
    change: str  # one of TARGET_CHANGES
    value_a: Decimal | None
    value_b: Decimal | None
    unit_a: str
    unit_b: str
    comparator_a: str
    comparator_b: str
    counted: str
    snippet_a: str
    snippet_b: str


@dataclass(frozen=True)
class LeadChange:
    ref_a: str
    ref_b: str
    lead_a: tuple[str, ...]
    lead_b: tuple[str, ...]
    text_b: str


@dataclass(frozen=True)
class ResponsibleChange:
    ref_a: str
    ref_b: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    text_b: str


@dataclass
class Load:
    lead: int = 0
    responsible: int = 0
    items: int = 0
    weighted: float = 0.0


@dataclass(frozen=True)
class LoadShift:
    """One unit's (or one function's) load in A and in B."""

    name: str  # the unit, or the function key
    function: str  # the unit's function key, or the function's label
    a: Load
    b: Load
    units_a: int = 0  # functions only: how many units of the function each plan names
    units_b: int = 0

    @property
    def change(self) -> float:
        return round(self.b.weighted - self.a.weighted, 3)


@dataclass
class Comparison:
    """What :func:`compare_plans` found; :meth:`table` gives any part as rows."""

    plan_a: PlanSummary
    plan_b: PlanSummary
    same_issuer: bool
    min_score: float
    items: list[ItemMatch] = field(default_factory=list)
    targets: list[TargetChange] = field(default_factory=list)
    leads: list[LeadChange] = field(default_factory=list)
    responsible: list[ResponsibleChange] = field(default_factory=list)
    units: list[LoadShift] = field(default_factory=list)
    functions: list[LoadShift] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Items per status, and the number of target, lead and responsible changes."""
        out = {status: 0 for status in STATUSES}
        for match in self.items:
            out[match.status] += 1
        out["targets"] = len(self.targets)
        out["leads"] = len(self.leads)
        out["responsible"] = len(self.responsible)
        return out

    @property
    def unchanged(self) -> bool:
        """Nothing but carried items, no target, lead or responsible change."""
        counts = self.counts()
        return all(counts[k] == 0 for k in counts if k != "carried")

    def table(self, name: str) -> tuple[list[str], list[dict[str, Any]]]:
        """``(columns, rows)`` of one of :data:`TABLES`, values as plain JSON types."""
        if name not in TABLES:
            raise OptionError(f"unknown table {name!r}; choose from {', '.join(TABLES)}")
        return COLUMNS[name], [_row(name, x) for x in getattr(self, name)]

    def as_dict(self) -> dict[str, Any]:
        """Everything, as JSON data: both plans, the counts and every table."""
        return {
            "plan_a": asdict(self.plan_a),
            "plan_b": asdict(self.plan_b),
            "same_issuer": self.same_issuer,
            "min_score": self.min_score,
            "counts": self.counts(),
            **{name: self.table(name)[1] for name in TABLES},
        }


COLUMNS: dict[str, list[str]] = {
    "items": [
        "status", "ref_a", "ref_b", "score", "text_similarity", "shared_figures",
        "nearest", "text_a", "text_b",
    ],
    "targets": [
        "ref_a", "ref_b", "change", "value_a", "value_b", "unit_a", "unit_b",
        "comparator_a", "comparator_b", "counted", "snippet_a", "snippet_b",
    ],
    "leads": ["ref_a", "ref_b", "lead_a", "lead_b", "text_b"],
    "responsible": ["ref_a", "ref_b", "added", "removed", "text_b"],
    "units": [
        "unit", "function", "lead_a", "lead_b", "responsible_a", "responsible_b",
        "items_a", "items_b", "weighted_a", "weighted_b", "change",
    ],
    "functions": [
        "function", "label", "units_a", "units_b", "lead_a", "lead_b", "responsible_a",
        "responsible_b", "items_a", "items_b", "weighted_a", "weighted_b", "change",
    ],
}  # fmt: skip


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _row(name: str, x: Any) -> dict[str, Any]:
    if name in ("units", "functions"):
        load = {
            "lead_a": x.a.lead,
            "lead_b": x.b.lead,
            "responsible_a": x.a.responsible,
            "responsible_b": x.b.responsible,
            "items_a": x.a.items,
            "items_b": x.b.items,
            "weighted_a": round(x.a.weighted, 3),
            "weighted_b": round(x.b.weighted, 3),
            "change": x.change,
        }
        if name == "units":
            return {"unit": x.name, "function": x.function, **load}
        return {
            "function": x.name,
            "label": x.function,
            "units_a": x.units_a,
            "units_b": x.units_b,
            **load,
        }
    row = asdict(x)
    for key, value in row.items():
        if isinstance(value, Decimal):
            row[key] = _number(value)
        elif isinstance(value, tuple):
            row[key] = list(value)
    return row


# --------------------------------------------------------------------------- alignment


def _figure(target: Target) -> str:
    return f"{_number(target.value)}{target.unit}"


def masked_text(item: Item, targets: Sequence[Target]) -> str:
    """The item's text with its targets cut out (``#`` where each stood)."""
    text = item.text
    out, last = [], 0
    for target in sorted(targets, key=lambda t: t.span):
        start, end = target.span
        if start < last:
            continue
        out.append(text[last:start])
        out.append("#")
        last = end
    out.append(text[last:])
    return "".join(out)


@dataclass
class _Side:
    plan: Plan
    targets: list[list[Target]]
    masked: list[str]
    grams: list[frozenset[str]]
    figures: list[frozenset[str]]

    @classmethod
    def of(cls, plan: Plan) -> _Side:
        from graph.targets import extract_targets, load_measures

        table = load_measures()
        targets = [extract_targets(item, table) for item in plan.items]
        masked = [masked_text(item, t) for item, t in zip(plan.items, targets, strict=True)]
        return cls(
            plan,
            targets,
            masked,
            [bigrams(m) for m in masked],
            [frozenset(_figure(t) for t in ts) for ts in targets],
        )

    def position(self, index: int) -> float:
        """Where the item stands in its plan, 0 (first) to 1 (last)."""
        return index / max(1, len(self.plan.items) - 1)


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _score(a: _Side, b: _Side, i: int, j: int) -> tuple[float, float]:
    """(score, text similarity) of item i of A and item j of B."""
    text = _dice(a.grams[i], b.grams[j])
    fa, fb = a.figures[i], b.figures[j]
    figures = len(fa & fb) / max(len(fa), len(fb)) if fa and fb else 0.0
    return text + (1 - text) * FIGURE_WEIGHT * figures, text


def _carried(a: _Side, b: _Side) -> dict[int, int]:
    """Items whose masked texts are identical, paired closest in position first."""
    by_text: dict[str, list[int]] = defaultdict(list)
    for j, text in enumerate(b.masked):
        by_text[text].append(j)
    pairs: list[tuple[float, int, int]] = []
    for i, text in enumerate(a.masked):
        for j in by_text.get(text, ()):
            pairs.append((abs(a.position(i) - b.position(j)), i, j))
    matched: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in sorted(pairs):
        if i not in matched and j not in taken:
            matched[i] = j
            taken.add(j)
    return matched


def _candidates(a: _Side, b: _Side, free_a: list[int], free_b: list[int]) -> set[tuple[int, int]]:
    """Candidate pairs among the unpaired items: MinHash LSH on the bigrams, and
    pairs that share a figure few items state. When few items are left unpaired
    (two years of one issuer: some 30 on each side), all their pairs are scored
    instead: cheaper than building the index, let alone importing datasketch."""
    pairs: set[tuple[int, int]] = set()
    left = [i for i in free_a if a.grams[i]]
    right = [j for j in free_b if b.grams[j]]
    if len(left) * len(right) <= ALL_PAIRS:
        pairs.update((i, j) for i in left for j in right)
    elif left and right:
        from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]

        tokens = [sorted(a.grams[i]) for i in left] + [sorted(b.grams[j]) for j in right]
        hashes = MinHash.bulk([[t.encode("utf-8") for t in ts] for ts in tokens], num_perm=NUM_PERM)
        index = MinHashLSH(num_perm=NUM_PERM, params=BANDS)
        for j, minhash in zip(right, hashes[len(left) :], strict=True):
            index.insert(j, minhash, check_duplication=False)
        for i, minhash in zip(left, hashes[: len(left)], strict=True):
            pairs.update((i, j) for j in index.query(minhash))
    holders_a: dict[str, list[int]] = defaultdict(list)
    holders_b: dict[str, list[int]] = defaultdict(list)
    for i in free_a:
        for figure in a.figures[i]:
            holders_a[figure].append(i)
    for j in free_b:
        for figure in b.figures[j]:
            holders_b[figure].append(j)
    for figure, on_a in holders_a.items():
        on_b = holders_b.get(figure, [])
        if on_b and len(on_a) <= FIGURE_BLOCK and len(on_b) <= FIGURE_BLOCK:
            pairs.update((i, j) for i in on_a for j in on_b)
    return pairs


_Nearest = dict[int, tuple[float, int]]  # item index -> (score, index on the other side)


def _align(
    a: _Side, b: _Side, min_score: float, progress: Progress
) -> tuple[dict[int, int], dict[int, tuple[float, float]], _Nearest, _Nearest]:
    """Pairs (A index → B index), their (score, text), and for unpaired items of
    each side their nearest candidate (score, index on the other side)."""
    progress("carried")
    matched = _carried(a, b)
    scores = {i: (1.0, 1.0) for i in matched}
    taken = set(matched.values())
    free_a = [i for i in range(len(a.plan.items)) if i not in matched]
    free_b = [j for j in range(len(b.plan.items)) if j not in taken]
    progress("candidates")
    candidates = _candidates(a, b, free_a, free_b)
    progress("align")
    scored = []
    for i, j in candidates:
        score, text = _score(a, b, i, j)
        scored.append((-score, abs(a.position(i) - b.position(j)), i, j, text))
    scored.sort()
    nearest_a: _Nearest = {}
    nearest_b: _Nearest = {}
    for negative, _, i, j, text in scored:
        score = -negative
        if score > 0:
            nearest_a.setdefault(i, (score, j))
            nearest_b.setdefault(j, (score, i))
        if score < min_score or i in matched or j in taken:
            continue
        matched[i] = j
        taken.add(j)
        scores[i] = (score, text)
    return matched, scores, nearest_a, nearest_b


# --------------------------------------------------------------------------- changes


def _counted_alike(a: Target, b: Target) -> float:
    """How alike two targets' counted phrases are: the share of the shorter one's
    bigrams in the other (a prefix such as 全力建设 does not make 绿道 another thing)."""
    if not a.counted and not b.counted:
        return 1.0
    ga, gb = bigrams(a.counted), bigrams(b.counted)
    if not ga or not gb:
        return 1.0 if a.counted == b.counted else 0.0
    return len(ga & gb) / min(len(ga), len(gb))


def target_changes(
    ref_a: str, ref_b: str, before: Sequence[Target], after: Sequence[Target]
) -> list[TargetChange]:
    """How the targets of one paired item changed, and the targets of one side only.

    Targets pair when they count the same thing (counted phrases alike), the same
    figure first, then the most alike, then the nearest in position; targets left
    over pair by position if they are of one measure (a reworded counted phrase).
    """
    options = []
    for i, x in enumerate(before):
        for j, y in enumerate(after):
            alike = _counted_alike(x, y)
            if alike >= COUNTED_SIMILARITY:
                same = (x.value, x.unit, x.comparator) == (y.value, y.unit, y.comparator)
                options.append((not same, -alike, abs(i - j), i, j))
    left, right = set(range(len(before))), set(range(len(after)))
    pairs: list[tuple[int, int]] = []
    for *_, i, j in sorted(options):
        if i in left and j in right:
            pairs.append((i, j))
            left.discard(i)
            right.discard(j)
    for i, j in zip(sorted(left), sorted(right), strict=False):
        if before[i].measure == after[j].measure:
            pairs.append((i, j))
            left.discard(i)
            right.discard(j)
    out = []
    for i, j in sorted(pairs):
        x, y = before[i], after[j]
        if x.unit != y.unit:
            kind = "unit"
        elif x.value != y.value:
            kind = "raised" if y.value > x.value else "lowered"
        elif x.comparator != y.comparator:
            kind = "comparator"
        else:
            continue
        out.append(_change(ref_a, ref_b, kind, x, y))
    out += [_change(ref_a, ref_b, "removed", before[i], None) for i in sorted(left)]
    out += [_change(ref_a, ref_b, "added", None, after[j]) for j in sorted(right)]
    return out


def _change(ref_a: str, ref_b: str, kind: str, x: Target | None, y: Target | None) -> TargetChange:
    either = y or x
    return TargetChange(
        ref_a,
        ref_b,
        kind,
        x.value if x else None,
        y.value if y else None,
        x.unit if x else "",
        y.unit if y else "",
        x.comparator if x else "",
        y.comparator if y else "",
        either.counted if either else "",
        x.snippet if x else "",
        y.snippet if y else "",
    )


def _units(item: Item) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(effective leads, responsible units that are not lead), in order, no repeats."""
    leads = tuple(dict.fromkeys(item.effective_lead))
    return leads, tuple(u for u in dict.fromkeys(item.responsible) if u not in leads)


def _loads(plan: Plan) -> dict[str, Load]:
    out: dict[str, Load] = defaultdict(Load)
    for item in plan.items:
        leads, responsible = _units(item)
        for unit in leads:
            out[unit].lead += 1
            out[unit].weighted += 1.0
        for unit in responsible:
            out[unit].responsible += 1
            out[unit].weighted += 1.0 / len(responsible)
        for unit in (*leads, *responsible):
            out[unit].items += 1
    return out


def load_shift(
    plan_a: Plan, plan_b: Plan, functions: FunctionLookup | None = None
) -> tuple[list[LoadShift], list[LoadShift]]:
    """(per unit, per function) load in A and in B, largest change of weighted load
    first (then by name)."""
    lookup = _function_of(functions)
    known: dict[str, str] = {}

    def function_of(unit: str) -> str:
        if unit not in known:
            known[unit] = lookup(unit)
        return known[unit]

    loads_a, loads_b = _loads(plan_a), _loads(plan_b)
    names = sorted(set(loads_a) | set(loads_b))
    units = [
        LoadShift(u, function_of(u), loads_a.get(u, Load()), loads_b.get(u, Load())) for u in names
    ]
    units.sort(key=lambda s: (-abs(s.change), s.name))

    def per_function(plan: Plan, loads: dict[str, Load]) -> tuple[dict[str, Load], dict[str, int]]:
        totals: dict[str, Load] = defaultdict(Load)
        members: dict[str, int] = defaultdict(int)
        for unit, load in loads.items():
            key = function_of(unit)
            members[key] += 1
            totals[key].lead += load.lead
            totals[key].responsible += load.responsible
            totals[key].weighted += load.weighted
        for item in plan.items:
            leads, responsible = _units(item)
            for key in {function_of(u) for u in (*leads, *responsible)}:
                totals[key].items += 1
        return totals, members

    fa, ma = per_function(plan_a, loads_a)
    fb, mb = per_function(plan_b, loads_b)
    keys = sorted(set(fa) | set(fb))
    shifts = [
        LoadShift(
            k, function_label(k), fa.get(k, Load()), fb.get(k, Load()), ma.get(k, 0), mb.get(k, 0)
        )
        for k in keys
    ]
    shifts.sort(key=lambda s: (-abs(s.change), s.name))
    return units, shifts


# --------------------------------------------------------------------------- the whole


def same_issuer(plan_a: Plan, plan_b: Plan) -> bool:
    """Whether two plans were issued by one government (so units with one name are
    one body)."""
    if plan_a.city_slug and plan_b.city_slug:
        return plan_a.city_slug == plan_b.city_slug
    return bool(plan_a.issuer) and plan_a.issuer == plan_b.issuer


def compare_plans(
    plan_a: Plan,
    plan_b: Plan,
    *,
    functions: FunctionLookup | None = None,
    min_score: float = MIN_SCORE,
    progress: Progress | None = None,
) -> Comparison:
    """Align the items of ``plan_a`` (the earlier, or the reference) with those of
    ``plan_b`` and list every difference; see the module's description."""
    if not 0.0 <= min_score <= 1.0:
        raise OptionError(f"the least score must be between 0 and 1, not {min_score}")
    tell: Progress = progress or (lambda stage: None)
    tell("targets")
    a, b = _Side.of(plan_a), _Side.of(plan_b)
    matched, scores, nearest_a, nearest_b = _align(a, b, min_score, tell)
    tell("changes")
    items_a, items_b = plan_a.items, plan_b.items
    result = Comparison(
        PlanSummary.of(plan_a), PlanSummary.of(plan_b), same_issuer(plan_a, plan_b), min_score
    )
    partner_of_b = {j: i for i, j in matched.items()}
    order: list[tuple[tuple[int, int, int], ItemMatch]] = []
    for j, item in enumerate(items_b):
        if j in partner_of_b:
            i = partner_of_b[j]
            score, text = scores[i]
            status = "carried" if a.masked[i] == b.masked[j] else "reworded"
            match = ItemMatch(
                status,
                items_a[i].ref,
                item.ref,
                round(score, 3),
                round(text, 3),
                tuple(sorted(a.figures[i] & b.figures[j])),
                items_a[i].text,
                item.text,
            )
        else:
            near = nearest_b.get(j)
            match = ItemMatch(
                "new",
                None,
                item.ref,
                round(near[0], 3) if near else 0.0,
                round(_dice(a.grams[near[1]], b.grams[j]), 3) if near else 0.0,
                (),
                "",
                item.text,
                items_a[near[1]].ref if near else None,
            )
        order.append(((j, 0, 0), match))
    last_partner = -1
    for i, item in enumerate(items_a):
        if i in matched:
            last_partner = matched[i]
            continue
        near = nearest_a.get(i)
        match = ItemMatch(
            "dropped",
            item.ref,
            None,
            round(near[0], 3) if near else 0.0,
            round(_dice(a.grams[i], b.grams[near[1]]), 3) if near else 0.0,
            (),
            item.text,
            "",
            items_b[near[1]].ref if near else None,
        )
        order.append(((last_partner, 1, i), match))
    result.items = [match for _, match in sorted(order, key=lambda pair: pair[0])]

    for j, item_b in enumerate(items_b):
        if j not in partner_of_b:
            continue
        i = partner_of_b[j]
        item_a = items_a[i]
        result.targets += target_changes(item_a.ref, item_b.ref, a.targets[i], b.targets[j])
        lead_a, resp_a = _units(item_a)
        lead_b, resp_b = _units(item_b)
        if set(lead_a) != set(lead_b):
            result.leads.append(LeadChange(item_a.ref, item_b.ref, lead_a, lead_b, item_b.text))
        on_a, on_b = set(lead_a) | set(resp_a), set(lead_b) | set(resp_b)
        added = tuple(u for u in resp_b if u not in on_a)
        removed = tuple(u for u in resp_a if u not in on_b)
        if added or removed:
            result.responsible.append(
                ResponsibleChange(item_a.ref, item_b.ref, added, removed, item_b.text)
            )
    tell("load")
    result.units, result.functions = load_shift(plan_a, plan_b, functions)
    return result


def changed_items(comparison: Comparison) -> Iterable[ItemMatch]:
    """The items that are not carried over unchanged in wording."""
    return (m for m in comparison.items if m.status != "carried")
