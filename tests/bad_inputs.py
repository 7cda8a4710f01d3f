"""Bad inputs shared by the API and command-line tests.

``unusable(raw_text)`` gives files no plan can be read from (exit 2, one error line);
``damaged(raw_text)`` gives copies of the bundled plan with one defect each, which
must still be read (exit 0) with the item kept, flagged and reported.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Unusable:
    data: bytes
    line: int
    column: int
    reason: str


@dataclass(frozen=True)
class Damaged:
    text: str
    ref: str  # the item that must be kept and flagged
    line: int  # where the warning must point
    flag: str
    raw_char: str = ""  # the character of the raw line the warning's column points at
    items: int = 322


def _random_high_bytes() -> bytes:
    rng = random.Random(2023)
    return bytes(rng.randrange(0x80, 0x100) for _ in range(400))


UNUSABLE = {
    "empty": Unusable(b"", 1, 1, "file is empty"),
    "whitespace-only": Unusable(b" \n\t\r\n\n", 1, 1, "file is empty"),
    "binary": Unusable(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 3, 1, "binary file"),
    "prose": Unusable(
        "今天天气很好。我们去公园散步,看到了很多花。\n这是一段普通的文字,不是责任分解方案。\n".encode(),
        1,
        1,
        "not a responsibility-decomposition plan",
    ),
    "headings-without-items": Unusable(
        "一、重点工作\n(一)着力扩大内需\n--千方百计提振促进消费\n".encode(),
        1,
        1,
        "not a responsibility-decomposition plan",
    ),
    "random-high-bytes": Unusable(_random_high_bytes(), 1, 1, "cannot decode"),
    "latin-1": Unusable(
        "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e, na\u00efve fa\u00e7ade.\n".encode("latin-1"),
        1,
        4,
        "cannot decode",
    ),
}


def _replace_line(lines: list[str], number: int, new: str) -> list[str]:
    out = list(lines)
    out[number - 1] = new
    return out


def damaged(raw_text: str) -> dict[str, Damaged]:
    lines = raw_text.split("\n")
    line23 = lines[22]  # item 2.2, clause ends 各區(qū)人民政府)
    cut_mid_name = line23[: line23.index("市教育局") + 2]
    line26 = lines[25]  # item 2.5
    line22 = lines[21]  # item 2.1, 〈市商務(wù)局〉
    line14 = lines[13]  # item 1.1
    return {
        "truncated-clause": Damaged(
            "\n".join(_replace_line(lines, 23, line23[:-1])), "2.2", 23, "truncated-clause", "("
        ),
        "truncated-mid-name": Damaged(
            "\n".join(_replace_line(lines, 23, cut_mid_name)), "2.2", 23, "truncated-clause", "("
        ),
        "truncated-in-group-note": Damaged(
            "\n".join(_replace_line(lines, 14, line14[: line14.index("長(zhǎng)江新區(qū)")])),
            "1.1",
            14,
            "truncated-clause",
            "(",
        ),
        "truncated-file": Damaged(
            "\n".join(lines[:409] + [lines[409][: lines[409].index(";")]]),
            "4.68",
            410,
            "truncated-clause",
            "(",
            items=321,
        ),
        "unbalanced-in-text": Damaged(
            "\n".join(_replace_line(lines, 26, line26.replace("、", "(", 1))),
            "2.5",
            26,
            "unbalanced-brackets",
            "(",
        ),
        "unbalanced-in-clause": Damaged(
            "\n".join(_replace_line(lines, 22, line22.replace("局〉;", "局;", 1))),
            "2.1",
            22,
            "unbalanced-brackets",
            "〈",
        ),
        "skipped-number": Damaged(
            "\n".join(lines[:25] + lines[26:]), "2.6", 26, "numbering", "6", items=321
        ),
        "duplicate-number": Damaged(
            "\n".join(_replace_line(lines, 26, "4" + line26[1:])), "2.4", 26, "numbering", "4"
        ),
        "text-after-clause": Damaged(
            "\n".join(_replace_line(lines, 26, line26 + "此處多出文字")),
            "2.5",
            26,
            "text-after-clause",
            "此",
        ),
    }
