"""A synthetic corpus of plans: N realistic plan texts, with the truth of how they differ.

Corpus questions (which commitments were carried over, dropped or raised from one year
to the next; which agencies gained load) need many plans whose differences are known.
Real plans are few and their differences are not written down, so this generator
writes plans in the bundled plan's own layout (its notice, parts, sections, themes and
numbered items with ``(牵头单位:…;责任单位:…)`` clauses), for several real issuers and
years, and records every change it makes.

How a corpus is made, deterministically for a seed:

* every issuer (:data:`ISSUERS`: Wuhan and three cities of other provinces, each with
  its own document-number prefix) starts from the bundled plan, localised (its city
  name, districts and development zones in the unit names) and heavily perturbed, so
  that two cities' plans are alike the way real ones are, not copies;
* each following year of one issuer derives from the previous year by seeded
  perturbations: items carried over unchanged, reworded (synonyms, an adverb, a closing
  phrase, a clause left out), new (a commitment dropped two or more years before and
  taken up again, or one from a grammar of commitments with a figure), or dropped;
  figures raised, lowered or given another unit; a lead changed; a responsible unit
  added or removed; as many items are added as dropped, so plans keep their size;
* every change is checked before it is kept: against the package's own target reader
  (a rewording keeps every target as it was; a raised figure is read back with its
  new value), and against last year's items (:class:`Neighbours`: a reworded or new
  item must not read like an item it is not), so the truth says what a careful
  reader of the two texts would find, nothing else;
* ``truth.json`` next to the texts lists, per pair of successive years of an issuer,
  every item pair (keyed by old and new refs: ``carried``, ``reworded``, ``new``,
  ``dropped``) and every target, lead and responsible change (one plan and one change
  per line), and ``manifest.csv`` lists the files with issuer and year.

As a library (tests use small N; ``bench/`` on ``sys.path``, or see
``tests/bench/synthetic.py``)::

    from synth import generate_corpus, write_corpus
    corpus = generate_corpus(2, seed=7)     # wuhan-2022 and wuhan-2023, in memory
    write_corpus(16, "out/", seed=7)        # 4 issuers × 2022–2025, to files

As a command: ``python bench/synth.py N OUTDIR --seed S``.

Plans are allotted issuer by issuer, four years each (N = 2: Wuhan 2022 and 2023;
N = 16: all four issuers, 2022–2025). Beyond 16 the years of every issuer reach back
from 2025 (N = 1000: 250 years each), so that every plan keeps a distinct
``city-year`` identity.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import random
import re
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

FIRST_YEAR = 2022
LAST_YEAR = 2025
YEARS_PER_ISSUER = LAST_YEAR - FIRST_YEAR + 1


@dataclass(frozen=True)
class Issuer:
    """A city government whose plans the corpus holds."""

    name: str  # as plans write it: 成都
    slug: str
    province: str
    doc_prefix: str  # 成办发〔
    districts: tuple[str, ...]  # district (or county-level) governments, full names
    zones: tuple[str, ...]  # development-zone committees, full names

    @property
    def office(self) -> str:
        return f"{self.name}市人民政府办公厅"


ISSUERS: tuple[Issuer, ...] = (
    Issuer(
        "武汉",
        "wuhan",
        "湖北",
        "武政办〔",
        tuple(
            f"{d}区人民政府"
            for d in "江岸 江汉 硚口 汉阳 武昌 青山 洪山 东西湖 蔡甸 江夏 黄陂 新洲".split()
        ),
        ("东湖高新区管委会", "长江新区管委会", "武汉经开区管委会", "临空港开发区管委会"),
    ),
    Issuer(
        "成都",
        "chengdu",
        "四川",
        "成办发〔",
        tuple(
            f"{d}区人民政府"
            for d in "锦江 青羊 金牛 武侯 成华 龙泉驿 青白江 新都 温江 双流 郫都 新津".split()
        ),
        ("成都高新区管委会", "成都东部新区管委会", "天府新区成都直管区管委会", "成都经开区管委会"),
    ),
    Issuer(
        "长沙",
        "changsha",
        "湖南",
        "长政办发〔",
        (
            *(f"{d}区人民政府" for d in "芙蓉 天心 岳麓 开福 雨花 望城".split()),
            "长沙县人民政府",
            "浏阳市人民政府",
            "宁乡市人民政府",
        ),
        ("湘江新区管委会", "长沙高新区管委会", "长沙经开区管委会", "长沙临空经济示范区管委会"),
    ),
    Issuer(
        "南京",
        "nanjing",
        "江苏",
        "宁政办发〔",
        tuple(
            f"{d}区人民政府"
            for d in "玄武 秦淮 建邺 鼓楼 浦口 栖霞 雨花台 江宁 六合 溧水 高淳".split()
        ),
        ("江北新区管委会", "南京经开区管委会", "南京高新区管委会", "江宁开发区管委会"),
    ),
)
WUHAN = ISSUERS[0]

# The bundled plan's notice, with its year, issuer and document number as slots.
NOTICE = """\
{doc}《{office}关于印发{year}年市〈政府工作报告〉目标任务责任分解方案的通知》
《{office}关于印发{year}年市〈政府工作报告〉目标任务责任分解方案的通知》
{doc}
《{year}年市〈政府工作报告〉目标任务责任分解方案》已经市人民政府同意,现印发给你们,并就有关事项通知如下,请一并贯彻执行。
一、高度重视,精心组织,科学制订办理方案。各责任单位要逐项系统科学谋划研究所承办的责任事项,特别是牵头单位(无牵头单位的,责任单位即为牵头单位,下同)要统筹相关责任单位制订办理方案,明确工作目标、具体措施、完成时限、分管领导以及责任部门,实行清单管理,形成工作闭环。各牵头单位于{year}年2月10日前将制订的办理方案、督办工作人员名单及其联系方式报市人民政府督查室(报送式样见附表1、2)。
二、强化担当,压实责任,高效推进办理工作。各责任单位主要负责人切实履行第一责任人职责,加强责任事项调度落实,积极推动各项目标任务落地见效。对涉及面广、办理难度大的责任事项,牵头单位适时向市人民政府报告落实过程中存在的困难和问题,提请市人民政府分管领导同志统筹协调解决,确保各项目标任务落细落实。
三、加强督办,狠抓落实,确保全年硬账硬结。{year}年市《政府工作报告》目标任务应当纳入市级绩效目标管理考核体系。各责任单位将办理工作纳入本单位绩效目标管理,确保{year}年市《政府工作报告》中提出的各项工作任务有力有序有效推进。从{year}年第二季度起,各牵头单位要在每个季度第1个月的20日前,将责任事项完成情况报市人民政府督查室(报送式样见附表3)。市人民政府督查室定期组织开展专项和暗访督查,对目标责任落实不力、影响工作进度和成效的,予以通报曝光。
{office}
{year}年1月{day}日
{year}年市《政府工作报告》目标任务
责任分解方案
"""
GROUP = "各区人民政府"
GROUP_NOTE = {"wuhan": "〈含开发区、长江新区、风景区管委会,下同〉"}


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Figure:
    """A target as the package's reader sees it: what the truth compares."""

    value: Decimal
    unit: str
    comparator: str
    start: int
    end: int

    @property
    def key(self) -> tuple[Decimal, str, str]:
        return (self.value, self.unit, self.comparator)


@dataclass(frozen=True)
class Entry:
    """One item of a synthetic plan. ``key`` follows the item from year to year."""

    key: int
    text: str
    lead: tuple[str, ...]
    responsible: tuple[str, ...]
    figures: tuple[Figure, ...]


@dataclass
class Block:
    """Items under one heading path: part, section (``""``: none), theme (``""``: none)."""

    part: int
    section: str
    theme: str
    entries: list[Entry]


@dataclass
class Skeleton:
    """A plan before it is written: part titles and the blocks in order."""

    parts: dict[int, str]
    blocks: list[Block]

    def entries(self) -> Iterator[Entry]:
        for block in self.blocks:
            yield from block.entries

    def copy(self) -> Skeleton:
        return Skeleton(
            dict(self.parts),
            [Block(b.part, b.section, b.theme, list(b.entries)) for b in self.blocks],
        )


@dataclass
class SynthPlan:
    """A written plan: its text and what the parser will call its items."""

    issuer: Issuer
    year: int
    doc_number: str
    text: str
    refs: dict[int, str]  # entry key -> ref
    entries: dict[int, Entry]

    @property
    def slug(self) -> str:
        return f"{self.issuer.slug}-{self.year}"

    @property
    def file(self) -> str:
        return f"{self.slug}.txt"


@dataclass
class Corpus:
    plans: list[SynthPlan]
    changes: list[dict[str, Any]]  # one per pair of successive years of an issuer
    seed: int

    def truth(self) -> dict[str, Any]:
        """What ``truth.json`` holds: the plans, and the changes between successive years."""
        return {
            "seed": self.seed,
            "plans": [_plan_record(p) for p in self.plans],
            "changes": self.changes,
        }


def _plan_record(p: SynthPlan) -> dict[str, Any]:
    return {
        "file": p.file,
        "slug": p.slug,
        "issuer": p.issuer.office,
        "city": p.issuer.name,
        "year": p.year,
        "doc_number": p.doc_number,
        "items": len(p.refs),
    }


# --------------------------------------------------------------------------- reading


@cache
def _measures():
    from graph.targets import load_measures

    return load_measures()


@lru_cache(maxsize=1 << 16)
def read_figures(text: str) -> tuple[Figure, ...]:
    """The targets the package's reader finds in ``text`` (an item's text)."""
    from graph.model import Item
    from graph.targets import scan_item

    scan = scan_item(Item(ref="0.0", part=0, number=0, text=text), _measures())
    return tuple(Figure(t.value, t.unit, t.comparator, t.span[0], t.span[1]) for t in scan.targets)


def masked(text: str, figures: Sequence[Figure]) -> str:
    """The text with its targets cut out: what stays when only figures change."""
    out, last = [], 0
    for f in figures:
        out.append(text[last : f.start])
        out.append("#")
        last = f.end
    out.append(text[last:])
    return "".join(out)


_NOISE = re.compile(r"[\d.%,。、;:“”‘’()《》〈〉\s\-—]+")


@lru_cache(maxsize=1 << 16)
def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the text without figures and punctuation."""
    clean = _NOISE.sub("|", text)
    return frozenset(clean[i : i + 2] for i in range(len(clean) - 1) if "|" not in clean[i : i + 2])


def _dice_sets(ga: frozenset[str], gb: frozenset[str]) -> float:
    if not ga or not gb:
        return 1.0 if ga == gb else 0.0
    return 2 * len(ga & gb) / (len(ga) + len(gb))


def dice(a: str, b: str) -> float:
    """How alike two texts read (Dice coefficient of their bigrams), 0 to 1."""
    return _dice_sets(bigrams(a), bigrams(b))


@cache
def _bundled() -> tuple[Skeleton, tuple[str, ...]]:
    """The bundled plan as a skeleton, and its municipal units that lead items."""
    from graph.parse.plan import parse_plan

    plan = parse_plan()
    where: dict[str, tuple[str, str]] = {}
    for part in plan.parts:
        for section in part.sections:
            for ref in section.items:
                where[ref] = (section.title, "")
            for theme in section.themes:
                for ref in theme.items:
                    where[ref] = (section.title, theme.title)
    blocks: list[Block] = []
    leads: dict[str, int] = {}
    for key, item in enumerate(plan.items):
        section, theme = where.get(item.ref, ("", ""))
        entry = Entry(
            key, item.text, tuple(item.lead), _ordered(item.responsible), read_figures(item.text)
        )
        for unit in item.lead:
            leads[unit] = leads.get(unit, 0) + 1
        last = blocks[-1] if blocks else None
        if last and (last.part, last.section, last.theme) == (item.part, section, theme):
            last.entries.append(entry)
        else:
            blocks.append(Block(item.part, section, theme, [entry]))
    parts = {part.number: part.title for part in plan.parts}
    departments = tuple(
        sorted(
            (u for u, n in leads.items() if n >= 3 and u.startswith("市") and len(u) <= 8),
            key=lambda u: (-leads[u], u),
        )
    )
    return Skeleton(parts, blocks), departments


def _localise(skeleton: Skeleton, issuer: Issuer) -> Skeleton:
    """The bundled (Wuhan) skeleton with the issuer's city, districts and zones."""
    if issuer is WUHAN:
        return skeleton.copy()
    rename = {
        **dict(zip(WUHAN.districts, _cycle(issuer.districts, len(WUHAN.districts)), strict=True)),
        **dict(zip(WUHAN.zones, issuer.zones, strict=True)),
    }

    def unit(name: str) -> str:
        return rename.get(name) or name.replace(WUHAN.name, issuer.name)

    def units(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(unit(n) for n in names))

    out = skeleton.copy()
    for block in out.blocks:
        for i, e in enumerate(block.entries):
            text = e.text.replace(WUHAN.name, issuer.name).replace(WUHAN.province, issuer.province)
            figures = e.figures if text == e.text else read_figures(text)
            block.entries[i] = Entry(
                e.key, text, units(e.lead), _ordered(units(e.responsible)), figures
            )
        block.section = block.section.replace(WUHAN.name, issuer.name)
        block.theme = block.theme.replace(WUHAN.name, issuer.name)
    return out


def _cycle(names: tuple[str, ...], n: int) -> list[str]:
    return [names[i % len(names)] for i in range(n)]


# --------------------------------------------------------------------------- writing


def _chinese(n: int) -> str:
    from graph.parse.numerals import int_to_chinese

    return int_to_chinese(n)


def _is_local(unit: str) -> bool:
    """A district or zone (written after the municipal units, after a comma)."""
    return (
        unit == GROUP
        or unit.endswith(("区人民政府", "县人民政府", "管委会"))
        or (unit.endswith("市人民政府") and len(unit) <= 7)
    )


def _ordered(units: Sequence[str]) -> tuple[str, ...]:
    """Municipal units first, then districts and zones: the order clauses write them in
    (``市发改委、市财政局,江岸区人民政府``), so the parse gives back the same list."""
    return (
        *(u for u in units if not _is_local(u)),
        *(u for u in units if _is_local(u)),
    )


def _clause(entry: Entry, issuer: Issuer, first_group: list[bool]) -> str:
    def names(units: tuple[str, ...]) -> str:
        out = []
        for unit in units:
            if unit == GROUP and first_group[0]:
                first_group[0] = False
                out.append(unit + GROUP_NOTE.get(issuer.slug, ""))
            else:
                out.append(unit)
        return "、".join(out)

    city = tuple(u for u in entry.responsible if not _is_local(u))
    local = tuple(u for u in entry.responsible if _is_local(u))
    responsible = ",".join(part for part in (names(city), names(local)) if part)
    if entry.lead:
        return f"(牵头单位:{names(entry.lead)};责任单位:{responsible})"
    return f"(责任单位:{responsible})"


def render(skeleton: Skeleton, issuer: Issuer, year: int, number: int, day: int) -> SynthPlan:
    """The plan's text, and the ref the parser gives each entry."""
    doc = f"{issuer.doc_prefix}{year}〕{number}号"
    lines = [NOTICE.format(doc=doc, office=issuer.office, year=year, day=day).rstrip("\n")]
    refs: dict[int, str] = {}
    entries: dict[int, Entry] = {}
    first_group = [True]
    part = section = theme = None
    sections = counter = 0
    for block in skeleton.blocks:
        if not block.entries:
            continue
        if block.part != part:
            part, section, theme, sections, counter = block.part, None, None, 0, 0
            lines.append(f"{_chinese(part)}、{skeleton.parts[part]}")
        if block.section != section:
            section, theme = block.section, None
            if section:
                sections += 1
                lines.append(f"({_chinese(sections)}){section}")
        if block.theme != theme:
            theme = block.theme
            if theme:
                lines.append(f"--{theme}")
        for entry in block.entries:
            counter += 1
            number_text = f"({_chinese(counter)})" if part == 1 else f"{counter}."
            lines.append(number_text + entry.text + _clause(entry, issuer, first_group))
            refs[entry.key] = f"{part}.{counter}"
            entries[entry.key] = entry
    return SynthPlan(issuer, year, doc, "\n".join(lines) + "\n", refs, entries)


# --------------------------------------------------------------------------- changes

SYNONYMS = (
    ("推进", "推动"),
    ("加强", "强化"),
    ("提升", "提高"),
    ("完善", "健全"),
    ("积极", "大力"),
    ("持续", "不断"),
    ("深入", "全面"),
    ("加快", "加速"),
    ("支持", "鼓励"),
    ("构建", "建立"),
    ("优化", "改进"),
    ("着力", "全力"),
    ("切实", "扎实"),
    ("扩大", "拓展"),
    ("保障", "保证"),
    ("统筹", "协调"),
    ("培育", "壮大"),
    ("落实", "贯彻"),
)
_SWAP = {**dict(SYNONYMS), **{b: a for a, b in SYNONYMS}}
_SWAP_WORDS = re.compile("|".join(sorted(_SWAP, key=len, reverse=True)))
PREFIXES = ("进一步", "全力", "持续", "着力")
TAILS = (",确保取得实效", ",不断提升群众满意度", ",形成长效工作机制", ",确保按期完成")
UNIT_SWAPS = {
    "个": "处",
    "处": "个",
    "家": "个",
    "所": "个",
    "座": "个",
    "条": "处",
    "户": "套",
    "套": "户",
    "人": "名",
    "名": "人",
    "公顷": "亩",
    "亩": "公顷",
    "%": "个百分点",
}
RAISE = (Decimal("1.1"), Decimal("1.2"), Decimal("1.25"), Decimal("1.5"), Decimal("2"))
LOWER = (Decimal("0.5"), Decimal("0.6"), Decimal("0.8"), Decimal("0.9"))

# New commitments: (verb, object, unit, low, high, lead). Objects are not in the
# bundled plan, so a new item is new, not a rewording of an old one.
NEW_OBJECTS = (
    ("新建", "社区嵌入式养老服务综合体", "个", 20, 80, "市民政局"),
    ("新增", "普惠性托育机构", "家", 10, 60, "市卫健委"),
    ("新增", "公办幼儿园学位", "个", 2000, 9000, "市教育局"),
    ("建成", "城市口袋公园", "个", 20, 100, "市园林林业局"),
    ("新建", "公共充电桩", "个", 3000, 20000, "市发改委"),
    ("筹集", "保障性租赁住房", "套", 10000, 60000, "市房管局"),
    ("完成", "农村公路提档升级", "公里", 100, 800, "市交通运输局"),
    ("建成", "滨水绿道", "公里", 50, 300, "市园林林业局"),
    ("改造", "标准化菜市场", "家", 10, 60, "市商务局"),
    ("新增", "公共停车泊位", "个", 5000, 30000, "市城建局"),
    ("新建", "社区医院", "家", 5, 30, "市卫健委"),
    ("新建", "雨污分流管网", "公里", 50, 400, "市水务局"),
    ("改造", "老旧小区", "个", 100, 600, "市房管局"),
    ("建成", "智慧安防小区", "个", 100, 900, "市公安局"),
    ("培育", "专精特新中小企业", "家", 50, 400, "市经信局"),
    ("新认定", "高新技术企业", "家", 500, 2000, "市科技局"),
    ("新建", "新型研发机构", "家", 5, 30, "市科技局"),
    ("新建", "应急避难场所", "处", 10, 60, "市应急局"),
    ("开设", "社区长者食堂", "个", 30, 150, "市民政局"),
    ("新建", "城市书房", "个", 10, 60, "市文旅局"),
    ("新建", "全民健身中心", "个", 5, 20, "市体育局"),
    ("新建", "消防救援站", "座", 5, 20, "市消防救援支队"),
    ("改造", "城市公共厕所", "座", 100, 400, "市城管执法委"),
    ("新建", "公交专用道", "公里", 20, 100, "市交通运输局"),
    ("完成", "无障碍设施改造", "处", 100, 800, "市残联"),
    ("开展", "补贴性职业技能培训", "人次", 10000, 80000, "市人社局"),
    ("募集", "就业见习岗位", "个", 3000, 10000, "市人社局"),
    ("新改扩建", "中小学校", "所", 10, 50, "市教育局"),
    ("举办", "文化惠民演出", "场", 100, 800, "市文旅局"),
    ("筹建", "人才公寓", "套", 1000, 8000, "市人才工作局"),
    ("改造", "农村供水管网", "公里", 100, 600, "市水务局"),
    ("新建", "地下综合管廊", "公里", 5, 40, "市城建局"),
    ("新增", "省级企业技术中心", "家", 20, 80, "市经信局"),
    ("培育", "外贸新业态主体", "家", 50, 300, "市商务局"),
    ("建设", "跨境电商产业园", "个", 3, 12, "市商务局"),
    ("建成", "村级综合服务设施", "个", 50, 300, "市民政局"),
    ("新建", "森林步道", "公里", 30, 200, "市园林林业局"),
    ("新增", "城市绿地", "公顷", 100, 600, "市园林林业局"),
    ("建成", "高标准农田", "亩", 50000, 200000, "市农业农村局"),
    ("改造", "背街小巷", "条", 100, 500, "市城管执法委"),
    ("新建", "社区儿童之家", "个", 50, 200, "市妇联"),
    ("建设", "智慧菜场", "家", 10, 50, "市商务局"),
    ("新增", "数字化车间", "个", 50, 200, "市经信局"),
    ("建成", "零碳示范园区", "个", 2, 10, "市生态环境局"),
    ("打造", "夜间消费集聚区", "个", 5, 20, "市商务局"),
    ("建设", "公共法律服务站点", "个", 100, 400, "市司法局"),
    ("建成", "退役军人服务站", "个", 50, 300, "市退役军人局"),
    ("新建", "农产品冷链仓储设施", "座", 10, 60, "市农业农村局"),
)
NEW_MODIFIERS = ("", "城区", "乡村", "示范性", "街道级", "园区", "智能化", "市级")
NEW_LEADINS = (
    "聚焦群众急难愁盼,",
    "统筹推进城乡融合发展,",
    "坚持规划引领、分步实施,",
    "对标国内先进城市,",
    "围绕补齐公共服务短板,",
    "实施专项提升行动,",
    "坚持政府引导、市场运作,",
    "按照“一区一特色”思路,",
    "突出重点区域和薄弱环节,",
    "强化要素保障,",
)
NEW_TAILS = (
    ",确保年内全部投入使用",
    ",形成一批可复制可推广的经验",
    ",实现中心城区全覆盖",
    ",建立健全长效运营机制",
    ",让群众就近享受便利服务",
    "",
)


@dataclass
class Rates:
    """Per-item chances of each change in one year. As many items are added as are
    dropped (give or take one), so plans keep about the bundled plan's size."""

    drop: float
    reword: float
    figure: float
    lead: float
    responsible: float


YEARLY = Rates(drop=0.04, reword=0.08, figure=0.25, lead=0.03, responsible=0.03)
BASE = Rates(drop=0.08, reword=0.3, figure=0.5, lead=0.06, responsible=0.06)


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _new_digits(old: str, up: bool, rng: random.Random) -> str:
    """A raised or lowered figure, written the way the old one is (integer or 1 decimal)."""
    value = Decimal(old)
    factor = rng.choice(RAISE if up else LOWER)
    if "." in old:
        new = (value * factor).quantize(Decimal("0.1"))
        if new == value:
            new = value + (Decimal("0.1") if up else Decimal("-0.1"))
        if new <= 0:
            new = value + Decimal("0.1")
    else:
        new = (value * factor).to_integral_value()
        if new == value:
            new = value + (1 if up else -1)
        if new <= 0:
            new = value + 1
    return _fmt(new)


_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def _change_figure(entry: Entry, rng: random.Random) -> tuple[Entry, dict[str, Any]] | None:
    """Raise, lower or re-unit one target of the entry, read back to be sure."""
    order = list(range(len(entry.figures)))
    rng.shuffle(order)
    kind = rng.choices(("raised", "lowered", "unit"), weights=(45, 40, 15))[0]
    for index in order:
        fig = entry.figures[index]
        span = entry.text[fig.start : fig.end]
        digits = _DIGITS.search(span)
        if not digits:
            continue  # a Chinese numeral: left alone
        at, end = fig.start + digits.start(), fig.start + digits.end()
        if kind == "unit":
            unit_at = entry.text.find(fig.unit, end, fig.end + 1) if fig.unit else -1
            swap = UNIT_SWAPS.get(fig.unit)
            if unit_at < 0 or swap is None:
                continue
            text = entry.text[:unit_at] + swap + entry.text[unit_at + len(fig.unit) :]
        else:
            new = _new_digits(digits.group(0), kind == "raised", rng)
            text = entry.text[:at] + new + entry.text[end:]
        figures = read_figures(text)
        if len(figures) != len(entry.figures):
            continue
        others_same = all(
            a.key == b.key
            for i, (a, b) in enumerate(zip(entry.figures, figures, strict=True))
            if i != index
        )
        after = figures[index]
        if not others_same or after.comparator != fig.comparator:
            continue
        if kind == "unit":
            if after.unit == fig.unit or after.value != fig.value:
                continue
        elif after.unit != fig.unit or not (
            after.value > fig.value if kind == "raised" else after.value < fig.value
        ):
            continue
        change = {
            "change": kind,
            "old_value": _fmt(fig.value),
            "new_value": _fmt(after.value),
            "old_unit": fig.unit,
            "new_unit": after.unit,
        }
        return replace(entry, text=text, figures=figures), change
    return None


def _reword_once(text: str, rng: random.Random, figures: tuple[Figure, ...]) -> str:
    op = rng.choices(("synonym", "prefix", "tail", "drop"), weights=(4, 2, 2, 2))[0]
    inside = [(f.start, f.end) for f in figures]
    if op == "synonym":
        spots = [
            m for m in _SWAP_WORDS.finditer(text) if not any(s <= m.start() < e for s, e in inside)
        ]
        if spots:
            m = rng.choice(spots)
            return text[: m.start()] + _SWAP[m.group(0)] + text[m.end() :]
        op = "tail"
    if op == "prefix":
        if text.startswith(PREFIXES):
            for p in PREFIXES:
                if text.startswith(p):
                    return text[len(p) :]
        return rng.choice(PREFIXES) + text
    if op == "drop":
        clauses = re.split(r"(?<=[,;])", text)
        choices = [i for i in range(1, len(clauses) - 1) if not re.search(r"\d", clauses[i])]
        if len(clauses) >= 3 and choices:
            del clauses[rng.choice(choices)]
            return "".join(clauses)
    tail = rng.choice(TAILS)
    for t in TAILS:
        if text.endswith(t + "。"):
            return text[: -len(t) - 1] + "。"
    return text[:-1] + tail + "。" if text.endswith("。") else text + tail


class Neighbours:
    """Last year's items a changed item could be taken for: the dropped ones and the
    old wording of the reworded ones (every other item pairs with its unchanged self
    first), plus every old item's text with its figures cut out (two items whose texts
    differ only in figures pair before anything is scored). A change is kept only if
    it reads clearly as itself, so the truth is unambiguous."""

    def __init__(self, pool: Iterable[Entry], everyone: Iterable[Entry]):
        self.pool = [(e.key, bigrams(e.text), {(f.value, f.unit) for f in e.figures}) for e in pool]
        self.masked = {masked(e.text, e.figures): e.key for e in everyone}

    def clear(self, entry: Entry, limit: float, skip: int = -1) -> bool:
        """Whether no other old item has the entry's masked text, and every item of the
        pool reads less alike than ``limit`` (Dice), or than ``limit - 0.15`` if it
        states one of the entry's figures."""
        if self.masked.get(masked(entry.text, entry.figures), skip) != skip:
            return False
        grams = bigrams(entry.text)
        figures = {(f.value, f.unit) for f in entry.figures}
        for key, other, their in self.pool:
            if key == skip:
                continue
            bar = limit - 0.15 if figures & their else limit
            if _dice_sets(grams, other) >= bar:
                return False
        return True


def _reword(entry: Entry, rng: random.Random, neighbours: Neighbours) -> Entry | None:
    """The entry said otherwise: every target kept, recognisably the same item, and
    closer to its old wording than to any other item of last year."""
    for _ in range(6):
        text = entry.text
        for _ in range(1 + (rng.random() < 0.4)):
            text = _reword_once(text, rng, read_figures(text))
        if text == entry.text:
            continue
        figures = read_figures(text)
        if [f.key for f in figures] != [f.key for f in entry.figures]:
            continue
        if masked(text, figures) == masked(entry.text, entry.figures):
            continue
        alike = dice(text, entry.text)
        if alike < 0.6:
            continue
        reworded = replace(entry, text=text, figures=figures)
        if not neighbours.clear(reworded, alike - 0.15, skip=entry.key):
            continue
        return reworded
    return None


def _grammar_entry(
    key: int, rng: random.Random, present: str, departments: Sequence[str]
) -> Entry | None:
    """A commitment from the grammar whose object the plan does not name yet."""
    verb, obj, unit, low, high, lead = rng.choice(NEW_OBJECTS)
    obj = rng.choice(NEW_MODIFIERS) + obj
    if obj in present:
        return None
    n = rng.randint(low, high)
    if n > 1000:
        n = n // 100 * 100
    text = f"{rng.choice(NEW_LEADINS)}{verb}{obj}{n}{unit}{rng.choice(NEW_TAILS)}。"
    figures = read_figures(text)
    if [(f.value, f.unit) for f in figures] != [(Decimal(n), unit)]:
        return None
    if rng.random() < 0.6:
        responsible: tuple[str, ...] = (GROUP,)
    else:
        responsible = (rng.choice([d for d in departments if d != lead]),)
    return Entry(key, text, (lead,), responsible, figures)


RETIRED = 400  # dropped items an issuer's chain remembers (the most recent)


@dataclass
class History:
    """What an issuer's chain of plans remembers: items dropped in earlier years (a
    commitment can come back), and the next free entry key."""

    next_key: int
    step: int = 0
    retired: list[tuple[int, Entry]] = field(default_factory=list)


def _new_entry(
    history: History,
    rng: random.Random,
    present: str,
    departments: Sequence[str],
    neighbours: Neighbours,
) -> Entry | None:
    """A commitment last year's plan does not make: one dropped two or more years ago
    and taken up again, or one from the grammar; unlike the items it could be taken
    for (:class:`Neighbours`)."""
    key = history.next_key
    for _ in range(20):
        revivable = [i for i, (step, _) in enumerate(history.retired) if step <= history.step - 2]
        if revivable and rng.random() < 0.5:
            index = rng.choice(revivable)
            old = history.retired[index][1]
            entry: Entry | None = replace(old, key=key)
        else:
            index = -1
            entry = _grammar_entry(key, rng, present, departments)
        if entry is None:
            continue
        if not neighbours.clear(entry, 0.35):
            continue
        if index >= 0:
            del history.retired[index]
        return entry
    return None


def derive(
    skeleton: Skeleton,
    rng: random.Random,
    rates: Rates,
    departments: Sequence[str],
    history: History,
) -> tuple[Skeleton, dict[int, dict[str, Any]]]:
    """The next year's skeleton and the changes per entry key (``history`` is updated).

    Changes: ``{"status": "reworded"|"new", "targets": [...], "lead": (old, new),
    "responsible": (added, removed)}``; keys missing from the new skeleton were dropped.
    """
    history.step += 1
    out = skeleton.copy()
    changes: dict[int, dict[str, Any]] = {}
    dropped = 0
    pool: list[Entry] = []
    to_reword: set[int] = set()
    for block in out.blocks:  # which items go and which are reworded, decided first
        kept: list[Entry] = []
        for n, entry in enumerate(block.entries):
            last = not kept and n == len(block.entries) - 1
            if not last and rng.random() < rates.drop:
                dropped += 1
                pool.append(entry)
                history.retired.append((history.step, entry))
                del history.retired[:-RETIRED]
                continue
            if rng.random() < rates.reword:
                to_reword.add(entry.key)
                pool.append(entry)
            kept.append(entry)
        block.entries = kept
    neighbours = Neighbours(pool, skeleton.entries())
    for block in out.blocks:
        for n, entry in enumerate(block.entries):
            original = entry
            note: dict[str, Any] = {}
            if entry.key in to_reword:
                reworded = _reword(entry, rng, neighbours)
                if reworded is not None:
                    entry = reworded
                    note["status"] = "reworded"
            if entry.figures and rng.random() < rates.figure:
                changed = _change_figure(entry, rng)
                if changed is not None:
                    entry, target = changed
                    note["targets"] = [target]
            if entry.lead and rng.random() < rates.lead:
                entry, lead = _change_lead(entry, rng, departments)
                note["lead"] = lead
            if entry.lead and rng.random() < rates.responsible:
                moved = _change_responsible(entry, original, rng, departments)
                if moved is not None:
                    entry, note["responsible"] = moved
            if note:
                changes[entry.key] = note
            block.entries[n] = entry
    present = "\n".join(e.text for e in out.entries())
    blocks = [b for b in out.blocks if b.part in (2, 4)]
    # As many new items as were dropped, give or take one: plans keep their size.
    wanted = max(0, dropped + rng.choice((-1, 0, 0, 1)))
    for _ in range(wanted):
        added = _new_entry(history, rng, present, departments, neighbours)
        if added is None:
            continue
        history.next_key += 1
        block = rng.choice(blocks)
        block.entries.insert(rng.randint(0, len(block.entries)), added)
        present += "\n" + added.text
        changes[added.key] = {"status": "new"}
    return out, changes


def _change_lead(
    entry: Entry, rng: random.Random, departments: Sequence[str]
) -> tuple[Entry, tuple[list[str], list[str]]]:
    """Another unit leads: a responsible department steps up, or another department."""
    city = [u for u in entry.responsible if not _is_local(u) and u not in entry.lead]
    old = list(entry.lead)
    if city and rng.random() < 0.5:
        new_lead = rng.choice(city)
        responsible = tuple(old[0] if u == new_lead else u for u in entry.responsible)
    else:
        others = [d for d in departments if d not in entry.lead and d not in entry.responsible]
        new_lead = rng.choice(others)
        responsible = entry.responsible
    lead = (new_lead, *entry.lead[1:])
    return replace(entry, lead=lead, responsible=_ordered(responsible)), (old, list(lead))


def _change_responsible(
    entry: Entry, original: Entry, rng: random.Random, departments: Sequence[str]
) -> tuple[Entry, tuple[list[str], list[str]]] | None:
    """A responsible department added, or one of several removed: a unit that joins or
    leaves the item (``original``, the entry as it was last year, before any lead
    change), never one that only moved between lead and responsible."""
    before = set(original.lead) | set(original.responsible)
    removable = [
        u
        for u in entry.responsible
        if u not in entry.lead and u in original.responsible and u not in original.lead
    ]
    if len(entry.responsible) >= 2 and removable and rng.random() < 0.5:
        gone = rng.choice(removable)
        responsible = tuple(u for u in entry.responsible if u != gone)
        return replace(entry, responsible=responsible), ([], [gone])
    others = [
        d
        for d in departments
        if d not in entry.lead and d not in entry.responsible and d not in before
    ]
    if not others:
        return None
    added = rng.choice(others)
    city = [u for u in entry.responsible if not _is_local(u)]
    local = [u for u in entry.responsible if _is_local(u)]
    return replace(entry, responsible=(*city, added, *local)), ([added], [])


# --------------------------------------------------------------------------- the corpus


def schedule(n: int) -> list[tuple[Issuer, list[int]]]:
    """Which issuers and years ``n`` plans are: issuer by issuer, four years each up to
    16 plans; beyond that every issuer's years reach back from 2025."""
    if n < 0:
        raise ValueError("the number of plans must be at least 0")
    if n <= len(ISSUERS) * YEARS_PER_ISSUER:
        out: list[tuple[Issuer, list[int]]] = []
        for issuer in ISSUERS:
            count = min(YEARS_PER_ISSUER, n - YEARS_PER_ISSUER * len(out))
            if count <= 0:
                break
            out.append((issuer, list(range(FIRST_YEAR, FIRST_YEAR + count))))
        return out
    per, extra = divmod(n, len(ISSUERS))
    return [
        (issuer, list(range(LAST_YEAR - count + 1, LAST_YEAR + 1)))
        for i, issuer in enumerate(ISSUERS)
        if (count := per + (i < extra))
    ]


def _rng(seed: int, *parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in (seed, *parts)))


def _transition(
    old: SynthPlan, new: SynthPlan, changes: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    """The truth of one pair of successive plans, in refs."""
    items, targets, leads, responsible = [], [], [], []
    for key, ref in old.refs.items():
        if key not in new.refs:
            items.append({"old": ref, "new": None, "status": "dropped"})
            continue
        note = changes.get(key, {})
        new_ref = new.refs[key]
        items.append({"old": ref, "new": new_ref, "status": note.get("status", "carried")})
        for target in note.get("targets", ()):
            targets.append({"old": ref, "new": new_ref, **target})
        if "lead" in note:
            before, after = note["lead"]
            leads.append({"old": ref, "new": new_ref, "old_lead": before, "new_lead": after})
        if "responsible" in note:
            added, removed = note["responsible"]
            responsible.append({"old": ref, "new": new_ref, "added": added, "removed": removed})
    for key, ref in new.refs.items():
        if key not in old.refs:
            items.append({"old": None, "new": ref, "status": "new"})
    return {
        "from": old.slug,
        "to": new.slug,
        "from_file": old.file,
        "to_file": new.file,
        "items": items,
        "targets": targets,
        "leads": leads,
        "responsible": responsible,
    }


def iter_corpus(n: int, seed: int = 0) -> Iterator[tuple[SynthPlan, dict[str, Any] | None]]:
    """Each plan in turn, with the truth of its change from the issuer's previous year
    (``None`` for an issuer's first plan). Deterministic for ``(n, seed)``."""
    bundled, departments = _bundled()
    for issuer, years in schedule(n):
        rng = _rng(seed, issuer.slug, "base")
        history = History(next_key=len(list(bundled.entries())))
        skeleton, _ = derive(_localise(bundled, issuer), rng, BASE, departments, history)
        previous: SynthPlan | None = None
        for number, year in enumerate(years):
            rng = _rng(seed, issuer.slug, year)
            changes: dict[int, dict[str, Any]] = {}
            if previous is not None:
                skeleton, changes = derive(skeleton, rng, YEARLY, departments, history)
            plan = render(skeleton, issuer, year, 1 + number % 9, 5 + rng.randrange(20))
            yield plan, (None if previous is None else _transition(previous, plan, changes))
            previous = plan


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The truth grows to millions of small dicts and lists, which the cyclic garbage
    collector would scan again and again (a quarter of the time at 1,000 plans);
    nothing here makes reference cycles, so it is paused while a corpus is made."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def generate_corpus(n: int, seed: int = 0) -> Corpus:
    """``n`` plans and their truth, in memory (for tests: small ``n``)."""
    plans, changes = [], []
    with _no_cyclic_gc():
        for plan, change in iter_corpus(n, seed):
            plans.append(plan)
            if change is not None:
                changes.append(change)
    return Corpus(plans, changes, seed)


def truth_json(truth: dict[str, Any]) -> str:
    """The truth as JSON with one plan and one change per line: compact (a thousand
    plans' truth is some 20 MB), yet each change can be read or grepped alone."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    lines = [f'{{"seed":{dump(truth["seed"])},"plans":[']
    lines += [dump(p) + "," for p in truth["plans"]]
    if truth["plans"]:
        lines[-1] = lines[-1][:-1]
    lines.append('],"changes":[')
    lines += [dump(c) + "," for c in truth["changes"]]
    if truth["changes"]:
        lines[-1] = lines[-1][:-1]
    lines.append("]}")
    return "\n".join(lines) + "\n"


def write_corpus(n: int, folder: str | Path, seed: int = 0) -> dict[str, Any]:
    """Write ``n`` plans into ``folder`` (``SLUG.txt``, UTF-8), with ``truth.json`` and
    ``manifest.csv`` (file, issuer, year); returns the truth. Plans are written as they
    are made, so memory does not grow with ``n`` beyond the truth itself."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    plans: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    with _no_cyclic_gc():
        for plan, change in iter_corpus(n, seed):
            (out / plan.file).write_text(plan.text, encoding="utf-8")
            plans.append(_plan_record(plan))
            if change is not None:
                changes.append(change)
    truth = {"seed": seed, "plans": plans, "changes": changes}
    (out / "truth.json").write_text(truth_json(truth), encoding="utf-8")
    with open(out / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["file", "issuer", "year"])
        for p in plans:
            writer.writerow([p["file"], p["issuer"], p["year"]])
    return truth


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write N synthetic plans and their truth.")
    parser.add_argument("n", type=int, help="how many plans")
    parser.add_argument("outdir", help="folder to write them into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be at least 0")
    cpu, wall = time.process_time(), time.perf_counter()
    truth = write_corpus(args.n, args.outdir, seed=args.seed)
    print(
        f"wrote {len(truth['plans'])} plans and truth.json to {args.outdir} "
        f"({time.process_time() - cpu:.1f} s CPU, {time.perf_counter() - wall:.1f} s wall)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
