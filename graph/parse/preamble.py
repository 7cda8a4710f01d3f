"""Read the notice that precedes a plan: document number, title, issuer, date,
the no-lead rule and the reporting duties with their deadlines."""

from __future__ import annotations

import re
from datetime import date

from graph.model import LEAD, RESPONSIBLE, Notice, Plan, ReportingDuty, SourceLine
from graph.parse.numerals import chinese_to_int
from graph.read.jurisdiction import read_jurisdiction
from graph.read.registry import cities

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[【(]\d{4}[〕\]】)]\s*\d+\s*号")
DATE_LINE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
ISSUER_LINE = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,20}(?:人民政府办公厅|人民政府办公室|人民政府)|国务院|国务院办公厅)$"
)
NO_LEAD_RULE = re.compile(r"无牵头单位的\s*[,,]\s*责任单位即为牵头单位")
_BEARER = {"牵头单位": LEAD, "责任单位": RESPONSIBLE}
_ONE_OFF = re.compile(
    r"各?(牵头单位|责任单位)于(\d{4})年(\d{1,2})月(\d{1,2})日前将(.+?)报(.+?)[(。,;]"
)
_QUARTERLY = re.compile(
    r"从(\d{4})年第([一二三四1-4])季度起\s*[,,]\s*各?(牵头单位|责任单位)要?在每个季度第(\d|[一二三])个月的(\d{1,2})日前\s*[,,]\s*将(.+?)报(.+?)[(。,;]"
)


def _int(text: str) -> int:
    return int(text) if text.isdigit() else chinese_to_int(text)


def _date(
    year: int, month: int, day: int, line: SourceLine, notices: list[Notice], offset: int = 0
) -> date | None:
    """A calendar date, or None with a notice: a damaged copy can read 2023年13月40日,
    and one impossible date in the notice must not stop the plan from being read."""
    try:
        return date(year, month, day)
    except ValueError:
        notices.append(
            Notice(
                "bad-date",
                f"not a calendar date: {year}-{month:02d}-{day:02d}; ignored",
                line.number,
                line.raw_column(offset),
                line.text[offset : offset + 30].strip(),
            )
        )
        return None


# A government named in a title (芜湖市人民政府关于…, 【…】滁州市人民政府…): the
# place is a run of Chinese characters straight before 人民政府.
# Or a title opening with its place before a figure, a quote or 关于 (国务院关于…,
# 四川省“十四五”…, 湘西自治州2020年…).
_TITLE_GOVERNMENT = re.compile(
    r"[\u4e00-\u9fff]{2,16}?人民政府"
    r"|^(?:国务院|[\u4e00-\u9fff]{1,12}?(?:省|自治区|市|自治州|区|县))(?=[^\u4e00-\u9fff]|关于)"
)


def read_preamble(plan: Plan, lines: list[SourceLine]) -> list[Notice]:
    """Fill the plan's metadata from its preamble lines (those before the first part).

    Returns what was noticed on the way (dates that are not dates).
    """
    notices: list[Notice] = []
    texts = [line.text.strip() for line in lines if line.text.strip()]
    joined = "\n".join(texts)
    number = DOC_NUMBER.search(joined)
    if number:
        plan.doc_number = number.group(0)
    for text in texts:
        if text.startswith("《") and "通知" in text:
            plan.title = text.strip("《》")
            break
    else:  # a notice whose title is not in 《》: the first line that reads like one
        for text in texts[:12]:
            if (
                len(text) <= 80
                and "。" not in text
                and re.search(r"关于印发|通知$|分工|分解|方案$", text)
            ):
                plan.title = text
                break
    date_index = None
    for i, line in enumerate(lines):
        text = line.text.strip()
        if ISSUER_LINE.match(text) and not plan.issuer:
            plan.issuer = text
        match = DATE_LINE.match(text)
        if match and plan.issued is None:
            y, m, d = (int(g) for g in match.groups())
            plan.issued = _date(y, m, d, line, notices)
            date_index = i
    if date_index is not None:
        after = [line.text.strip() for line in lines[date_index + 1 :] if line.text.strip()]
        plan.plan_title = "".join(after)
    city = re.match(r"^(.+?)市人民政府", plan.issuer or plan.title)
    if city:
        plan.city = city.group(1)
        plan.city_slug = cities().get(plan.city, {}).get("slug", "")
    place = read_jurisdiction(plan.issuer) if plan.issuer else None
    if place is None and (government := _TITLE_GOVERNMENT.search(plan.title)):
        place = read_jurisdiction(government.group(0))  # a copy without its issuing line
    if place is not None:
        plan.jurisdiction, plan.jurisdiction_name = place.slug, place.name
        plan.jurisdiction_level = place.level
    year = re.search(r"(\d{4})年", plan.plan_title or plan.title)
    if year:
        plan.year = int(year.group(1))
    elif plan.issued:
        plan.year = plan.issued.year
    elif plan.doc_number and (in_number := re.search(r"(\d{4})", plan.doc_number)):
        plan.year = int(in_number.group(1))  # 湘政发〔2016〕1号
    elif any_year := re.search(r"(20\d{2})年", joined):
        plan.year = int(any_year.group(1))  # the first year the notice names
    if not plan.title:
        # A copy without the notice's title line: the plan's own title, or the
        # first line that names the document, stands for it.
        plan.title = plan.plan_title or next(
            (
                t
                for t in texts[:20]
                if len(t) <= 80 and re.search(r"方案|分工|分解|任务|清单|要点", t)
            ),
            "",
        )
    plan.no_lead_rule = bool(NO_LEAD_RULE.search(joined))
    plan.duties = _duties(lines, notices)
    return notices


def _duties(lines: list[SourceLine], notices: list[Notice]) -> list[ReportingDuty]:
    duties: list[ReportingDuty] = []
    for line in lines:
        for match in _ONE_OFF.finditer(line.text):
            role, y, m, d, what, to = match.groups()
            due = _date(int(y), int(m), int(d), line, notices, match.start())
            if due is None:
                continue
            duties.append(
                ReportingDuty(
                    key="work-plan" if "方案" in what else f"report-{len(duties) + 1}",
                    description=what,
                    bearer=_BEARER[role],
                    report_to=to,
                    due=[due],
                    line=line.number,
                )
            )
        for match in _QUARTERLY.finditer(line.text):
            y, q, role, month, day, what, to = match.groups()
            year, first_quarter, day_no = int(y), _int(q), int(day)
            offset = _int(month) - 1
            if not 1 <= first_quarter <= 4 or not 0 <= offset <= 2:
                # A quarter has three months; "第5个月" is damage, not a schedule.
                notices.append(
                    Notice(
                        "bad-date",
                        f"quarterly duty names month {offset + 1} of quarter {first_quarter}; ignored",
                        line.number,
                        line.raw_column(match.start()),
                        match.group(0)[:30],
                    )
                )
                continue
            dates = [
                _date(year, 3 * (quarter - 1) + 1 + offset, day_no, line, notices, match.start())
                for quarter in range(first_quarter, 5)
            ]
            quarterly = [d for d in dates if d is not None]
            if not quarterly:
                continue
            duties.append(
                ReportingDuty(
                    key="quarterly-progress",
                    description=what,
                    bearer=_BEARER[role],
                    report_to=to,
                    due=quarterly,
                    recurrence=f"quarterly from {year} Q{first_quarter}: by day {day_no} of month {offset + 1} of each quarter",
                    line=line.number,
                )
            )
    return duties
