"""Fixed lists the demo city of 辽源市 is generated from.

Administrative divisions: the 44 街道 and 乡镇 of 辽源市 as of 2020 (the source
counts 44 liaison stations, one per 街道/乡镇). The names are the real ones; the
9-digit codes follow the statistical convention (001.. 街道, 100.. 镇, 200.. 乡)
and are illustrative rather than copied from the official table.
"""

from __future__ import annotations

# (code, name) of the areas above the 街道/乡镇.
COUNTRY = ("000000", "中华人民共和国")
PROVINCE = ("220000", "吉林省")
CITY = ("220400", "辽源市")

# county code -> (name, kind, short name used in unit names, 街道/乡镇 list).
# Kinds are RegionKind values; each grassroots entry is (3-digit suffix, name).
COUNTIES = {
    "220402": (
        "龙山区",
        "DISTRICT",
        [
            ("001", "向阳街道"),
            ("002", "南康街道"),
            ("003", "新兴街道"),
            ("004", "西宁街道"),
            ("005", "东吉街道"),
            ("006", "北寿街道"),
            ("007", "站前街道"),
            ("008", "福镇街道"),
            ("100", "寿山镇"),
            ("200", "工农乡"),
        ],
    ),
    "220403": (
        "西安区",
        "DISTRICT",
        [
            ("001", "仙城街道"),
            ("002", "东山街道"),
            ("003", "富国街道"),
            ("004", "先锋街道"),
            ("005", "安家街道"),
            ("006", "太安街道"),
            ("100", "灯塔镇"),
        ],
    ),
    "220421": (
        "东丰县",
        "COUNTY",
        [
            ("100", "东丰镇"),
            ("101", "大阳镇"),
            ("102", "横道河镇"),
            ("103", "那丹伯镇"),
            ("104", "猴石镇"),
            ("105", "杨木林镇"),
            ("106", "小四平镇"),
            ("107", "黄河镇"),
            ("108", "拉拉河镇"),
            ("109", "沙河镇"),
            ("110", "南屯基镇"),
            ("111", "大兴镇"),
            ("200", "三合满族朝鲜族乡"),
            ("201", "二龙山乡"),
        ],
    ),
    "220422": (
        "东辽县",
        "COUNTY",
        [
            ("100", "白泉镇"),
            ("101", "渭津镇"),
            ("102", "安石镇"),
            ("103", "辽河源镇"),
            ("104", "泉太镇"),
            ("105", "建安镇"),
            ("106", "安恕镇"),
            ("107", "平岗镇"),
            ("108", "云顶镇"),
            ("200", "凌云乡"),
            ("201", "甲山乡"),
            ("202", "足民乡"),
            ("203", "金州乡"),
        ],
    ),
}

# City deputies per county delegation; the sum is the source's 269.
CITY_DEPUTIES_PER_COUNTY = {"220402": 86, "220403": 50, "220421": 74, "220422": 59}
CITY_DEPUTY_COUNT = 269

# Sample deputies of the other levels.
COUNTY_DEPUTY_SAMPLE = 30  # per county congress, of which some are city deputies
COUNTY_DEPUTIES_ALSO_CITY = 3
TOWNSHIP_DEPUTY_SAMPLE = 10  # per sampled township congress
SAMPLED_TOWNSHIPS = ["寿山镇", "灯塔镇", "大阳镇", "三合满族朝鲜族乡", "白泉镇"]
NATIONAL_EXTRA = 1  # generated national deputies besides 丁照民
PROVINCIAL_EXTRA = 6  # generated provincial deputies besides 白玉晶
PROVINCIAL_ALSO_CITY = 2  # of the generated provincial deputies

# Surnames with rough weights (per mille of people in Jilin); the north-east
# has more 于, 孙, 赵, 姜 and Manchu-origin 关, 佟, 那 than the national table.
SURNAMES = {
    "王": 75, "李": 74, "张": 71, "刘": 56, "杨": 30, "赵": 30, "陈": 26,
    "孙": 22, "于": 15, "高": 14, "徐": 12, "马": 12, "郭": 12, "周": 12,
    "吴": 11, "朱": 10, "胡": 10, "姜": 9, "韩": 9, "黄": 9, "宋": 8,
    "林": 7, "梁": 7, "何": 6, "董": 6, "冯": 6, "郑": 6, "崔": 6,
    "曲": 5, "田": 5, "魏": 5, "谢": 5, "唐": 5, "罗": 5, "孟": 5, "付": 5,
    "曹": 5, "许": 5, "吕": 4, "苏": 4, "卢": 4, "贾": 4, "丁": 4, "杜": 4,
    "任": 4, "石": 4, "金": 4, "袁": 4, "程": 4, "邓": 3, "沈": 3, "彭": 3,
    "蒋": 3, "蔡": 3, "薛": 3, "阎": 3, "潘": 3, "范": 3, "姚": 3, "郝": 3,
    "白": 3, "史": 3, "侯": 3, "常": 3, "武": 3, "关": 3, "邢": 2, "尹": 2,
    "秦": 2, "康": 2, "邱": 2, "毛": 2, "贺": 2, "乔": 2, "鲁": 2, "孔": 2,
    "方": 2, "叶": 2, "夏": 2, "戴": 2, "陆": 2, "温": 2, "庞": 2, "尚": 2,
    "佟": 1, "隋": 1, "宫": 1, "谷": 1, "纪": 1, "牛": 1, "葛": 1, "栾": 1,
    "鞠": 1, "初": 1, "滕": 1, "修": 1, "矫": 1, "刁": 1, "那": 1, "汪": 1,
}  # fmt: skip
# Rare in the population; the demo shows a few so that sorting is exercised.
COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "东方", "慕容"]
COMPOUND_SURNAME_RATE = 0.015

# Ethnicity of deputies (minorities are somewhat over-represented in
# congresses), with surnames common in each group in Jilin.
ETHNICITIES = [("汉族", 900), ("满族", 60), ("朝鲜族", 20), ("回族", 12), ("蒙古族", 8)]
MINORITY_SURNAMES = {
    "满族": ["关", "佟", "那", "金", "赵", "付", "富", "吴", "肇", "郎", "赫"],
    "朝鲜族": ["金", "朴", "李", "崔", "郑", "全", "玄", "池", "南"],
    "回族": ["马", "丁", "杨", "白", "穆", "哈", "沙", "米"],
    "蒙古族": ["包", "白", "宝", "鲍", "韩", "吴"],
}

MALE_GIVEN = (
    "伟刚勇毅俊峰强军平东文辉明永健广志义兴良海山波宁贵福生龙国胜学祥武新利清飞"
    "彬富顺杰涛昌成康星光天达安岩茂进林坚彪博诚震振壮群豪松庆磊民超浩亮政翰朗"
    "宏鸣斌栋维翔旭鹏泽晨辰建家树德泰盛雄钧冠腾楠航弘忠宗喜春立华金玉长柏振"
)
FEMALE_GIVEN = (
    "秀娟英华慧美娜静淑惠翠雅芝玉萍红玲芬芳燕春菊兰凤洁梅琳云莲雪荣爱霞香月媛"
    "艳瑞佳嘉琼莉桂晶妍茜秋珊锦倩婷婉娴瑾颖露瑶怡雁蓓丹蓉君琴蕊薇菁梦岚婕馨韵"
    "艺澜悦昭冰爽茗羽欣滢筠柔晓欢枫芸菲亚宜丽妮"
)
SINGLE_GIVEN_NAME_RATE = 0.22

FEMALE_SHARE = 0.28

# Party of city deputies by weight; officials are all members of the CPC.
PARTIES = [
    ("CPC", 540),
    ("CPC_PROBATIONARY", 10),
    ("RCCK", 15),
    ("CDL", 30),
    ("CNDCA", 30),
    ("CAPD", 25),
    ("CPWDP", 20),
    ("CZGP", 8),
    ("JS", 20),
    ("NON_PARTY", 60),
    ("NONE", 240),
]

# Composition of city deputies by occupation category.
OCCUPATION_CATEGORIES = [
    ("OFFICIAL", 26),
    ("WORKER", 13),
    ("FARMER", 12),
    ("PROFESSIONAL", 23),
    ("ENTERPRISE", 14),
    ("MILITARY", 2),
    ("OTHER", 10),
]

PHONE_PREFIXES = [
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150",
    "151", "152", "155", "156", "157", "158", "159", "177", "180", "181",
    "182", "183", "185", "186", "187", "188", "189", "199",
]  # fmt: skip

# Work units in 辽源市 by occupation category, as (work unit, [occupations]).
WORKER_UNITS = [
    (
        "富奥汽车零部件股份有限公司辽源分公司",
        ["高级技师", "车间主任", "钳工", "质检员"],
    ),
    ("辽源市水务集团有限公司", ["管网维修工", "水质化验员", "班组长"]),
    ("辽源矿业（集团）有限责任公司", ["采煤工", "机电工", "安全员", "区队长"]),
    ("国网辽源供电公司", ["输电线路工", "变电运维工", "班长"]),
    ("辽源市热力集团有限公司", ["供热站站长", "维修工"]),
    ("吉林东北袜业园有限公司", ["织袜工", "车间主任", "质检员"]),
    ("辽源市公共交通有限公司", ["公交车驾驶员", "调度员"]),
    ("辽源市环境卫生管理处", ["环卫工人", "班组长"]),
    ("辽源市燃气有限公司", ["燃气巡线工", "维修班长"]),
    ("中国铁路沈阳局集团有限公司辽源站", ["值班站长", "调车长"]),
]
PROFESSIONAL_UNITS = [
    ("辽源市第五中学", ["教师", "副校长", "教研组长"]),
    ("辽源市实验中学", ["教师", "校长"]),
    ("辽源市第一中学", ["教师", "年级组长"]),
    ("辽源市第四中学", ["教师"]),
    ("辽源职业技术学院", ["教授", "副教授", "系主任"]),
    ("辽源市中心医院", ["主任医师", "副主任医师", "护士长"]),
    ("辽源市中医院", ["主任医师", "副院长"]),
    ("辽源市妇幼保健院", ["主任医师", "护士长"]),
    ("辽源市疾病预防控制中心", ["主任医师", "科长"]),
    ("辽源市农业科学院", ["研究员", "高级农艺师"]),
    ("吉林辽源律师事务所", ["律师", "主任律师"]),
    ("辽源日报社", ["记者", "编辑"]),
    ("辽源市建筑设计院", ["高级工程师"]),
]
ENTERPRISE_PREFIXES = ["鑫源", "宏达", "瑞丰", "金鹿", "东辽河", "龙腾", "永盛", "福康",
                       "华信", "吉源", "恒泰", "天成", "盛世", "北方", "鹿乡",
                       "丰源", "聚龙", "顺达", "康宁"]  # fmt: skip
ENTERPRISE_INDUSTRIES = ["纺织", "袜业", "农牧业", "食品", "建筑工程", "物流", "商贸",
                         "新材料", "医药", "机械制造", "热电", "房地产开发", "鹿业",
                         "米业", "铝业", "汽车部件"]  # fmt: skip
ENTERPRISE_TITLES = ["董事长", "总经理", "董事长兼总经理", "副总经理"]
MILITARY_UNITS = [
    ("辽源军分区", ["政治委员", "参谋长"]),
    ("武警辽源支队", ["支队长", "政治委员"]),
    ("辽源市消防救援支队", ["支队长", "政治委员"]),
]
OTHER_OCCUPATIONS = [
    ("社区", ["党委书记", "居委会主任", "网格员"]),
    ("个体工商户", ["经营者"]),
    ("辽源市残疾人联合会", ["副理事长"]),
    ("辽源市总工会", ["副主席"]),
    ("辽源市妇女联合会", ["副主席"]),
    ("共青团辽源市委员会", ["副书记"]),
]
COMMUNITY_NAMES = ["和平", "民主", "胜利", "光明", "幸福", "长青", "友谊", "新华", "朝阳",
                   "富民", "建设", "团结", "文化", "泰安", "东兴", "繁荣"]  # fmt: skip
VILLAGE_NAMES = ["东升", "永安", "新兴", "太平", "长兴", "富民", "双河", "青山", "和平",
                 "胜利", "前进", "兴隆", "东明", "向阳", "平安", "红星", "德胜", "三合",
                 "福安", "保安", "永红", "双胜", "民主", "金山"]  # fmt: skip
FARMER_OCCUPATIONS = ["党支部书记", "村民委员会主任", "种植大户", "梅花鹿养殖户",
                      "农民专业合作社理事长", "家庭农场主"]  # fmt: skip

# City government departments (HandlingUnit, kind DEPARTMENT).
CITY_DEPARTMENTS = [
    ("发展和改革委员会", "市发改委"),
    ("教育局", "市教育局"),
    ("科学技术局", "市科技局"),
    ("工业和信息化局", "市工信局"),
    ("公安局", "市公安局"),
    ("民政局", "市民政局"),
    ("司法局", "市司法局"),
    ("财政局", "市财政局"),
    ("人力资源和社会保障局", "市人社局"),
    ("自然资源局", "市自然资源局"),
    ("生态环境局", "市生态环境局"),
    ("住房和城乡建设局", "市住建局"),
    ("交通运输局", "市交通运输局"),
    ("水利局", "市水利局"),
    ("农业农村局", "市农业农村局"),
    ("商务局", "市商务局"),
    ("文化广播电视和旅游局", "市文广旅局"),
    ("卫生健康委员会", "市卫健委"),
    ("退役军人事务局", "市退役军人局"),
    ("应急管理局", "市应急局"),
    ("审计局", "市审计局"),
    ("市场监督管理局", "市市场监管局"),
    ("城市管理行政执法局", "市城管执法局"),
    ("医疗保障局", "市医保局"),
    ("林业局", "市林业局"),
    ("政务服务和数字化建设管理局", "市政数局"),
]
# 街道/乡镇 whose government is a handling unit in the demo.
TOWNSHIP_UNITS = ["向阳街道", "寿山镇", "仙城街道", "大阳镇", "白泉镇", "渭津镇"]

# Committees of the city congress: (name, CommitteeKind, handles deputy affairs).
CITY_COMMITTEES = [
    ("法制委员会", "SPECIAL", False),
    ("财政经济委员会", "SPECIAL", False),
    ("教育科学文化卫生委员会", "SPECIAL", False),
    ("农业农村委员会", "SPECIAL", False),
    ("城乡建设环境保护委员会", "SPECIAL", False),
    ("监察和司法委员会", "SPECIAL", False),
    ("社会建设委员会", "SPECIAL", False),
    ("选举任免联络工作委员会", "WORKING", True),
    ("预算工作委员会", "WORKING", False),
    ("办公室", "OFFICE", False),
    ("研究室", "OFFICE", False),
]
COUNTY_COMMITTEES = [
    ("代表和选举任免工作委员会", "WORKING", True),
    ("法制工作委员会", "WORKING", False),
    ("办公室", "OFFICE", False),
]

# The standing committee of the city congress's 第八届.
DEPUTY_DIRECTORS = 6
COMMITTEE_MEMBERS = 25

# Streets of the urban districts, for station and unit addresses.
CITY_STREETS = ["人民大街", "龙山路", "向阳路", "东吉大路", "南康街", "西宁大路", "北寿街",
                "仙城大路", "东山街", "福镇大路", "站前路", "辽河大路", "新兴街", "友谊路",
                "中心大街", "财富大路"]  # fmt: skip
STATION_HOURS = [
    "周一至周五 8:30-11:30，13:30-16:30",
    "周一至周五 8:00-11:30，13:00-16:30；每月15日为代表接待日",
    "工作日 8:30-16:30；每月第一个周三为代表接待日",
]
