"""Which government issued a plan: the jurisdiction read from the issuer's name.

A plan's units belong to its jurisdiction (Wuhan's 市发改委 is not Xiangyang's), and
its identity (``wuhan-2023``) starts with the jurisdiction's slug, so both must come
from the notice, not from a list of cities we happen to know. The issuer names the
place first (``武汉市蔡甸区人民政府办公室``, ``四川省发展和改革委员会``,
``湘西自治州人民政府``); the place splits into province, city and district or county
by the words that end each level. Slugs come from ``graph/data/cities.toml`` where a
place is listed (its readings are checked there: 长治 is Changzhi, not "Zhangzhi"),
otherwise from the place's pinyin (pypinyin), so they are stable for a given name.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from graph.data import DATA_DIR
from graph.read.registry import cities

STATE_COUNCIL = "state-council"
PROVINCE = "province"
CITY = "city"
DISTRICT = "district"
COUNTY = "county"
LEVELS = (STATE_COUNCIL, PROVINCE, CITY, DISTRICT, COUNTY)
LEVEL_LABELS = {
    STATE_COUNCIL: ("国务院", "State Council"),
    PROVINCE: ("省级", "province"),
    CITY: ("市级", "city"),
    DISTRICT: ("区级", "district"),
    COUNTY: ("县级", "county"),
}

# A place as issuers write it: an optional province (or autonomous region), an
# optional city (prefecture, league), an optional district or county. Anchored at both
# ends so that the lazy parts settle where the level words really are
# (亳州市谯城区 is 亳州市 + 谯城区, not 亳州 + ...).
_PLACE = re.compile(
    r"^(?P<province>.+?(?:省|自治区))?"
    r"(?P<city>.+?(?:市|自治州|盟|地区))?"
    r"(?P<county>.+?(?:区|自治县|县|旗|市))?$"
)
_GOVERNMENT = re.compile(r"人民政府|政府办公|政府")
_LEVEL_END = "省区市县州盟旗"
_SUFFIXES = ("自治区", "自治州", "自治县", "地区", "省", "市", "州", "盟", "区", "县", "旗")
_CHINESE = re.compile(r"^[\u4e00-\u9fff]{2,}$")
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")


@dataclass(frozen=True)
class Jurisdiction:
    name: str  # the place as the issuer writes it: 武汉市蔡甸区
    level: str  # one of LEVELS
    slug: str  # wuhan-caidian


def _stem(place: str) -> str:
    for suffix in _SUFFIXES:
        if place.endswith(suffix) and len(place) > len(suffix):
            return place[: -len(suffix)]
    return place


@lru_cache(maxsize=512)
def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin  # 0.15 s to import: only for places we do not list

    return "".join(lazy_pinyin(text, errors="ignore")).lower()


@lru_cache(maxsize=1)
def _readings() -> dict[str, str]:
    with open(DATA_DIR / "places.toml", "rb") as fh:
        places = {p["name"]: p["slug"] for p in tomllib.load(fh).get("place", [])}
    return {**places, **{name: c["slug"] for name, c in cities().items() if c.get("slug")}}


def _slug_of(place: str) -> str:
    known = _readings()
    stem = _stem(place)
    for name in (place, stem):
        if name in known:
            return known[name]
    spoken = stem if len(stem) > 1 else place  # 沁县 reads qinxian, not qin
    return re.sub(r"[^a-z0-9]+", "", _pinyin(spoken)) or "place"


def _place_of(issuer: str) -> str:
    """The place that opens the issuer's name, or '' when it names none."""
    government = _GOVERNMENT.search(issuer)
    if government:
        return issuer[: government.start()]
    # A department as issuer (四川省发展和改革委员会): the longest opening that ends
    # with a level word and reads as a place.
    for end in range(min(len(issuer), 16), 1, -1):
        if issuer[end - 1] in _LEVEL_END and _PLACE.match(issuer[:end]):
            head = issuer[:end]
            if any(head.endswith(s) for s in _SUFFIXES):
                return head
    return ""


def read_jurisdiction(issuer: str) -> Jurisdiction | None:
    """The jurisdiction of ``issuer`` (a notice's issuing body), or None.

    >>> read_jurisdiction("武汉市蔡甸区人民政府办公室")
    Jurisdiction(name='武汉市蔡甸区', level='district', slug='wuhan-caidian')
    >>> read_jurisdiction("国务院办公厅").slug
    'state-council'
    """
    text = re.sub(r"\s+", "", issuer)
    if text.startswith("国务院"):
        return Jurisdiction("国务院", STATE_COUNCIL, STATE_COUNCIL)
    place = _place_of(text)
    if not _CHINESE.match(place):  # 名称:区, 【市: a label or a bracket, not a place
        return None
    match = _PLACE.match(place)
    if not match or not any(match.groups()):
        return None
    province, city, county = match.group("province", "city", "county")
    if county:
        level = COUNTY if not county.endswith("区") else DISTRICT
        slug = _slug_of(county)
        if city:  # districts and counties are named within their city: 武汉市蔡甸区
            slug = f"{_slug_of(city)}-{slug}"
        return Jurisdiction(place, level, slug)
    if city:
        level = PROVINCE if city in _MUNICIPALITIES and not province else CITY
        return Jurisdiction(place, level, _slug_of(city))
    assert province is not None
    return Jurisdiction(place, PROVINCE, _slug_of(province))
