"""The unit registry as a model: canonical names, kinds, aliases and group membership.

Plain data and lookups, no I/O: :mod:`graph.read.registry` reads the registry from
its data file (``graph/data/units.toml``), so that a new plan's units are added by
editing data, not code. Lookups accept a canonical name or an alias.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = {
    "municipal_department": ("市直部门", "municipal department"),
    "party_organ": ("党委机构", "party organ"),
    "district_government": ("区人民政府", "district government"),
    "management_committee": ("功能区管委会", "development-zone or new-area management committee"),
    "state_owned_enterprise": ("市属国有企业", "state-owned enterprise"),
    "peoples_organisation": ("人民团体", "people's organisation"),
    "central_or_provincial": ("驻汉中央或省属单位", "central or provincial agency in the city"),
    "leading_group": ("领导小组及其办公室", "leading group or its office"),
    "command_post": ("指挥部机构", "command-post body"),
    "group": ("单位集合", "group of units"),
    "other": ("其他", "other"),
    "unknown": ("未知", "unknown"),
}


@dataclass(frozen=True)
class Unit:
    name: str
    full_name: str = ""
    name_en: str = ""
    kind: str = "unknown"
    slug: str = ""
    aliases: tuple[str, ...] = ()
    hosted_by: str = ""
    zone: str = ""
    administers: tuple[str, ...] = ()
    shares_seat_with: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    enumerated: bool = True
    registered: bool = True

    @property
    def is_group(self) -> bool:
        return self.kind == "group"


# Name endings that tell what kind of body a unit not in the registry is, tried in
# order (the first match wins): a guess, shown as such (``registered = false``).
_KIND_ENDINGS = (
    (
        ("各区人民政府", "各县人民政府", "各市人民政府", "各地", "各部门", "有关部门", "各单位"),
        "group",
    ),
    (
        ("区人民政府", "县人民政府", "区政府", "县政府", "市人民政府", "州人民政府", "旗人民政府"),
        "district_government",
    ),
    (("管委会", "管理委员会"), "management_committee"),
    (("集团", "公司", "有限公司"), "state_owned_enterprise"),
    (("领导小组", "领导小组办公室", "指挥部"), "leading_group"),
    (("委员会", "局", "委", "办", "厅", "署", "中心", "院"), "municipal_department"),
)
_PARTY = ("党委", "市委", "省委", "区委", "县委", "组织部", "宣传部", "统战部", "政法委")


def guess_kind(name: str) -> str:
    """The kind of a unit the registry does not know, from the end of its name
    (``…局`` a department, ``…区人民政府`` a district government, ``…集团`` an SOE)."""
    if name.startswith(_PARTY) or name.endswith(("宣传部", "组织部", "统战部", "政法委")):
        return "party_organ"
    for endings, kind in _KIND_ENDINGS:
        if name.endswith(endings):
            return kind
    return "unknown"


@dataclass
class Registry:
    """The units of one jurisdiction.

    ``complete`` says whether the registry claims to know every unit its plans name
    (the Wuhan registry does: an unknown name there is damage or a typo, a problem);
    a plan of a jurisdiction without a registry gets an empty, incomplete one, and
    its units are kept as written, flagged unregistered.
    """

    units: dict[str, Unit]
    complete: bool = True
    _lookup: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for unit in self.units.values():
            self._lookup[unit.name] = unit.name
        for unit in self.units.values():
            for alias in unit.aliases:
                self._lookup.setdefault(alias, unit.name)

    def resolve(self, written: str) -> Unit | None:
        name = self._lookup.get(written)
        return self.units[name] if name else None

    def __contains__(self, written: str) -> bool:
        return written in self._lookup

    def get(self, name: str) -> Unit:
        """The unit of a canonical name; a name the registry does not know gets an
        unregistered unit with its kind guessed from the name."""
        unit = self.units.get(name)
        if unit is not None:
            return unit
        kind = guess_kind(name)
        # A guessed group (各部门, 有关单位) has no members anyone listed.
        return Unit(name=name, kind=kind, registered=False, enumerated=kind != "group")

    def is_group(self, name: str) -> bool:
        return self.get(name).is_group

    def expand(self, name: str) -> list[str]:
        """Members of an enumerated group; any other unit stands for itself."""
        unit = self.get(name)
        if unit.is_group and unit.enumerated and unit.members:
            return list(unit.members)
        return [name]

    def groups(self) -> list[Unit]:
        return [u for u in self.units.values() if u.is_group]
