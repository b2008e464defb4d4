"""Judged queries over the demo content (`manage.py seed_demo`): query → results a reader expects.

Results of every kind count: pages, funded projects, 公示 and results, needs, organizations.
`expected` results must be found (recall is measured over every (query, expected result) pair);
`also` results are relevant but optional. A result whose title is in neither list counts against
precision. Titles may contain {year} (the current year) and {last} (the year before).
"""

# The demo's records of the other kinds (projects, needs, organizations, 公示, calls).
SILVER = "“银龄同行”独居长者关爱计划"
RAINBOW = "“彩虹桥”困境儿童成长陪伴"
PUBLICITY = "{last}年南山区第四届公益创投大赛拟资助项目公示"
RESULT = "{last}年南山区第四届公益创投大赛立项结果"
LAST_CALL = "{last}年南山区第四届公益创投大赛"
VENTURE_CALL = "{year}年南山区第五届公益创投大赛"
MICRO_CALL = "{year}年南山区社区治理微创投（专家评审演示）"
MEALS_CALL = "{year}年南山区长者助餐服务购买项目"
# Every demo call's 资助方向 reads "围绕“一老一小”和社区治理，重点资助独居长者关爱、困境儿童陪伴、
# 残障人士社区融入……": a call that funds the topic is relevant to it.
# The other departments' demo calls (issue 21), with the same 资助方向, and their 公示 and results.
FUTIAN_CALL = "{last}年福田区社区公益服务项目"
NANTOU_CALL = "{last}年南头街道社区服务微项目"
DEPARTMENT_CALLS = [
    FUTIAN_CALL,
    "{year}年福田区社区公益服务项目",
    NANTOU_CALL,
    "{year}年南头街道社区服务微项目",
]
CALLS = [LAST_CALL, VENTURE_CALL, MICRO_CALL, MEALS_CALL, *DEPARTMENT_CALLS]
FUTIAN_NOTICES = [f"{FUTIAN_CALL}拟资助项目公示", f"{FUTIAN_CALL}立项结果"]
NANTOU_NOTICES = [f"{NANTOU_CALL}拟资助项目公示", f"{NANTOU_CALL}立项结果"]
ELDERS_CLASS = "“时光伴读”长者数字生活课堂"  # 福田区, 岗厦社区
SINGLE_PARENTS = "“暖巢”单亲家庭支持小组"  # 南头街道, 莲城社区
MEALS_NEED = "高龄独居长者助餐服务"
CHILDREN_NEED = "困境儿童课后托管与学业辅导"
REHAB_NEED = "残疾人居家康复训练"
RAINBOW_ORG = "南山区彩虹社会工作服务中心"
SUNSHINE_ORG = "南山区阳光长者综合服务中心"
NEIGHBOURS_ORG = "南山区邻里守望社区发展中心"
SPROUT_ORG = "南山区绿芽环境教育中心"

ELDERLY_ANNOUNCEMENTS = [
    "示范市民政局居家养老上门服务项目公告",
    "示范市民政局居家养老上门服务项目合同公告",
    "示范市民政局居家养老上门服务项目成交结果公告",
]
SOCIAL_WORK = [
    "社会治理服务",
    "困境儿童关爱保护服务",
    "社区矫正辅助服务",
    "示范市司法局社区矫正辅助服务项目公告",
    "留守儿童学业辅导服务",
    "社区矫正对象心理矫治服务",
    "优抚对象关爱帮扶服务",
    "困难群众社会救助服务",
    "民生需求调研服务",
    "示范市民政局居家养老上门服务项目成交结果公告",
    "示范市民政局居家养老上门服务项目合同公告",
]

CASES = [
    {
        "query": "养老",
        "expected": ["居家养老上门服务", "社区养老服务中心运营服务", ELDERLY_ANNOUNCEMENTS[0]],
        "also": [*ELDERLY_ANNOUNCEMENTS, "老年人助餐服务", "老年人助浴服务", "社会保障服务"],
    },
    {
        "query": "社区",
        "expected": [
            "社区矫正辅助服务",
            "社区治理能力提升服务",
            "社区养老服务中心运营服务",
            "社区治安巡防服务",
        ],
        "also": [
            "社区矫正对象心理矫治服务",
            "示范市司法局社区矫正辅助服务项目公告",
            "社会治理服务",
            "便民信息服务",
            "社会工作服务站运营服务",
            "老旧小区改造居民协调服务",
            "公共文化设施运营服务",
            NEIGHBOURS_ORG,
            *CALLS,
            *FUTIAN_NOTICES,
            *NANTOU_NOTICES,
            ELDERS_CLASS,
            SINGLE_PARENTS,
        ],
    },
    {
        "query": "社区矫正",
        "expected": ["社区矫正辅助服务", "示范市司法局社区矫正辅助服务项目公告"],
        "also": ["社区矫正对象心理矫治服务", "社会治理服务"],
    },
    {
        "query": "居家养老",
        "expected": ["居家养老上门服务", ELDERLY_ANNOUNCEMENTS[0]],
        "also": [*ELDERLY_ANNOUNCEMENTS, "老年人助餐服务", "老年人助浴服务"],
    },
    {
        "query": "上门养老",
        "expected": ["居家养老上门服务"],
        "also": [*ELDERLY_ANNOUNCEMENTS, "老年人助餐服务", "老年人助浴服务"],
    },
    {
        "query": "残疾人康复",
        "expected": ["残疾人康复服务", "示范市残联残疾人康复服务项目公告", REHAB_NEED],
        "also": ["残疾人服务"],
    },
    {
        "query": "康复",
        "expected": ["残疾人康复服务", "示范市残联残疾人康复服务项目公告", REHAB_NEED],
        "also": ["残疾人服务", *NANTOU_NOTICES],
    },
    {
        "query": "留守儿童",
        "expected": ["留守儿童学业辅导服务"],
        "also": ["困境儿童关爱保护服务", CHILDREN_NEED],
    },
    {
        "query": "困境儿童",
        "expected": ["困境儿童关爱保护服务", RAINBOW, CHILDREN_NEED],
        "also": [PUBLICITY, RESULT, *CALLS],
    },
    {
        "query": "心理咨询",
        "expected": ["心理健康服务"],
        "also": [
            "社区矫正对象心理矫治服务",
            "社区矫正辅助服务",
            "示范市司法局社区矫正辅助服务项目公告",
            "家庭教育指导服务",
        ],
    },
    {"query": "法律援助", "expected": ["法律援助服务"], "also": ["法律服务"]},
    {"query": "律师", "expected": ["法律顾问服务", "法律援助服务"], "also": []},
    {"query": "审计", "expected": ["财务审计服务"], "also": ["财务会计审计服务"]},
    {"query": "第三方评估", "expected": ["第三方绩效评价服务"], "also": ["评审、评估和评价服务"]},
    {"query": "绩效评价", "expected": ["第三方绩效评价服务"], "also": ["评审、评估和评价服务"]},
    {
        "query": "等级评估",
        "expected": ["社会组织等级评估服务", "关于开展社会组织等级评估工作的通知"],
        "also": [],
    },
    {
        "query": "就业",
        "expected": [
            "就业公共服务",
            "就业困难人员援助服务",
            "残疾人辅助性就业服务",
            "退役军人就业创业服务",
        ],
        "also": ["残疾人服务", "高校毕业生创业指导服务"],
    },
    {"query": "技能培训", "expected": ["职业技能培训服务"], "also": ["就业公共服务"]},
    {
        "query": "创业",
        "expected": ["高校毕业生创业指导服务", "创新创业孵化平台运营服务", "退役军人就业创业服务"],
        "also": ["就业公共服务"],
    },
    {"query": "消防", "expected": ["消防安全宣传服务"], "also": ["公共安全服务"]},
    {"query": "垃圾分类", "expected": ["垃圾分类宣传指导服务"], "also": []},
    {
        "query": "助餐",
        "expected": ["老年人助餐服务", "居家养老上门服务", MEALS_CALL, MEALS_NEED],
        "also": ELDERLY_ANNOUNCEMENTS,
    },
    {
        "query": "社会工作",
        "expected": ["社会工作服务站运营服务", RAINBOW_ORG],
        "also": [*SOCIAL_WORK, PUBLICITY, RESULT, *NANTOU_NOTICES],
    },
    {
        "query": "社工",
        "expected": ["社会工作服务站运营服务", RAINBOW_ORG],
        "also": [*SOCIAL_WORK, PUBLICITY, RESULT, *NANTOU_NOTICES],
    },
    {
        "query": "公益创投",
        "expected": [
            "关于开展{year}年度公益创投活动的通知",
            VENTURE_CALL,
            LAST_CALL,
            PUBLICITY,
            RESULT,
        ],
        "also": [SILVER, RAINBOW],
    },
    {
        "query": "年度报告",
        "expected": ["关于做好社会组织年度报告工作的公告"],
        "also": ["社会组织年报抽查辅助服务"],
    },
    {
        "query": "财务管理",
        "expected": ["社会组织财务管理培训班顺利举办"],
        "also": ["会计代理记账服务"],
    },
    {"query": "成交", "expected": [ELDERLY_ANNOUNCEMENTS[2]], "also": []},
    {"query": "合同", "expected": [ELDERLY_ANNOUNCEMENTS[1]], "also": ["法律顾问服务"]},
    {"query": "政策研究", "expected": ["政策研究服务"], "also": ["课题研究和社会调查服务"]},
    {
        "query": "翻译",
        "expected": ["翻译服务", "笔译服务", "口译服务"],
        "also": ["少数民族语言翻译服务"],
    },
    {"query": "网络安全", "expected": ["网络安全服务"], "also": ["信息化服务"]},
    {
        "query": "物业",
        "expected": ["机关物业管理服务"],
        "also": ["后勤服务", "公租房运营管理服务", "垃圾分类宣传指导服务"],
    },
    {
        "query": "健身",
        "expected": ["全民健身活动组织服务", "社会体育指导服务"],
        "also": ["体育公共服务"],
    },
    {"query": "非遗", "expected": ["非物质文化遗产传承推广服务"], "also": ["文化公共服务"]},
    {"query": "退役军人", "expected": ["退役军人就业创业服务"], "also": ["优抚安置服务"]},
    {
        "query": "应急救援",
        "expected": ["应急救援辅助服务"],
        "also": ["应急管理服务", "关于表扬优秀志愿服务项目的通报"],
    },
    {
        "query": "A-4-1",
        "expected": ["居家养老上门服务"],
        "also": ["老年人助餐服务", "老年人助浴服务"],
    },
    {
        "query": "指导性目录",
        "expected": [
            "示范市政府购买服务指导性目录（{year}年版）",
            "关于印发{year}年度政府购买服务指导性目录的通知",
        ],
        "also": ["示范市政府购买服务指导性目录（{last}年版）"],
    },
    {
        "query": "老人",
        "expected": ["老年人助餐服务", "老年人助浴服务", "老年人健康管理辅助服务"],
        "also": [
            "居家养老上门服务",
            "社区养老服务中心运营服务",
            *ELDERLY_ANNOUNCEMENTS,
            "交通安全宣传服务",
            "心理健康服务",
            "民生需求调研服务",
        ],
    },
    {"query": "河道", "expected": ["河湖巡查保洁服务"], "also": []},
    {"query": "热线", "expected": ["政务服务热线运营服务"], "also": ["心理健康服务"]},
    # --- funded projects, 公示 and results, needs, organizations -----------------------------
    {
        "query": "独居长者",
        "expected": [SILVER, MEALS_NEED],
        "also": [PUBLICITY, RESULT, *CALLS],
    },
    {"query": "银龄同行", "expected": [SILVER], "also": [PUBLICITY, RESULT]},
    {"query": "彩虹桥", "expected": [RAINBOW], "also": [PUBLICITY, RESULT]},
    {"query": "入户探访", "expected": [SILVER], "also": []},
    {"query": "立项结果", "expected": [RESULT], "also": [FUTIAN_NOTICES[1], NANTOU_NOTICES[1]]},
    {
        "query": "拟资助项目公示",
        "expected": [PUBLICITY],
        "also": [FUTIAN_NOTICES[0], NANTOU_NOTICES[0]],
    },
    {"query": "课后托管", "expected": [CHILDREN_NEED, "中小学课后托管服务"], "also": []},
    {"query": "学业辅导", "expected": [CHILDREN_NEED, "留守儿童学业辅导服务"], "also": []},
    {
        "query": "康复训练",
        "expected": [REHAB_NEED],
        "also": ["残疾人康复服务", "示范市残联残疾人康复服务项目公告"],
    },
    {"query": "邻里守望", "expected": [NEIGHBOURS_ORG], "also": []},
    {"query": "绿芽", "expected": [SPROUT_ORG], "also": []},
    {"query": "环境教育", "expected": [SPROUT_ORG], "also": []},
    {"query": "阳光长者", "expected": [SUNSHINE_ORG], "also": [SILVER, PUBLICITY, RESULT]},
    {
        "query": "彩虹社会工作服务中心",
        "expected": [RAINBOW_ORG],
        "also": [RAINBOW, PUBLICITY, RESULT],
    },
    {
        "query": "南头街道",
        "expected": [SILVER, RAINBOW, MEALS_NEED, CHILDREN_NEED, REHAB_NEED],
        "also": [*DEPARTMENT_CALLS[2:], *NANTOU_NOTICES, SINGLE_PARENTS],
    },
    {
        "query": "扶老",
        "expected": [SILVER],
        "also": [
            *CALLS,
            PUBLICITY,
            RESULT,
            "关于开展{year}年度公益创投活动的通知",
            *FUTIAN_NOTICES,
            ELDERS_CLASS,
        ],
    },
    {
        "query": "社区治理",
        "expected": ["社区治理能力提升服务", MICRO_CALL],
        "also": [
            "社会治理服务",
            *CALLS,
            "关于开展{year}年度公益创投活动的通知",
            *NANTOU_NOTICES,
        ],
    },
    {"query": "微创投", "expected": [MICRO_CALL], "also": []},
    {"query": "送餐上门", "expected": [MEALS_NEED], "also": ["老年人助餐服务"]},
    {"query": "高龄长者", "expected": [MEALS_NEED], "also": []},
    {"query": "家属照护", "expected": [REHAB_NEED], "also": []},
    {"query": "重度残疾人", "expected": [REHAB_NEED], "also": ["残疾人托养服务"]},
    {"query": "互助小组", "expected": [SILVER], "also": [ELDERS_CLASS]},
    {"query": "亲子支持", "expected": [RAINBOW], "also": [SINGLE_PARENTS]},
    # --- traditional characters find simplified text ------------------------------------------
    {"query": "社區養老", "expected": ["社区养老服务中心运营服务"], "also": []},
    {
        "query": "居家養老",
        "expected": ["居家养老上门服务", ELDERLY_ANNOUNCEMENTS[0]],
        "also": [*ELDERLY_ANNOUNCEMENTS, "老年人助餐服务", "老年人助浴服务"],
    },
    {"query": "長者助餐", "expected": [MEALS_NEED, MEALS_CALL], "also": []},
    {
        "query": "困境兒童",
        "expected": ["困境儿童关爱保护服务", RAINBOW, CHILDREN_NEED],
        "also": [PUBLICITY, RESULT, *CALLS],
    },
    {"query": "綠芽", "expected": [SPROUT_ORG], "also": []},
    # --- pinyin initials find names -----------------------------------------------------------
    {"query": "sqyl", "expected": ["社区养老服务中心运营服务"], "also": []},
    {"query": "jjyl", "expected": ["居家养老上门服务"], "also": []},
    {"query": "lnrzc", "expected": ["老年人助餐服务"], "also": []},
    {"query": "sqjz", "expected": ["社区矫正辅助服务", "社区矫正对象心理矫治服务"], "also": []},
    {"query": "ylth", "expected": [SILVER], "also": []},
    {"query": "chq", "expected": [RAINBOW], "also": []},
    {"query": "kjet", "expected": [RAINBOW, "困境儿童关爱保护服务"], "also": []},
    {"query": "llsw", "expected": [NEIGHBOURS_ORG], "also": []},
    {"query": "ygzz", "expected": [SUNSHINE_ORG], "also": []},
]
