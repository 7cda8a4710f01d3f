"""Hand-checked items: each expectation was read off the source line by eye.

Every clause shape the plan uses is covered: plain lead + responsible, no lead (the
rule applies), sub-assignments with their own leads or responsible units, a host or
an alias in angle brackets, a group defined in place, ``,`` between kinds of unit and
``、`` within one kind, distributive suffixes (``江汉、硚口、黄陂、新洲区人民政府``),
groups that cannot be enumerated, state-owned enterprises, central agencies and items
whose text holds ordinary parentheses. Unit lists are compared whole and in order.
"""

from __future__ import annotations

import pytest

# The plan's own group of all district governments and zone committees.
ALL = "各区人民政府"
CENTRAL = "各中心城区人民政府"
NEW = "各新城区人民政府"
DEPTS = "市人民政府各部门"

# ref: (source line, lead, responsible) — effective_lead follows the no-lead rule.
CASES: dict[str, tuple[int, list[str], list[str]]] = {
    # part 一: targets numbered (一)…(五); 1.1 defines 各区人民政府 in place
    "1.1": (14, ["市发改委"], [ALL]),
    "1.3": (16, [], ["市发改委"]),
    "1.4": (17, ["市发改委"], ["市民政局", "市人社局", "市农业农村局"]),
    "1.5": (18, ["市发改委"], ["市生态环境局", "市水务局"]),
    # host in angle brackets: the office is the unit, 市商务局 its host
    "2.1": (22, ["市建设国际消费中心城市工作领导小组办公室"], ["市发改委", ALL]),
    # 、 within municipal departments, then , before the district group
    "2.2": (
        23,
        ["市商务局"],
        [
            "市发改委",
            "市教育局",
            "市经信局",
            "市民政局",
            "市文旅局",
            "市卫健委",
            "市市场监管局",
            ALL,
        ],
    ),
    # distributive suffix: 江汉、硚口、黄陂、新洲区人民政府 is four governments
    "2.7": (
        28,
        ["市经信局"],
        [
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
        ],
    ),
    # a central agency after a , : 市通信管理局
    "2.8": (29, ["市经信局"], ["市发改委", "市商务局", "市政务服务大数据局", "市通信管理局"]),
    "2.22": (45, [], ["市经信局"]),
    # a zone committee leads
    "2.32": (58, ["武汉经开区管委会"], ["市市场监管局"]),
    # three committees sharing 管委会, then a district government
    "2.35": (
        62,
        ["市发改委"],
        ["东湖高新区管委会", "武汉经开区管委会", "临空港开发区管委会", "新洲区人民政府"],
    ),
    "2.37": (64, ["新洲区人民政府"], ["市经信局"]),
    # sub-assignments with their own leads; responsible units for the whole item
    "2.49": (
        78,
        ["市经信局", "市发改委"],
        ["市科技局", "市财政局", "市地方金融局", ALL],
    ),
    # a central-bank office between , separators
    "2.59": (92, ["市地方金融局"], ["市发改委", "人行武汉分行营管部", "东湖高新区管委会"]),
    "2.65": (101, ["市发改委"], ["市经信局", "市商务局", CENTRAL]),
    "2.69": (105, [], ["长江新区管委会"]),
    # a party organ, a department, then four district governments sharing a suffix
    "2.70": (
        106,
        ["市发改委"],
        [
            "市委农办",
            "市自然资源规划局",
            "蔡甸区人民政府",
            "江夏区人民政府",
            "黄陂区人民政府",
            "新洲区人民政府",
        ],
    ),
    "2.73": (
        110,
        ["市科技局"],
        [
            "市人才工作局",
            "市经信局",
            "东湖高新区管委会",
            "武昌区人民政府",
            "洪山区人民政府",
            "江夏区人民政府",
        ],
    ),
    # sub-assignments that name responsible units only: no lead anywhere
    "2.75": (113, [], ["市乡村振兴局", "市水务局"]),
    # state-owned enterprises after the district group
    "2.81": (
        122,
        ["市自然资源规划局"],
        ["市财政局", "市城建局", "市房管局", "市地方金融局", CENTRAL, "武汉城建集团"],
    ),
    "2.88": (130, ["市城建局"], [ALL, "市城投公司", "武汉城建集团"]),
    "2.94": (136, [], ["武汉地铁集团"]),
    # a leading group leads; the line ends in stray '??' page noise
    "2.96": (
        138,
        ["市停车场及新能源汽车配套设施建设工作领导小组"],
        ["市公安局", "市自然资源规划局", "市城管执法委", ALL, "市城投公司", "武汉城建集团"],
    ),
    "2.101": (
        143,
        ["市城管执法委"],
        ["青山区人民政府", "蔡甸区人民政府", "江夏区人民政府", "东西湖区人民政府"],
    ),
    "2.104": (
        147,
        ["市水务局"],
        [
            "市发改委",
            "市财政局",
            "市自然资源规划局",
            "江汉区人民政府",
            "硚口区人民政府",
            "武昌区人民政府",
            "武汉城发集团",
            "武汉城建集团",
        ],
    ),
    "2.141": (189, [], ["市发改委"]),
    "2.144": (
        192,
        ["市生态环境局"],
        ["市教育局", "市商务局", "市房管局", "市机关事务局", "市妇联", ALL],
    ),
    "2.160": (212, ["市发改委"], ["市自然资源规划局", "武汉地铁集团"]),
    "2.162": (214, ["市交通运输局"], ["青山区人民政府", "新洲区人民政府", "武汉金控集团"]),
    # four committees sharing 管委会
    "2.169": (
        222,
        ["市商务局"],
        ["东湖高新区管委会", "长江新区管委会", "武汉经开区管委会", "临空港开发区管委会"],
    ),
    "2.174": (227, ["黄陂区人民政府"], ["市商务局"]),
    # a district and a group sharing 人民政府: 洪山区、各新城区人民政府
    "2.177": (
        232,
        ["市农业农村局"],
        ["市自然资源规划局", "东湖高新区管委会", "洪山区人民政府", NEW],
    ),
    # alias in angle brackets: 市委宣传部〈市文明办〉 is 市委宣传部
    "2.193": (250, ["市委宣传部"], [NEW]),
    "2.201": (261, ["市民政局"], [ALL]),
    "2.207": (
        268,
        ["市教育局"],
        ["市发改委", "市科技局", "市财政局", "东湖高新区管委会", "洪山区人民政府"],
    ),
    # groups that cannot be enumerated
    "2.209": (
        271,
        ["市疫情防控指挥部办公室"],
        ["市疫情防控指挥部各工作组", "市直各相关部门", "各区疫情防控指挥部"],
    ),
    "2.220": (283, [], ["武汉广电台"]),
    "2.226": (289, ["市文旅局"], ["武汉文旅集团"]),
    "2.234": (
        300,
        ["市应急局"],
        [
            "市公安局",
            "市城建局",
            "市交通运输局",
            "市卫健委",
            "市房管局",
            "市市场监管局",
            "市消防救援支队",
            ALL,
        ],
    ),
    "2.238": (305, [], ["市委宣传部"]),
    "2.239": (306, [], ["市委政法委"]),
    # part 三: a group that cannot be enumerated, no lead
    "3.1": (311, [], [ALL, DEPTS]),
    "3.3": (314, ["市财政局"], [DEPTS]),
    "3.4": (315, [], ["市民服务热线办公室"]),
    # part 四
    "4.1": (324, ["市民政局"], [ALL]),
    "4.6": (330, ["团市委"], [ALL]),
    "4.23": (353, ["市卫健委"], ["市财政局", ALL]),
    "4.29": (361, ["市交通运输局"], ["市公交集团"]),
    "4.39": (373, ["市水务局"], ["东湖高新区管委会", "江夏区人民政府", "市城投公司"]),
    "4.40": (374, ["市水务局"], ["市财政局", CENTRAL, "市城投公司"]),
    "4.47": (383, [], ["市供销社"]),
    "4.64": (405, [], ["市市场监管局"]),
    "4.66": (408, [], ["市消防救援支队"]),
    "4.69": (411, [], ["市民防办"]),
}

# Items whose text holds ordinary parentheses, or was repaired: the whole text.
TEXTS = {
    "1.1": "地区生产总值增长6.5%以上。",
    "2.7": "着力振兴汉派服装。",
    "2.141": "实施新能源汽车充(换)电基础设施建设三年行动。",
    "2.160": "谋划推进武汉都市圈城际铁路、市域(郊)铁路等重大项目。",
    "2.174": "举办全球数字贸易大会、武汉(汉口北)商品交易会。",
    "2.201": "推进7个区级养老服务中心建设,新建社区老年人服务中心(站)70个、"
    "农村老年人互助中心(服务点)30个。",
    "2.226": "办好中国(武汉)文化旅游博览会、武汉“戏码头”中华戏曲艺术节、琴台音乐节等品牌节会。",
    "2.238": "深化文明创建,扎实开展“武汉因你而荣”文明实践活动,争创全国文明典范城市。",
    "4.1": "新建社区老年人服务中心(站)70个、农村老年人互助中心(服务点)30个。",
    "4.19": "建设筹集保障性租赁住房5.8万套(间)。",
    "4.23": "在公共场所配置自动体外除颤仪(AED)800台。",
    "4.57": "新建街道(乡镇)运动健身中心、美丽乡村文体广场、社区室外健身广场、社区智慧共享健身中心30个。",
    "4.64": "实现全市326家农贸市场、大型连锁超市(总部)、生鲜电商(总仓)、生鲜连锁超市(总仓)"
    "食用农产品农残快检全覆盖,日均快检量5000批次以上。",
    "2.41": "深化“双千兆”城市建设,高标准打造5G网、千兆光网、工业互联网,"
    "加快建设国家新型工业化示范基地(工业互联网),争创国家首批“5G+工业互联网”融合应用先导区。",
    "2.96": "新增停车泊位12万个。",
    "2.17": "统筹用好中央预算内资金、地方政府专项债券、政策性开发性金融工具、设备购置与更新改造贴息贷款、"
    "REITs基金等资金,鼓励和吸引更多民间资本参与重大工程和补短板项目建设。",
}


def test_enough_hand_checked_items():
    assert len(CASES) >= 25


@pytest.mark.parametrize("ref", sorted(CASES, key=lambda r: tuple(map(int, r.split(".")))))
def test_units(plan, ref):
    line, lead, responsible = CASES[ref]
    item = plan.item(ref)
    assert item.line == line
    assert item.lead == lead
    assert item.responsible == responsible
    assert item.effective_lead == (lead or responsible)
    assert item.lead_by_rule is (not lead)
    assert item.flags == []


@pytest.mark.parametrize("ref", sorted(TEXTS))
def test_text(plan, ref):
    assert plan.item(ref).text == TEXTS[ref]


def test_subassignments_with_their_own_leads(plan):
    item = plan.item("2.49")
    assert item.text == (
        "创新产业园区运营机制,支持各区设立产业投资基金,加强资源要素整合,推动“科技-产业-金融”良性循环。"
    )
    subs = [(s.text, s.lead, s.responsible, s.effective_lead) for s in item.subassignments]
    assert subs == [
        ("创新“两个一百平方公里”工业园区运营机制", ["市经信局"], [], ["市经信局"]),
        ("创新服务业集聚区园区运营机制", ["市发改委"], [], ["市发改委"]),
    ]
    assert not item.lead_by_rule


def test_subassignments_with_responsible_units_only(plan):
    item = plan.item("2.75")
    assert item.text == "扎实开展省内协作和对口帮扶。"
    subs = [(s.text, s.lead, s.responsible, s.effective_lead) for s in item.subassignments]
    assert subs == [
        ("结对帮扶恩施州和宜昌市五峰县", [], ["市乡村振兴局"], ["市乡村振兴局"]),
        ("对口支援三峡库区秭归、兴山、五峰县", [], ["市水务局"], ["市水务局"]),
    ]
    assert item.lead_by_rule
    assert item.effective_lead == ["市乡村振兴局", "市水务局"]


def test_only_two_items_have_subassignments(plan):
    assert [i.ref for i in plan.items if i.subassignments] == ["2.49", "2.75"]


def test_host_is_kept_as_a_note_and_a_registry_relation(plan):
    from graph.read.registry import load_registry

    mention = plan.item("2.1").mentions[0]
    assert (mention.name, mention.written, mention.note) == (
        "市建设国际消费中心城市工作领导小组办公室",
        "市建设国际消费中心城市工作领导小组办公室",
        "市商务局",
    )
    office = load_registry().get(mention.name)
    assert office.hosted_by == "市商务局"
    assert office.kind == "leading_group"
    # the host is not named as a unit of the item
    assert "市商务局" not in plan.item("2.1").units()


@pytest.mark.parametrize("ref", ["2.193", "2.238"])
def test_alias_is_not_part_of_the_name(plan, ref):
    from graph.read.registry import load_registry

    mention = next(m for m in plan.item(ref).mentions if m.name == "市委宣传部")
    assert (mention.written, mention.note) == ("市委宣传部", "市文明办")
    assert load_registry().resolve("市文明办").name == "市委宣传部"


def test_group_defined_in_place(plan):
    item = plan.item("1.1")
    assert [(m.name, m.note) for m in item.mentions] == [
        ("市发改委", ""),
        ("各区人民政府", "含开发区、长江新区、风景区管委会,下同"),
    ]
    assert [(g.group, g.note, g.line) for g in plan.group_definitions] == [
        ("各区人民政府", "含开发区、长江新区、风景区管委会,下同", 14)
    ]


def test_distributed_names_remember_how_they_were_written(plan):
    written = [(m.written, m.name) for m in plan.item("2.177").mentions]
    assert written == [
        ("市农业农村局", "市农业农村局"),
        ("市自然资源规划局", "市自然资源规划局"),
        ("东湖高新区管委会", "东湖高新区管委会"),
        ("洪山区", "洪山区人民政府"),
        ("各新城区人民政府", "各新城区人民政府"),
    ]
    written = [m.written for m in plan.item("2.169").mentions]
    assert written == ["市商务局", "东湖高新区", "长江新区", "武汉经开区", "临空港开发区管委会"]


def test_non_enumerated_groups_are_groups_marked_so(plan):
    from graph.read.registry import load_registry

    registry = load_registry()
    for name in ["市疫情防控指挥部各工作组", "市直各相关部门", "各区疫情防控指挥部", DEPTS]:
        unit = registry.get(name)
        assert unit.is_group and not unit.enumerated, name
        assert registry.expand(name) == [name]


def test_enumerated_groups_expand_to_their_members(plan):
    from graph.read.registry import load_registry

    registry = load_registry()
    assert registry.expand(CENTRAL) == [
        f"{d}区人民政府" for d in ["江岸", "江汉", "硚口", "汉阳", "武昌", "青山", "洪山"]
    ]
    assert registry.expand(NEW) == [
        f"{d}区人民政府" for d in ["东西湖", "汉南", "蔡甸", "江夏", "黄陂", "新洲"]
    ]
    members = registry.expand(ALL)
    assert len(members) == 18
    assert set(registry.expand(CENTRAL)) | set(registry.expand(NEW)) < set(members)


def test_every_named_unit_is_in_the_registry(plan):
    from graph.read.registry import load_registry

    registry = load_registry()
    names = {name for item in plan.items for name in item.units()}
    assert names and all(name in registry for name in names)
    assert not [n for n in plan.notices if n.kind == "unknown-unit"]


def test_no_item_is_flagged(plan):
    assert {i.ref: i.flags for i in plan.items if i.flags} == {}


def test_item_context(plan):
    item = plan.item("2.201")
    assert item.part == 2 and item.section == 9 and item.number == 201
    assert item.section_title == "着力保障改善民生,统筹发展社会事业"
    assert item.theme == "健全社会保障体系"
    item = plan.item("4.69")
    assert (item.part, item.section, item.section_title, item.theme) == (
        4,
        20,
        "强化公共安全保障",
        "",
    )
    assert plan.item("1.2").section is None


def test_span_points_into_the_raw_line(plan, raw_lines):
    item = plan.item("2.7")
    raw = raw_lines[item.line - 1]
    start, end = item.span  # 0-based, end exclusive: raw[start:end] is text + clause
    assert raw[start:end].startswith("著力振興漢派服裝")
    assert raw[start:end].endswith("新洲區(qū)人民政府)") and end == len(raw)
    assert item.source_text == raw
