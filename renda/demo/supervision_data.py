"""The 辽源 2020 supervision year, from the first summary of the source.

``ITEMS_2020`` lists the year's items by theme as the summary groups them:
17 work reports, 15 law inspections, 6 field inspections, 4 inquiries,
2 vote evaluations, 23 research items and 6 resolutions (and, in
``FILINGS_2020``, 5 normative documents filed and reviewed). Titles the
source names are kept as it words them; where it only gives a count (the
law inspections and resolutions beyond those it names, the 5 filed
documents) the titles are invented for the demo and marked ``invented``.

Each entry: (kind, title, unit short names addressed, flags). Flags:
``written`` 书面审议; ``invented``; ``laws=[...]`` for inspections;
``subtype`` for the budget-cycle reports; ``online`` for an online vote.
"""

from __future__ import annotations

from dataclasses import dataclass, field

THEMES = ["疫情防控", "经济高质量发展", "城市高质量发展", "三大攻坚战", "社会关切"]


@dataclass(frozen=True)
class DemoItem:
    theme: str
    kind: str
    title: str
    units: tuple = ()
    month: int = 6
    written: bool = False
    invented: bool = False
    subtype: str = ""
    laws: tuple = ()
    online: bool = False
    follows: str = ""  # the title of the 2019 item it follows up
    tags: frozenset = field(default_factory=frozenset)


GOV = "市政府"
EPIDEMIC_LAWS = (
    ("中华人民共和国突发事件应对法", "LAW"),
    ("中华人民共和国传染病防治法", "LAW"),
    ("中华人民共和国野生动物保护法", "LAW"),
    ("中华人民共和国动物防疫法", "LAW"),
    ("中华人民共和国药品管理法", "LAW"),
    ("中华人民共和国基本医疗卫生与健康促进法", "LAW"),
    ("中华人民共和国食品安全法", "LAW"),
    ("突发公共卫生事件应急条例", "ADMINISTRATIVE_REGULATION"),
    ("吉林省突发公共卫生事件应急办法", "LOCAL_REGULATION"),
)

ITEMS_2020 = [
    # 紧扣新冠疫情防控开展监督
    DemoItem(
        "疫情防控",
        "RESEARCH",
        "全市疫情防控和卫生事业发展情况专题调研",
        ("市卫健委",),
        3,
    ),
    DemoItem("疫情防控", "RESEARCH", "学校开学防疫工作专题调研", ("市教育局",), 4),
    DemoItem(
        "疫情防控",
        "LAW_INSPECTION",
        "突发事件应对法、传染病防治法、野生动物保护法等9部法律法规执法检查",
        (GOV, "市卫健委"),
        5,
        laws=EPIDEMIC_LAWS,
    ),
    DemoItem(
        "疫情防控", "WORK_REPORT", "市政府关于新冠肺炎疫情防控工作情况的报告", (GOV,), 4
    ),
    DemoItem(
        "疫情防控",
        "WORK_REPORT",
        "市政府关于突发事件应对工作情况的报告",
        (GOV, "市应急局"),
        8,
    ),
    DemoItem(
        "疫情防控",
        "RESOLUTION",
        "辽源市人大常委会关于依法全力做好当前新冠肺炎疫情防控工作的决定",
        (GOV,),
        2,
        online=True,
    ),
    # 紧扣经济高质量发展开展监督
    DemoItem(
        "经济高质量发展",
        "WORK_REPORT",
        "市政府关于2020年上半年工作情况的报告",
        (GOV,),
        7,
    ),
    DemoItem(
        "经济高质量发展",
        "WORK_REPORT",
        "市政府关于2020年上半年国民经济和社会发展计划执行情况的报告",
        (GOV, "市发改委"),
        8,
        subtype="PLAN",
    ),
    DemoItem(
        "经济高质量发展",
        "RESEARCH",
        "全市“六稳”“六保”工作专题调研",
        (GOV, "市发改委"),
        7,
    ),
    DemoItem(
        "经济高质量发展",
        "WORK_REPORT",
        "市政府关于企业复工复产和项目建设情况的报告",
        (GOV, "市工信局"),
        6,
        written=True,
        tags=frozenset({"groups", "twelve_units"}),
    ),
    DemoItem(
        "经济高质量发展",
        "LAW_INSPECTION",
        "《吉林省优化营商环境条例》实施情况执法检查",
        (GOV, "市政数局"),
        6,
        laws=(("吉林省优化营商环境条例", "LOCAL_REGULATION"),),
    ),
    DemoItem(
        "经济高质量发展",
        "WORK_REPORT",
        "市政府关于优化营商环境工作情况的报告",
        (GOV, "市政数局"),
        6,
        written=True,
    ),
    DemoItem(
        "经济高质量发展",
        "WORK_REPORT",
        "市政府关于促进科技成果转化工作情况的报告",
        (GOV, "市科技局"),
        9,
    ),
    DemoItem(
        "经济高质量发展",
        "FIELD_INSPECTION",
        "农业六大特色产业发展情况专项视察",
        (GOV, "市农业农村局"),
        8,
        tags=frozenset({"five_levels"}),
    ),
    DemoItem(
        "经济高质量发展",
        "WORK_REPORT",
        "市政府关于农业六大特色产业发展情况的报告",
        (GOV, "市农业农村局"),
        9,
    ),
    DemoItem(
        "经济高质量发展",
        "INQUIRY",
        "农业六大特色产业发展情况专题询问",
        (GOV, "市农业农村局"),
        9,
    ),
    DemoItem(
        "经济高质量发展",
        "VOTE_EVALUATION",
        "农业六大特色产业发展工作票决评议",
        ("市农业农村局",),
        9,
    ),
    DemoItem(
        "经济高质量发展",
        "RESEARCH",
        "梅花鹿三产融合发展情况专题调研",
        ("市农业农村局",),
        10,
    ),
    DemoItem(
        "经济高质量发展",
        "RESEARCH",
        "全市文化旅游产业发展情况专题调研",
        ("市文广旅局",),
        10,
    ),
    DemoItem(
        "经济高质量发展",
        "RESEARCH",
        "全市生态旅游产业发展情况专题调研",
        ("市文广旅局",),
        10,
    ),
    DemoItem(
        "经济高质量发展",
        "WORK_REPORT",
        "对全市重点旅游项目进展工作报告审议意见落实情况的跟踪监督",
        (GOV, "市文广旅局"),
        11,
        follows="市政府关于全市重点旅游项目进展情况的报告",
    ),
    DemoItem(
        "经济高质量发展",
        "INQUIRY",
        "优化营商环境改革及全面复制发达地区放管服经验专题询问",
        (GOV, "市政数局"),
        11,
    ),
    # 紧扣城市高质量发展开展监督
    DemoItem(
        "城市高质量发展",
        "LAW_INSPECTION",
        "《中华人民共和国城乡规划法》贯彻实施情况执法检查",
        (GOV, "市自然资源局"),
        5,
        laws=(("中华人民共和国城乡规划法", "LAW"),),
    ),
    DemoItem(
        "城市高质量发展",
        "RESEARCH",
        "“四河八岸”和环绕“六山”的城市设计规划情况专题调研",
        ("市自然资源局",),
        5,
    ),
    DemoItem(
        "城市高质量发展",
        "RESEARCH",
        "南部新城职教产业新区规划情况专题调研",
        ("市自然资源局",),
        6,
    ),
    DemoItem(
        "城市高质量发展",
        "FIELD_INSPECTION",
        "市容管理“五个治乱工程”建设专项视察",
        ("市城管执法局",),
        7,
    ),
    DemoItem(
        "城市高质量发展",
        "LAW_INSPECTION",
        "《辽源市养犬管理条例》贯彻实施情况执法检查",
        ("市公安局", "市城管执法局"),
        8,
        laws=(("辽源市养犬管理条例", "LOCAL_REGULATION"),),
    ),
    DemoItem(
        "城市高质量发展",
        "LAW_INSPECTION",
        "《辽源市供热管理条例》贯彻实施情况执法检查",
        ("市住建局",),
        10,
        laws=(("辽源市供热管理条例", "LOCAL_REGULATION"),),
    ),
    DemoItem(
        "城市高质量发展",
        "RESEARCH",
        "棚户区及老旧小区改造工作专题调研",
        ("市住建局",),
        8,
    ),
    DemoItem(
        "城市高质量发展",
        "INQUIRY",
        "损毁公物、小广告等城市管理9个短板问题专题询问",
        (GOV, "市城管执法局"),
        10,
        tags=frozenset({"nine_questions"}),
    ),
    # 紧扣三大攻坚战开展监督
    DemoItem(
        "三大攻坚战",
        "WORK_REPORT",
        "市政府关于2019年环境状况和环境保护目标完成情况的报告",
        (GOV, "市生态环境局"),
        6,
    ),
    DemoItem(
        "三大攻坚战",
        "RESEARCH",
        "中央环保督察反馈问题整改情况专题调研",
        ("市生态环境局",),
        5,
    ),
    DemoItem(
        "三大攻坚战", "RESEARCH", "“百万亩”造林工程建设情况专题调研", ("市林业局",), 6
    ),
    DemoItem(
        "三大攻坚战",
        "RESEARCH",
        "20蒸吨及以上燃煤锅炉整改达标情况专题调研",
        ("市生态环境局",),
        7,
    ),
    DemoItem(
        "三大攻坚战",
        "RESEARCH",
        "《中华人民共和国土壤污染防治法》实施情况专题调研",
        ("市生态环境局",),
        9,
    ),
    DemoItem(
        "三大攻坚战",
        "RESEARCH",
        "脱贫攻坚督查和省委巡视反馈问题整改落实情况专题调研",
        (GOV,),
        9,
    ),
    DemoItem(
        "三大攻坚战",
        "WORK_REPORT",
        "市政府关于2019年国民经济和社会发展计划执行情况的报告",
        (GOV, "市发改委"),
        6,
        subtype="PLAN",
    ),
    DemoItem(
        "三大攻坚战",
        "WORK_REPORT",
        "市政府关于2020年上半年预算执行情况的报告",
        (GOV, "市财政局"),
        8,
        subtype="BUDGET",
    ),
    DemoItem(
        "三大攻坚战",
        "WORK_REPORT",
        "市政府关于2019年市本级决算的报告",
        (GOV, "市财政局"),
        6,
        subtype="FINAL_ACCOUNTS",
    ),
    DemoItem(
        "三大攻坚战",
        "WORK_REPORT",
        "市政府关于2019年度市本级预算执行和其他财政收支的审计工作报告",
        (GOV, "市审计局"),
        8,
        subtype="AUDIT",
    ),
    DemoItem(
        "三大攻坚战",
        "RESOLUTION",
        "关于批准辽源市2019年市本级决算的决议",
        (GOV, "市财政局"),
        6,
    ),
    DemoItem(
        "三大攻坚战",
        "RESOLUTION",
        "关于批准2020年抗疫特别国债预算调整方案的决议",
        (GOV, "市财政局"),
        7,
    ),
    DemoItem(
        "三大攻坚战",
        "RESOLUTION",
        "关于批准辽源市2020年市本级预算调整方案的决议",
        (GOV, "市财政局"),
        10,
    ),
    DemoItem(
        "三大攻坚战",
        "FIELD_INSPECTION",
        "全市国有自然资源资产管理情况专项视察",
        ("市自然资源局",),
        9,
    ),
    DemoItem(
        "三大攻坚战",
        "WORK_REPORT",
        "市政府关于2019年度国有自然资源资产管理情况的专项报告",
        (GOV, "市自然资源局"),
        10,
        subtype="STATE_ASSETS",
    ),
    DemoItem(
        "三大攻坚战",
        "RESEARCH",
        "化解政府性债务风险工作跟踪调研",
        (GOV, "市财政局"),
        11,
    ),
    DemoItem(
        "三大攻坚战",
        "RESOLUTION",
        "关于加强国有资产管理情况监督的决定",
        (GOV,),
        12,
        invented=True,
    ),
    # 紧扣社会关切开展监督
    DemoItem(
        "社会关切", "FIELD_INSPECTION", "医疗卫生服务能力建设专项视察", ("市卫健委",), 9
    ),
    DemoItem(
        "社会关切",
        "WORK_REPORT",
        "市政府关于医疗卫生服务能力建设工作情况的报告",
        (GOV, "市卫健委"),
        10,
    ),
    DemoItem(
        "社会关切", "INQUIRY", "医疗卫生服务能力建设专题询问", (GOV, "市卫健委"), 10
    ),
    DemoItem(
        "社会关切",
        "VOTE_EVALUATION",
        "医疗卫生服务能力建设工作票决评议",
        ("市卫健委",),
        10,
    ),
    DemoItem(
        "社会关切",
        "LAW_INSPECTION",
        "公共法律服务保障有关法律法规实施情况执法检查",
        ("市司法局",),
        7,
        laws=(("吉林省公共法律服务条例", "LOCAL_REGULATION"),),
    ),
    DemoItem(
        "社会关切",
        "LAW_INSPECTION",
        "《中华人民共和国传染病防治法》实施情况跟踪检查",
        ("市卫健委",),
        8,
        laws=(("中华人民共和国传染病防治法", "LAW"),),
    ),
    DemoItem(
        "社会关切",
        "LAW_INSPECTION",
        "《中华人民共和国母婴保健法》实施情况跟踪检查",
        ("市卫健委",),
        8,
        laws=(("中华人民共和国母婴保健法", "LAW"),),
    ),
    DemoItem("社会关切", "RESEARCH", "学前教育发展情况专题调研", ("市教育局",), 5),
    DemoItem("社会关切", "RESEARCH", "职业教育发展情况专题调研", ("市教育局",), 6),
    DemoItem(
        "社会关切",
        "RESEARCH",
        "农村医疗卫生机构人才队伍建设情况专题调研",
        ("市卫健委",),
        7,
    ),
    DemoItem(
        "社会关切",
        "FIELD_INSPECTION",
        "扫黑除恶专项斗争和应急防汛工作视察",
        ("市公安局", "市应急局"),
        6,
    ),
    DemoItem(
        "社会关切", "FIELD_INSPECTION", "检察机关公益诉讼工作视察", ("市检察院",), 9
    ),
    DemoItem(
        "社会关切",
        "LAW_INSPECTION",
        "《中华人民共和国安全生产法》实施情况执法检查",
        ("市应急局",),
        6,
        laws=(("中华人民共和国安全生产法", "LAW"),),
    ),
    DemoItem(
        "社会关切",
        "RESEARCH",
        "《中华人民共和国突发事件应对法》实施情况专题调研",
        ("市应急局",),
        8,
    ),
    DemoItem("社会关切", "RESEARCH", "殡葬管理法规实施情况专题调研", ("市民政局",), 9),
    DemoItem("社会关切", "RESEARCH", "防震减灾工作专题调研", ("市应急局",), 9),
    DemoItem(
        "社会关切",
        "RESEARCH",
        "乡村社会治理工作专题调研",
        ("市民政局", "市农业农村局"),
        10,
    ),
    DemoItem(
        "社会关切", "WORK_REPORT", "市政府关于少数民族权益保障情况的报告", (GOV,), 11
    ),
    DemoItem("社会关切", "RESEARCH", "民族村经济发展情况专题调研", (GOV,), 11),
    # Law inspections and resolutions the source counts but does not name.
    DemoItem(
        "社会关切",
        "LAW_INSPECTION",
        "《中华人民共和国道路交通安全法》实施情况执法检查",
        ("市公安局",),
        9,
        invented=True,
        laws=(("中华人民共和国道路交通安全法", "LAW"),),
    ),
    DemoItem(
        "三大攻坚战",
        "LAW_INSPECTION",
        "《中华人民共和国大气污染防治法》实施情况执法检查",
        ("市生态环境局",),
        9,
        invented=True,
        laws=(("中华人民共和国大气污染防治法", "LAW"),),
    ),
    DemoItem(
        "三大攻坚战",
        "LAW_INSPECTION",
        "《中华人民共和国水污染防治法》实施情况执法检查",
        ("市生态环境局", "市水利局"),
        10,
        invented=True,
        laws=(("中华人民共和国水污染防治法", "LAW"),),
    ),
    DemoItem(
        "社会关切",
        "LAW_INSPECTION",
        "《中华人民共和国老年人权益保障法》实施情况执法检查",
        ("市民政局",),
        10,
        invented=True,
        laws=(("中华人民共和国老年人权益保障法", "LAW"),),
    ),
    DemoItem(
        "社会关切",
        "LAW_INSPECTION",
        "《中华人民共和国食品安全法》实施情况执法检查",
        ("市市场监管局",),
        11,
        invented=True,
        laws=(("中华人民共和国食品安全法", "LAW"),),
    ),
    DemoItem(
        "经济高质量发展",
        "LAW_INSPECTION",
        "《中华人民共和国农产品质量安全法》实施情况执法检查",
        ("市农业农村局",),
        11,
        invented=True,
        laws=(("中华人民共和国农产品质量安全法", "LAW"),),
    ),
    DemoItem(
        "社会关切",
        "RESOLUTION",
        "关于召开辽源市第八届人民代表大会第五次会议的决定",
        (),
        12,
        invented=True,
    ),
]

# The nine problems of the city-management inquiry (the source names two).
CITY_MANAGEMENT_QUESTIONS = [
    "损毁公物乱象如何治理？",
    "小广告乱贴乱画如何根治？",
    "占道经营如何规范？",
    "背街小巷环境卫生如何保持？",
    "违章建筑如何查处？",
    "渣土车抛洒滴漏如何监管？",
    "夜间施工噪音扰民如何管控？",
    "共享单车乱停乱放如何管理？",
    "老旧小区物业缺位如何解决？",
]

# The twelve units whose implementation of the return-to-work policies the
# committee tracked (“对我市12家单位落实中央帮助企业复工复产政策情况进行跟踪调度”).
TWELVE_UNITS = [
    "市发改委", "市工信局", "市财政局", "市人社局", "市商务局", "市交通运输局",
    "市市场监管局", "市政数局", "市自然资源局", "市住建局", "市科技局", "市医保局",
]  # fmt: skip

# Five normative documents filed in 2020 and reviewed (invented titles).
FILINGS_2020 = [
    (
        "GOVERNMENT_RULE",
        "辽源市城市供热管理办法",
        "辽源市人民政府令第12号",
        "2020-03-10",
    ),
    (
        "NORMATIVE_DOCUMENT",
        "辽源市人民政府关于进一步优化营商环境的若干措施",
        "辽政发〔2020〕5号",
        "2020-04-22",
    ),
    (
        "NORMATIVE_DOCUMENT",
        "辽源市支持企业复工复产若干政策措施",
        "辽政发〔2020〕3号",
        "2020-02-21",
    ),
    (
        "NORMATIVE_DOCUMENT",
        "辽源市城市生活垃圾分类管理实施方案",
        "辽政办发〔2020〕18号",
        "2020-07-01",
    ),
    (
        "NORMATIVE_DOCUMENT",
        "辽源市养犬登记和管理实施细则",
        "辽政办发〔2020〕27号",
        "2020-09-15",
    ),
]

# What the source's summary counts for 2020.
EXPECTED_2020 = {
    "WORK_REPORT": 17,
    "LAW_INSPECTION": 15,
    "FIELD_INSPECTION": 6,
    "INQUIRY": 4,
    "VOTE_EVALUATION": 2,
    "RESEARCH": 23,
    "FILING_REVIEW": 5,
    "RESOLUTION": 6,
}
