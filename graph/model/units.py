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

    @property
    def is_group(self) -> bool:
        return self.kind == "group"


@dataclass
class Registry:
    units: dict[str, Unit]
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
        """The unit of a canonical name; unknown names get a ``kind='unknown'`` unit."""
        return self.units.get(name) or Unit(name=name)

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
