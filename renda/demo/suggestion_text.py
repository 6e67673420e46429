"""The words of the demo suggestions: topics of a north-eastern city's 代表建议.

Each topic gives a title with a ``{place}`` slot, the category, the units that
answer it, and the parts a body and a reply are composed of. The first ones are
the source document's own examples (第五中学和实验中学门前交通拥堵, 40路公交车,
人民大街向阳路段绿化, 职教园区路口, 电脑城门前"僵尸车").
"""

from __future__ import annotations

from dataclasses import dataclass

from renda.suggestions.choices import Category

C = Category

HOUSING = "辽源市住房和城乡建设局"
POLICE = "辽源市公安局"
TRANSPORT = "辽源市交通运输局"
EDUCATION = "辽源市教育局"
URBAN_ENFORCEMENT = "辽源市城市管理行政执法局"
WATER = "辽源市水利局"
AGRICULTURE = "辽源市农业农村局"
GOV_SERVICES = "辽源市政务服务和数字化建设管理局"
HEALTH = "辽源市卫生健康委员会"
INDUSTRY = "辽源市工业和信息化局"
HUMAN_RESOURCES = "辽源市人力资源和社会保障局"
FINANCE = "辽源市财政局"
COMMERCE = "辽源市商务局"
ENVIRONMENT = "辽源市生态环境局"
MARKET = "辽源市市场监督管理局"
MEDICAL_INSURANCE = "辽源市医疗保障局"
CIVIL_AFFAIRS = "辽源市民政局"
TOURISM = "辽源市文化广播电视和旅游局"
VETERANS = "辽源市退役军人事务局"
EMERGENCY = "辽源市应急管理局"
FORESTRY = "辽源市林业局"
DONGFENG = "东丰县人民政府"
DONGLIAO = "东辽县人民政府"


@dataclass(frozen=True)
class Topic:
    """One kind of suggestion; ``place`` names the list its ``{place}`` comes from."""

    title: str
    category: str
    lead: tuple[str, ...]
    problem: str
    impact: str
    asks: tuple[str, ...]
    action: str
    plan: str
    limit: str
    place: str = "street"
    joint: tuple[str, ...] = ()
    # Units a careless first routing may pick (the unit returns it as misrouted).
    misroute: str = URBAN_ENFORCEMENT
    years: tuple[int, ...] = (2019, 2020)
    key_worthy: bool = False


# Formal suggestions (代表建议): larger matters ------------------------------------

FORMAL_TOPICS: tuple[Topic, ...] = (
    Topic(
        title="关于缓解{place}门前上下学时段交通拥堵的建议",
        category=C.TRANSPORT,
        lead=(POLICE,),
        joint=(EDUCATION,),
        place="school",
        problem="门前道路狭窄，早晚上下学时段接送学生的私家车、出租车随意停靠，人车混行",
        impact="高峰时段车辆排队常达数百米，学生横穿马路现象突出，存在较大安全隐患",
        asks=(
            "在学校周边设置临时停车区和即停即走通道",
            "上下学高峰时段增派交警和协管员疏导交通",
            "学校实行错峰放学，引导家长在指定地点接送",
            "完善学校门前人行横道、减速带和警示标志",
        ),
        action="在学校门前施划即停即走车位30个，高峰时段安排警力定点疏导",
        plan="将学校周边道路拓宽改造列入明年城市道路建设计划",
        limit="学校周边道路拓宽涉及征收拆迁，近期不具备实施条件",
        misroute=TRANSPORT,
    ),
    Topic(
        title="关于规范{place}公交车站点停靠的建议",
        category=C.TRANSPORT,
        lead=(TRANSPORT,),
        place="bus",
        problem="部分班次不进站停靠，在路中间上下客，个别司机随意甩站",
        impact="乘客尤其是老年人上下车极不安全，群众反映强烈",
        asks=(
            "加强对公交企业的监管，将进站停靠纳入考核",
            "在站点安装监控，对违规停靠的司机予以处罚",
            "对站台前违停车辆加大查处力度，保障公交车进站",
        ),
        action="约谈公交企业，对违规司机进行处罚，并在重点站点加装监控",
        plan="将公交站台港湾式改造列入明年公共交通提升计划",
        limit="部分路段道路宽度不足，暂不具备设置港湾式站台条件",
        misroute=POLICE,
    ),
    Topic(
        title="关于加强{place}绿化管护的建议",
        category=C.URBAN_RURAL_CONSTRUCTION,
        lead=(HOUSING,),
        place="street_section",
        problem="绿化带管护不力，树木枯死未及时补植，草坪杂草丛生、垃圾堆积",
        impact="影响城市形象和居民出行环境",
        asks=(
            "明确绿化管护责任单位，落实日常养护",
            "及时补植枯死树木，清理绿化带内垃圾",
            "建立绿化管护考核机制，定期检查通报",
        ),
        action="对该路段绿化带进行全面整治，补植树木120株，落实专人养护",
        plan="将该路段绿化提升改造列入明年园林绿化工作计划",
        limit="受年度资金限制，绿化提升改造暂难全面实施",
    ),
    Topic(
        title="关于消除{place}路口交通安全隐患的建议",
        category=C.TRANSPORT,
        lead=(POLICE,),
        joint=(TRANSPORT,),
        place="junction",
        problem="路口没有信号灯和人行横道，车流量大，车速较快",
        impact="学生和行人过街困难，近年来多次发生交通事故",
        asks=(
            "尽快在路口设置交通信号灯",
            "施划人行横道和减速标线，设置警示标志",
            "高峰时段安排交警值守",
        ),
        action="在路口安装交通信号灯一组，施划人行横道和减速标线",
        plan="将该路口渠化改造列入明年交通设施建设计划",
        limit="路口改造需与周边道路规划统筹，暂缓实施",
        misroute=TRANSPORT,
    ),
    Topic(
        title='关于清理{place}门前"僵尸车"长期占位的建议',
        category=C.URBAN_RURAL_CONSTRUCTION,
        lead=(POLICE,),
        joint=(URBAN_ENFORCEMENT,),
        place="landmark",
        problem='门前停车泊位被多辆长期无人使用的"僵尸车"占用，车身积满灰尘、轮胎瘪气',
        impact="周边群众和顾客停车难，占道停车又造成交通拥堵",
        asks=(
            '开展"僵尸车"专项清理行动',
            "建立长期停放车辆登记和通知车主机制",
            "对无法联系车主的车辆依法拖移",
        ),
        action='开展专项清理，拖移"僵尸车"17辆，并建立巡查机制',
        plan='将"僵尸车"清理纳入常态化管理，明年起每季度集中清理一次',
        limit="部分车辆涉及司法查封，需待司法程序结束后处置",
        misroute=URBAN_ENFORCEMENT,
    ),
    Topic(
        title="关于加快{place}老旧小区改造的建议",
        category=C.URBAN_RURAL_CONSTRUCTION,
        lead=(HOUSING,),
        joint=(FINANCE,),
        place="community",
        problem="辖区内多个小区建于上世纪八九十年代，外墙保温缺失，管网老化，道路破损",
        impact="居民冬季室温低、夏季下水返味，改造愿望十分迫切",
        asks=(
            "将该社区老旧小区优先纳入年度改造计划",
            "统筹外墙保温、供热管网和道路硬化一并改造",
            "改造前充分征求居民意见，改造中接受居民监督",
        ),
        action="将该社区3个小区纳入今年老旧小区改造，外墙保温和管网改造已完工",
        plan="已将该社区其余小区列入明年老旧小区改造计划",
        limit="中央和省级补助资金有限，该小区暂未能纳入今年改造计划",
        key_worthy=True,
    ),
    Topic(
        title="关于解决{place}冬季供热温度不达标问题的建议",
        category=C.URBAN_RURAL_CONSTRUCTION,
        lead=(HOUSING,),
        place="community",
        problem="供暖期内多户居民室温长期低于18℃，部分顶楼、边户只有十三四度",
        impact="老人和孩子受冻，居民多次拨打热线反映未得到解决",
        asks=(
            "督促供热企业逐户测温，对不达标的户查明原因",
            "对老化的二次管网进行维修改造",
            "建立供热质量投诉快速处理和退费机制",
        ),
        action="督促供热企业对该小区二次管网进行改造，逐户测温，室温已达标",
        plan="已将该小区供热管网改造列入明年供热设施改造计划",
        limit="该小区热源能力不足，需待新热源建成后统筹解决",
        key_worthy=True,
    ),
    Topic(
        title="关于保障{place}农村饮水安全的建议",
        category=C.AGRICULTURE,
        lead=(WATER,),
        place="village",
        problem="村内水井水质较差，每到枯水期经常断水，部分屯仍靠自家浅井取水",
        impact="村民饮水安全得不到保障",
        asks=(
            "实施农村饮水安全巩固提升工程",
            "对水源井水质定期检测",
            "明确管护主体，落实运行维护经费",
        ),
        action="为该村新打深水井一眼，铺设入户管网，水质检测合格",
        plan="已将该村饮水安全巩固提升工程列入明年实施计划",
        limit="该村距集中供水管网较远，暂不具备接入条件",
        misroute=AGRICULTURE,
        key_worthy=True,
    ),
    Topic(
        title="关于扶持{place}梅花鹿产业发展的建议",
        category=C.AGRICULTURE,
        lead=(AGRICULTURE,),
        joint=(FINANCE,),
        place="deer",
        problem="梅花鹿养殖户规模小、分散经营，鹿产品精深加工不足，品牌效益没有发挥出来",
        impact="养殖户增收困难，产业优势没有转化为发展优势",
        asks=(
            "设立梅花鹿产业发展专项资金",
            "扶持龙头企业开展鹿产品精深加工",
            "打造东丰梅花鹿区域公用品牌",
            "协调金融机构开发鹿产业专属信贷产品",
        ),
        action="安排梅花鹿产业发展资金，扶持2家鹿产品加工企业，发放专项贷款",
        plan="将梅花鹿产业纳入明年特色产业发展规划，分步落实扶持政策",
        limit="受财力限制，专项资金规模暂难扩大",
        key_worthy=True,
    ),
    Topic(
        title='关于推行企业开办"一日办结"进一步优化营商环境的建议',
        category=C.ECONOMY,
        lead=(GOV_SERVICES,),
        joint=(MARKET,),
        place="none",
        problem="企业开办仍需跑多个窗口、多次提交材料，审批时限长",
        impact="影响投资者信心和营商环境评价",
        asks=(
            '推行企业开办"一窗受理、一日办结"',
            "实现营业执照、公章刻制、税务登记等事项一网通办",
            "公开办事流程和时限，接受社会监督",
        ),
        action='在政务服务大厅设立企业开办专区，实现企业开办"一日办结"',
        plan="将全程网上办理列入明年数字政府建设计划",
        limit="部分事项涉及上级系统对接，需待省级平台升级后实施",
        key_worthy=True,
    ),
    Topic(
        title="关于加强疫情防控物资保障的建议",
        category=C.HEALTH,
        lead=(HEALTH,),
        joint=(INDUSTRY, COMMERCE),
        place="none",
        problem="疫情发生以来，口罩、消毒液、防护服等防控物资一度紧缺，基层社区和卫生院储备不足",
        impact="基层一线防控人员防护不到位，群众购买口罩困难",
        asks=(
            "建立全市防控物资统一调配机制",
            "支持本地企业转产扩产口罩和消毒用品",
            "优先保障社区、乡镇卫生院等基层一线的防护物资",
            "加强市场价格监管，严厉打击哄抬物价",
        ),
        action="建立防控物资统一调配机制，支持2家企业转产口罩，基层物资已保障到位",
        plan="将应急物资储备体系建设列入明年工作计划",
        limit="部分物资全国紧缺，需服从省级统一调配",
        years=(2020,),
        key_worthy=True,
    ),
    Topic(
        title="关于支持中小企业复工复产的建议",
        category=C.ECONOMY,
        lead=(INDUSTRY,),
        joint=(HUMAN_RESOURCES, FINANCE),
        place="none",
        problem="受疫情影响，中小企业面临用工短缺、资金紧张、订单减少等困难",
        impact="部分企业迟迟不能复工复产，职工收入受到影响",
        asks=(
            "落实减税降费和社保费阶段性减免政策",
            "协调金融机构对受困企业不抽贷、不断贷",
            "开通用工专车，帮助企业解决返岗用工",
            "建立包保服务机制，一企一策解决困难",
        ),
        action="建立重点企业包保服务机制，落实社保费减免和稳岗返还，规上企业已全部复工",
        plan="将纾困惠企政策延续至明年，分批次兑现",
        limit="部分扶持政策需待上级出台实施细则后执行",
        years=(2020,),
        key_worthy=True,
    ),
    Topic(
        title="关于维修{place}通村公路的建议",
        category=C.TRANSPORT,
        lead=(TRANSPORT,),
        place="village",
        problem="通村公路修建年代较早，路面破损严重，坑洼不平，雨天积水",
        impact="村民出行和农产品运输不便",
        asks=(
            "对破损路面进行维修",
            "将该路段纳入农村公路提档升级计划",
            "落实农村公路养护责任",
        ),
        action="对该路段破损路面进行修补，并落实专人养护",
        plan="已将该路段列入明年农村公路提档升级计划",
        limit="受年度建设资金限制，暂未能列入今年改造计划",
    ),
    Topic(
        title="关于治理{place}河段水污染的建议",
        category=C.ENVIRONMENT,
        lead=(ENVIRONMENT,),
        joint=(WATER,),
        place="river",
        problem="河段沿岸有生活污水直排和垃圾倾倒现象，夏季水体发黑发臭",
        impact="影响沿岸居民生活和东辽河水质",
        asks=(
            "排查沿岸排污口，封堵直排口",
            "加快沿岸污水管网建设",
            "落实河长制，加强日常巡查",
        ),
        action="封堵直排口6处，清理河道垃圾，水质明显改善",
        plan="已将沿岸污水管网建设列入明年城市基础设施建设计划",
        limit="管网建设投资较大，需争取上级资金后实施",
    ),
    Topic(
        title="关于解决{place}雨季排水不畅问题的建议",
        category=C.URBAN_RURAL_CONSTRUCTION,
        lead=(HOUSING,),
        place="community",
        problem="小区排水管网老化堵塞，每逢大雨院内积水没过脚踝，部分一楼住户进水",
        impact="居民出行困难，财产受损",
        asks=(
            "对小区排水管网进行疏通和改造",
            "汛期前开展排水设施隐患排查",
            "为低洼地带配备移动排水设备",
        ),
        action="对小区排水管网进行疏通，新建雨水井4座，积水问题已解决",
        plan="将该片区排水管网改造列入明年市政设施改造计划",
        limit="该片区地势低洼，根本解决需待区域排水规划实施",
    ),
    Topic(
        title="关于加强{place}农贸市场食品安全监管的建议",
        category=C.HEALTH,
        lead=(MARKET,),
        place="market",
        problem="市场内部分摊位无证经营，熟食、生鲜混放，环境卫生较差",
        impact="群众对食品安全放心程度不高",
        asks=(
            "加大对农贸市场的日常检查和抽检频次",
            "设立食品快速检测室，公示检测结果",
            "督促市场开办方落实主体责任",
        ),
        action="在市场设立快检室，开展专项检查，规范摊位经营",
        plan="将农贸市场标准化改造列入明年工作计划",
        limit="市场改造需经营主体投入，暂未达成改造方案",
    ),
    Topic(
        title="关于增加{place}居家养老服务设施的建议",
        category=C.SOCIAL_SECURITY,
        lead=(CIVIL_AFFAIRS,),
        place="community",
        problem="社区老年人口占比超过三成，但缺少日间照料和助餐服务场所",
        impact="独居、高龄老人吃饭难、照护难问题突出",
        asks=(
            "在社区建设日间照料中心和老年食堂",
            "引入专业养老服务机构运营",
            "对高龄、失能老人给予服务补贴",
        ),
        action="在该社区建成日间照料中心并开设老年助餐点",
        plan="已将该社区养老服务中心建设列入明年民生实事",
        limit="社区暂无合适的用房，需待配套用房移交后实施",
    ),
    Topic(
        title="关于改善{place}卫生院医疗条件的建议",
        category=C.HEALTH,
        lead=(HEALTH,),
        place="township",
        problem="卫生院设备陈旧，缺少DR、彩超等基本检查设备，医务人员不足",
        impact="农民看病只能往县城、市里跑，增加了负担",
        asks=(
            "为乡镇卫生院配备基本诊疗设备",
            "通过医联体安排上级医院医生定期坐诊",
            "落实基层医务人员待遇，稳定队伍",
        ),
        action="为该卫生院配备DR和彩超各一台，市中心医院每周派医生坐诊",
        plan="已将该卫生院标准化建设列入明年基层医疗卫生服务能力提升计划",
        limit="受编制和资金限制，医务人员补充需逐步解决",
    ),
    Topic(
        title="关于提高冬季道路除雪防滑效率的建议",
        category=C.URBAN_RURAL_CONSTRUCTION,
        lead=(URBAN_ENFORCEMENT,),
        place="none",
        problem="降雪后次干道、背街小巷清雪不及时，路面结冰时间长",
        impact="行人摔伤、车辆剐蹭事故增多",
        asks=(
            "完善除雪应急预案，实行分片包保",
            "增加除雪机械设备",
            '落实门前"三包"责任，发动单位和居民共同清雪',
        ),
        action="完善清雪预案，新增除雪机械8台，主次干道雪后24小时内清理完毕",
        plan="将背街小巷清雪纳入明年环卫作业市场化范围",
        limit="受机械和人员限制，背街小巷清雪需逐步覆盖",
        misroute=HOUSING,
    ),
    Topic(
        title="关于整治{place}占道经营的建议",
        category=C.URBAN_RURAL_CONSTRUCTION,
        lead=(URBAN_ENFORCEMENT,),
        place="street",
        problem="早晚市商贩占用人行道和机动车道经营，垃圾随地丢弃",
        impact="影响交通和市容环境，周边居民意见较大",
        asks=(
            "规划设置便民疏导点，引导商贩入市经营",
            "加大巡查和执法力度",
            "落实市场保洁责任",
        ),
        action="设置便民疏导点2处，引导商贩入点经营，占道经营明显减少",
        plan="将便民市场建设列入明年城市管理工作计划",
        limit="周边暂无合适场地建设便民市场",
        misroute=MARKET,
    ),
    Topic(
        title="关于加快{place}农村危房改造的建议",
        category=C.URBAN_RURAL_CONSTRUCTION,
        lead=(DONGFENG, DONGLIAO),
        place="none",
        problem="部分农村低保户、五保户仍居住在土坯房中，房屋墙体开裂",
        impact="存在安全隐患，群众住房安全得不到保障",
        asks=(
            "对农村危房进行全面排查鉴定",
            "优先为困难群众实施危房改造",
            "加强改造质量监管",
        ),
        action="完成危房鉴定，为困难群众改造危房86户",
        plan="已将剩余危房列入明年改造计划",
        limit="部分农户自筹资金困难，需进一步落实兜底政策",
    ),
    Topic(
        title="关于解决农民工工资拖欠问题的建议",
        category=C.SOCIAL_SECURITY,
        lead=(HUMAN_RESOURCES,),
        place="none",
        problem="个别建设项目存在拖欠农民工工资现象，年底讨薪事件时有发生",
        impact="农民工合法权益受到侵害，影响社会稳定",
        asks=(
            "全面落实工资专用账户和保证金制度",
            "开展欠薪专项治理",
            "畅通投诉渠道，快立快处",
        ),
        action="开展专项治理，为农民工追发工资，建立欠薪预警平台",
        plan="将工程建设领域实名制管理全覆盖列入明年工作计划",
        limit="个别案件进入司法程序，需依法处理",
    ),
    Topic(
        title="关于完善退役军人服务保障的建议",
        category=C.SOCIAL_SECURITY,
        lead=(VETERANS,),
        place="none",
        problem="基层退役军人服务站人员不足、场所简陋，优抚政策落实不够到位",
        impact="退役军人办事不便",
        asks=(
            "加强乡镇（街道）退役军人服务站建设",
            "落实优抚对象各项待遇",
            "加强退役军人就业创业扶持",
        ),
        action="规范建设退役军人服务站，优抚待遇已按时足额发放",
        plan="将退役军人就业创业基地建设列入明年工作计划",
        limit="服务站专职人员配备受编制限制",
    ),
    Topic(
        title="关于发展{place}乡村旅游的建议",
        category=C.ECONOMY,
        lead=(TOURISM,),
        place="township",
        problem="当地山水资源丰富，但旅游配套设施不足，缺少宣传推介",
        impact="乡村旅游带动农民增收作用没有发挥",
        asks=(
            "编制乡村旅游发展规划",
            "完善道路、停车场、公厕等配套设施",
            "加强宣传推介，打造精品线路",
        ),
        action="将当地纳入全市乡村旅游精品线路，完善了旅游公厕和停车场",
        plan="已将该镇乡村旅游规划编制列入明年工作计划",
        limit="配套设施建设资金需多方筹措",
    ),
    Topic(
        title="关于加强秸秆综合利用防止焚烧的建议",
        category=C.ENVIRONMENT,
        lead=(ENVIRONMENT,),
        joint=(AGRICULTURE,),
        place="none",
        problem="秋收后部分农户仍焚烧秸秆，秸秆还田和离田利用比例不高",
        impact="造成大气污染，存在火灾隐患",
        asks=(
            "加大秸秆还田机具补贴",
            "培育秸秆收储运和利用企业",
            "加强禁烧巡查",
        ),
        action="增加秸秆还田作业补贴，建设秸秆收储点12处，禁烧工作取得成效",
        plan="将秸秆综合利用项目列入明年农业绿色发展计划",
        limit="秸秆利用企业培育需要一定周期",
    ),
)


# 《代表之声》 and 12345 直通车: small matters, quick answers ------------------------

SMALL_TOPICS: tuple[Topic, ...] = (
    Topic(
        title="关于维修{place}路灯的建议",
        category=C.URBAN_RURAL_CONSTRUCTION,
        lead=(HOUSING,),
        place="street",
        problem="一段路灯已损坏多日不亮",
        impact="夜间行人出行不便，存在安全隐患",
        asks=("尽快维修损坏的路灯", "建立路灯巡查维修机制"),
        action="已更换损坏灯具9盏，路灯恢复正常照明",
        plan="将该路段路灯线路改造列入明年计划",
        limit="线路整体改造需待道路改造时一并实施",
    ),
    Topic(
        title="关于补齐{place}小区门前井盖的建议",
        category=C.URBAN_RURAL_CONSTRUCTION,
        lead=(HOUSING,),
        place="community",
        problem="小区门前有两处井盖缺失，仅用木板遮挡",
        impact="行人和车辆通行存在安全隐患",
        asks=("尽快补齐井盖", "明确井盖产权单位的管护责任"),
        action="已补装井盖2个，并通知产权单位落实巡查",
        plan="将该片区检查井改造列入明年计划",
        limit="井盖产权单位尚未确定，已先行设置警示",
    ),
    Topic(
        title="关于解决{place}小区供水压力不足的建议",
        category=C.URBAN_RURAL_CONSTRUCTION,
        lead=(HOUSING,),
        place="community",
        problem="用水高峰时段五楼以上住户水压不足，经常停水",
        impact="居民正常生活受到影响",
        asks=("检修小区二次供水设备", "加强用水高峰时段供水调度"),
        action="督促供水企业更换二次供水加压泵，水压已恢复正常",
        plan="将该小区二次供水改造列入明年计划",
        limit="二次供水设施产权移交尚未完成",
    ),
    Topic(
        title="关于修复{place}破损人行道的建议",
        category=C.URBAN_RURAL_CONSTRUCTION,
        lead=(HOUSING,),
        place="street",
        problem="人行道地砖大面积松动破损，雨天踩上去溅水",
        impact="行人特别是老年人容易绊倒",
        asks=("尽快修复破损地砖", "加强对占压人行道行为的管理"),
        action="已修复破损人行道约300平方米",
        plan="将该路段人行道改造列入明年市政维修计划",
        limit="该路段将整体改造，先行临时修补",
    ),
    Topic(
        title="关于及时清运{place}小区生活垃圾的建议",
        category=C.ENVIRONMENT,
        lead=(URBAN_ENFORCEMENT,),
        place="community",
        problem="小区垃圾箱满溢，垃圾清运不及时，夏季异味严重",
        impact="影响居民生活环境",
        asks=("增加清运频次", "增设垃圾收集容器"),
        action="已将该小区垃圾清运调整为每日两次，新增垃圾箱6个",
        plan="将该片区垃圾分类设施建设列入明年计划",
        limit="清运车辆不足，已协调临时调配",
        misroute=HOUSING,
    ),
    Topic(
        title="关于在{place}门前增设减速带的建议",
        category=C.TRANSPORT,
        lead=(POLICE,),
        place="school",
        problem="学校门前路段车速较快，没有减速设施",
        impact="学生过马路存在安全隐患",
        asks=("增设减速带和警示标志", "施划人行横道"),
        action="已在校门两侧设置减速带和限速标志",
        plan="将学校周边交通设施完善列入明年计划",
        limit="该路段为主干道，不宜设置减速带，已增设警示标志",
    ),
    Topic(
        title="关于治理{place}夜间施工噪音扰民的建议",
        category=C.ENVIRONMENT,
        lead=(ENVIRONMENT,),
        place="street",
        problem="附近工地经常夜间施工，噪音持续到凌晨",
        impact="周边居民无法正常休息",
        asks=("依法查处违规夜间施工", "督促施工单位合理安排作业时间"),
        action="已对施工单位立案查处，责令停止夜间施工",
        plan="将建筑施工噪声在线监测列入明年计划",
        limit="该工程确需连续作业，已督促采取降噪措施",
        misroute=HOUSING,
    ),
    Topic(
        title="关于清理{place}小区楼道堆放杂物的建议",
        category=C.LAW,
        lead=(EMERGENCY,),
        place="community",
        problem="多栋楼楼道堆放杂物、停放电动车，堵塞消防通道",
        impact="存在严重火灾隐患",
        asks=("组织集中清理楼道杂物", "设置电动车集中充电点"),
        action="组织集中清理楼道杂物，设置电动车集中充电棚1处",
        plan="将老旧小区消防设施改造列入明年计划",
        limit="充电设施建设需业主共同决定",
    ),
    Topic(
        title="关于规范{place}共享单车停放的建议",
        category=C.URBAN_RURAL_CONSTRUCTION,
        lead=(URBAN_ENFORCEMENT,),
        place="street",
        problem="共享单车在人行道上随意停放，堆积成片",
        impact="行人通行受阻，影响市容",
        asks=("施划共享单车停放区", "督促运营企业及时调度"),
        action="施划停放区5处，约谈运营企业落实调度",
        plan="将共享单车电子围栏管理列入明年计划",
        limit="运营企业调度能力有限，需逐步规范",
    ),
)

# Place lists ----------------------------------------------------------------------

SCHOOLS = (
    "第五中学和实验中学",
    "辽源市第一中学",
    "辽源市第二实验小学",
    "向阳小学",
    "辽源市第三中学",
    "仙城小学",
    "龙山区实验小学",
    "西安区第一中学",
)
BUS_LINES = ("40路", "3路", "7路", "12路", "16路", "21路", "25路")
STREET_SECTIONS = (
    "人民大街向阳路段",
    "东吉大路龙山路段",
    "西宁大路仙城路段",
    "辽河大路站前路段",
    "中心大街友谊路段",
    "福镇大路新兴街段",
)
JUNCTIONS = ("职教园区", "东吉大路与站前路", "辽河大路与北寿街", "财富大路与东山街")
LANDMARKS = ("电脑城", "百货大楼", "火车站广场", "市中心医院", "万达广场")
MARKETS = ("南康农贸市场", "仙城农贸市场", "东吉农贸市场", "北寿早市")
RIVERS = ("仙人河", "东辽河城区", "半截河", "渭津河")

CLARIFICATION_NOTES = (
    "建议所涉具体路段、小区和问题情况不够清楚，请补充后重新提交。",
    "请补充问题的具体情况和群众反映的主要诉求，以便交办。",
)
REJECT_REASONS = (
    "所提事项属于个人具体诉求，不属于代表建议范围，已转信访部门按来信办理。",
    "所提事项已进入诉讼程序，依法不宜作为代表建议交办，转来信处理。",
    "所提事项属于企业内部经营管理事务，不宜交办，转来信处理并函告代表。",
)
REJECT_TOPICS = (
    ("关于解决本人亲属工作调动问题的建议", C.OTHER),
    ("关于为某企业追讨工程款的建议", C.LAW),
    ("关于协调解决某小区一户房屋产权纠纷的建议", C.OTHER),
    ("关于要求某公司返还个人集资款的建议", C.ECONOMY),
)
UNSATISFIED_REASONS = (
    "答复只讲了原则措施，实际问题没有解决，群众仍有意见。",
    "承办单位没有与代表见面沟通，答复内容与实际情况不符。",
    "答复中承诺的整改时限已过，现场情况没有变化。",
)
EXTENSION_REASONS = (
    "该事项涉及资金筹措和工程招标，需延期办理。",
    "该事项需与多个部门会商并现场踏勘，三个月内难以办结。",
)
MISROUTE_REASONS = (
    "该事项不属于本单位职责，建议交{unit}办理。",
    "经核实，所涉设施的管理主体为{unit}，请重新交办。",
)
SIGNERS = (
    "王志刚",
    "李春华",
    "张宏伟",
    "刘建军",
    "孙立新",
    "于海涛",
    "赵国庆",
    "姜明",
    "高翔",
    "陈丽娟",
)
