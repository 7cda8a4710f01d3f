"""Words that tell how a figure binds and what sort of figure it is.

Kept apart from the extraction logic so that a plan from another city or year is
handled by adding words here, not by changing code. See :mod:`graph.model.targets`
for the meaning of each comparator and kind.
"""

from __future__ import annotations

from graph.model.targets import ABOUT, AT_LEAST, AT_MOST

# Comparator words written right after the figure (after its unit).
POST_COMPARATORS = {
    "以上": AT_LEAST,
    "左右": ABOUT,
    "上下": ABOUT,
    "以内": AT_MOST,
    "以下": AT_MOST,
}
# Comparator words written right before the figure.
PRE_COMPARATORS = {
    "不低于": AT_LEAST,
    "不少于": AT_LEAST,
    "突破": AT_LEAST,
    "超过": AT_LEAST,
    "至少": AT_LEAST,
    "达到": AT_LEAST,
    "不超过": AT_MOST,
    "不高于": AT_MOST,
    "控制在": AT_MOST,
    "约": ABOUT,
    "近": ABOUT,
}
# Between the number and the unit: 200多家, 300余人 (more than).
APPROXIMATE_INFIXES = {"多": AT_LEAST, "余": AT_LEAST}
# Pre-comparators that make a figure a level to reach when no other verb governs it.
LEVEL_PRE_COMPARATORS = ("突破", "达到", "超过", "不低于", "不少于")

# Rate keywords before a percentage; the nearest one before the figure decides.
RATE_WORDS = {
    "增长率": "growth_rate",
    "增长": "growth_rate",
    "增速": "growth_rate",
    "增幅": "growth_rate",
    "涨幅": "growth_rate",
    "上涨": "growth_rate",
    "压减": "reduction_rate",
    "下降": "reduction_rate",
    "降低": "reduction_rate",
    "减少": "reduction_rate",
    "缩减": "reduction_rate",
    "降幅": "reduction_rate",
    "占比": "share",
    "比重": "share",
    "比例": "share",
    "覆盖率": "share",
    "达标率": "share",
    "率": "share",
}
# Rate keywords kept in the counted phrase (占比 names the indicator; 增长 does not).
RATE_WORDS_KEPT = ("占比", "比重", "比例", "覆盖率", "达标率", "率", "增长率")

# Verbs that govern a figure → kind. The first verb of the figure's stretch of text
# decides; at each position the longest verb wins (开工建设 before 建设).
VERBS = {
    # new
    "新增": "new",
    "新增更换": "new",
    "新建": "new",
    "新改建": "new",
    "新改扩建": "new",
    "改扩建": "new",
    "新开业": "new",
    "新引进": "new",
    "引进": "new",
    "引进培育": "new",
    "培育": "new",
    "培育支持": "new",
    "创建": "new",
    "建设": "new",
    "建设筹集": "new",
    "立项建设": "new",
    "获批建设": "new",
    "筹集": "new",
    "打造": "new",
    "合力打造": "new",
    "配置": "new",
    "推出": "new",
    "征集": "new",
    "谋划": "new",
    "设立": "new",
    "安装": "new",
    "整理": "new",
    # started
    "开工": "started",
    "开工建设": "started",
    "争取开工": "started",
    # ongoing
    "续建": "ongoing",
    "推进": "ongoing",
    "推动": "ongoing",
    "加快推进": "ongoing",
    "统筹推进": "ongoing",
    "扎实推进": "ongoing",
    "谋划推动": "ongoing",
    "加快建设": "ongoing",
    "实施": "ongoing",
    "组织实施": "ongoing",
    # completed
    "完成": "completed",
    "建成": "completed",
    "建成投产": "completed",
    "完工": "completed",
    "打通": "completed",
    # improved
    "提升": "improved",
    "优化提升": "improved",
    "升级": "improved",
    "改造": "improved",
    "整治": "improved",
    "修复": "improved",
    "修缮": "improved",
    "维修": "improved",
    "维护": "improved",
    "疏捞维护": "improved",
    "优化": "improved",
    "优化调整": "improved",
    "美化": "improved",
    "治理": "improved",
    # activity
    "开展": "activity",
    "举办": "activity",
    "组织": "activity",
    "培训": "activity",
    "发放": "activity",
    "推广": "activity",
    "支持": "activity",
    "提供": "activity",
    # level
    "形成": "level",
    "实现": "level",
    "达到": "level",
    "突破": "level",
}
VERBS_LONGEST_FIRST = sorted(VERBS, key=len, reverse=True)

# A figure whose clause begins with 为 (for …) counts the people or places served.
BENEFICIARY_PREPOSITIONS = ("为",)

# Adverbs that may stand before the governing verb (高标准打造, 全面整治): a verb
# after only these words starts its stretch of text.
ADVERBS = (
    "力争",
    "今年",
    "全年",
    "全面",
    "深入",
    "扎实",
    "加快",
    "积极",
    "持续",
    "继续",
    "重点",
    "高水平",
    "高标准",
    "大力",
    "统筹",
    "累计",
    "切实",
)
# Words trimmed from the ends of a counted phrase (力争市场主体总量 → 市场主体总量).
# Not 高标准 and the like: 高标准农田 is a name.
LEADING_TRIM = ("力争", "今年", "全年", "累计")
TRAILING_TRIM = ("一律", "平均", "基本", "进一步", "累计", "全部")
# A stretch opening with one of these is a prepositional phrase, not a subject:
# the counted phrase is what follows the verb (在公共场所配置自动体外除颤仪800台).
PREPOSITIONS = ("在", "面向", "向", "对", "于")

# Where the noun phrase after a figure ends (``10个科技重大专项和80个…``).
NOUN_STOPS = ("、", "和", "及", "以及", "与")
# Verbs that end the noun phrase after a figure even mid-phrase
# (``2万名中小学生免费开展…`` → 中小学生).
NOUN_CUT_WORDS = ("免费", "开展", "参加", "配置", "安装", "提供", "新建")
# Action words trimmed from the end of the noun phrase after a figure
# (``260个老旧小区改造`` → 老旧小区). Longest first.
NOUN_ACTION_SUFFIXES = tuple(
    sorted(
        (
            "建设",
            "改造",
            "升级",
            "提档升级",
            "优化升级",
            "预研预制",
            "绿化提升",
            "提升",
            "箱柜美化",
            "美化",
            "病害维修",
            "维修",
            "除险加固",
            "环境综合整治",
            "综合整治",
            "整治",
            "生活污水治理",
            "治理",
        ),
        key=len,
        reverse=True,
    )
)

# An amount or percentage bound by 以上/以下, or followed by one of these, and then a
# noun, describes what is counted rather than promising it (50亿元以上项目, 10亿元级企业).
QUALIFIER_LINKS = ("级",)
# After a duration (三年, 3年): a programme named by its length, not a target.
PROGRAMME_WORDS = ("行动", "计划", "方案", "攻坚", "规划", "工程", "禁渔")
# Chinese-numeral words that are one word with the numeral (二次供水, 一次性).
ADJECTIVAL_UNITS = ("次",)
# A phase of a project (二期, 三期) or a numbered name (19号线).
PHASE_WORDS = ("期",)
NUMBER_NAME_WORDS = ("号",)
DATE_WORDS = ("年", "月", "日")

# Quotation marks: anything inside is a name or slogan.
QUOTE_PAIRS = {"“": "”", "‘": "’", "《": "》", "「": "」", "『": "』", "〈": "〉"}
# Clause delimiters (outside quotes and brackets).
CLAUSE_DELIMITERS = ",，;；。!！?？:："
