"""Citizen-style questions against the demo catalog (issue 17), each with the guide(s) that
answer it or ``None`` when nothing in the catalog does (the page must then say so honestly).

Kinds: Traditional script (every query of ``relevance_queries.py`` as a Traditional writer types
it, converted with OpenCC's s2t once and kept here as text), variant characters, colloquial
questions, long pasted messages, pinyin with typos, and questions the catalog cannot answer.
Used by ``test_citizen_relevance.py`` and ``bench/search_relevance.py`` (recall@10, MRR, share
of "none" questions answered honestly).
"""

from .relevance_queries import SCORED

TRADITIONAL, VARIANT, COLLOQUIAL, LONG, PINYIN_TYPO, NONE = (
    "繁体", "异体字", "口语问句", "长留言", "拼音错拼", "无匹配")


def _traditional(text):
    import opencc

    return opencc.OpenCC("s2t").convert(text)


HAND_WRITTEN = [
    # variant characters
    ("身分证丢了怎么补", ["居民身份证换领、补领"], VARIANT),
    ("第一次办身分证", ["居民身份证申领（首次申领）"], VARIANT),
    ("身分证过期了换新的", ["居民身份证换领、补领"], VARIANT),
    ("公积金帐户开户", ["单位住房公积金缴存登记"], VARIANT),
    ("户藉迁移投靠子女", ["户口迁移（投靠落户）"], VARIANT),
    ("营业执照变更", ["营业执照变更登记"], VARIANT),
    ("結婚證丟了", ["补领婚姻登记证"], VARIANT),
    ("ｓｈｅｂａｏｋａ", ["社会保障卡申领"], VARIANT),
    # colloquial questions
    ("孩子刚出生怎么上户口", ["出生登记"], COLLOQUIAL),
    ("我想开个小饭馆要办什么证", ["食品经营许可", "个体工商户登记"], COLLOQUIAL),
    ("请问结婚证在哪里领", ["内地居民结婚登记"], COLLOQUIAL),
    ("离婚要带什么材料", ["内地居民离婚登记"], COLLOQUIAL),
    ("失业了能领钱吗", ["失业保险金申领"], COLLOQUIAL),
    ("退休了养老金怎么领", ["职工基本养老保险待遇申领（按月领取）"], COLLOQUIAL),
    ("租房子可以取公积金吗", ["住房公积金提取（租房）"], COLLOQUIAL),
    ("买房想用公积金贷款", ["住房公积金个人住房贷款"], COLLOQUIAL),
    ("在外地看病怎么报销", ["异地就医备案", "零星医疗费用报销（手工报销）"], COLLOQUIAL),
    ("生孩子的津贴怎么申请", ["生育津贴申领"], COLLOQUIAL),
    ("家里困难能申请低保吗", ["最低生活保障审核确认"], COLLOQUIAL),
    ("老人八十岁有补贴吗", ["高龄津贴申领"], COLLOQUIAL),
    ("外地人在这里办居住证", ["居住证申领"], COLLOQUIAL),
    ("公司要刻公章去哪备案", ["印章刻制备案"], COLLOQUIAL),
    ("开公司怎么注册", ["企业设立登记（有限责任公司）"], COLLOQUIAL),
    ("公司不干了怎么注销", ["企业注销登记"], COLLOQUIAL),
    ("护士证怎么注册", ["护士执业注册"], COLLOQUIAL),
    ("社保卡怎么办", ["社会保障卡申领"], COLLOQUIAL),
    ("单位给员工交社保怎么开户", ["单位参保登记"], COLLOQUIAL),
    ("创业可以贷款吗", ["创业担保贷款申请"], COLLOQUIAL),
    ("公租房怎么申请", ["公共租赁住房资格申请"], COLLOQUIAL),
    ("电梯要登记吗", ["特种设备使用登记"], COLLOQUIAL),
    ("新生儿出生证明怎么办", ["出生医学证明办理"], COLLOQUIAL),
    ("慢性病门诊能报销吗", ["门诊慢特病待遇认定"], COLLOQUIAL),
    ("农村医保怎么交", ["城乡居民基本医疗保险参保登记"], COLLOQUIAL),
    ("个体户执照怎么办", ["个体工商户登记"], COLLOQUIAL),
    ("结婚证丢了怎么补办", ["补领婚姻登记证"], COLLOQUIAL),
    ("医生执业证怎么注册", ["医师执业注册"], COLLOQUIAL),
    ("盖房子要办施工许可证吗", ["建筑工程施工许可证核发"], COLLOQUIAL),
    ("楼盘预售证怎么办", ["商品房预售许可"], COLLOQUIAL),
    # long messages
    ("您好，我老婆上个月在医院生了宝宝，出生医学证明已经拿到了，现在想给孩子上户口，请问需要带哪些材料去派出所？",
     ["出生登记"], LONG),
    ("我今年被公司辞退了，之前交了五年的失业保险，听说可以领失业金，请问怎么申请，要去哪里办，需要什么证明？",
     ["失业保险金申领"], LONG),
    ("我和男朋友都是本地户口，准备下个月去领结婚证，想问一下需要准备什么材料，照片要自己带吗？",
     ["内地居民结婚登记"], LONG),
    ("我在外地工作租房住，每个月租金两千多，听说租房可以提取住房公积金，请问具体怎么办理？",
     ["住房公积金提取（租房）"], LONG),
    ("我父亲今年八十五岁了，听说高龄老人每月有津贴可以领，请问去哪里申请，需要哪些材料？",
     ["高龄津贴申领"], LONG),
    ("您好，我打算和朋友合伙开一家有限责任公司，想问问营业执照怎么办，公司章程需要自己写吗？",
     ["企业设立登记（有限责任公司）"], LONG),
    ("我的身份证钱包一起丢了，明天还要坐高铁出差，请问补办身份证需要多久，要带户口本吗？",
     ["居民身份证换领、补领"], LONG),
    # pinyin with typos (missing g, z/zh, s/sh)
    ("yinyezhizhao", ["企业设立登记（有限责任公司）"], PINYIN_TYPO),
    ("shebaoka shenlin", ["社会保障卡申领"], PINYIN_TYPO),
    ("jiehun denji", ["内地居民结婚登记"], PINYIN_TYPO),
    ("gongzufan", ["公共租赁住房资格申请"], PINYIN_TYPO),
    ("juzhuzen", ["居住证申领"], PINYIN_TYPO),
    # nothing in the catalog answers these: the honest page
    ("楼下餐馆油烟太大噪音扰民晚上睡不着找谁", None, NONE),
    ("小区物业乱收停车费向哪个部门投诉", None, NONE),
    ("如何办理机动车抵押/解除抵押登记手续？", None, NONE),
    ("护照过期了怎么续签去香港旅游", None, NONE),
    ("机动车驾驶证到期换证体检", None, NONE),
    ("邻居家狗半夜一直叫报警有用吗", None, NONE),
    ("路灯坏了好几天没人修打什么电话", None, NONE),
    ("孩子小升初划片学校怎么查询", None, NONE),
    ("出租车司机绕路多收钱怎么投诉", None, NONE),
    ("你好，我们小区门口的马路被挖开了一个多月都没有填上，下雨天积水很深，老人小孩走路很危险，请尽快处理。", None, NONE),
    ("自来水发黄有异味能不能派人检测一下水质", None, NONE),
    ("工地晚上十二点还在施工噪音太吵了", None, NONE),
    ("快递丢件了快递公司不赔偿怎么维权", None, NONE),
    ("共享单车乱停放堵住消防通道", None, NONE),
    ("垃圾分类定时投放点太远了能不能加一个", None, NONE),
    ("养狗要办狗证在哪里办", None, NONE),
    ("燃气灶漏气找谁上门维修", None, NONE),
    # Held out: written on 2026-12-07 after fuzzy pinyin and the named-result floor were tuned
    # on the lines above, and kept whatever they scored (see the issue 17 note).
    ("chusen denji", ["出生登记"], PINYIN_TYPO),
    ("sehui baozanka", ["社会保障卡申领"], PINYIN_TYPO),
    ("gaolin jintie", ["高龄津贴申领"], PINYIN_TYPO),
    ("juzuzheng", ["居住证申领"], PINYIN_TYPO),
    ("linshi jiuzhu", ["临时救助"], PINYIN_TYPO),
    ("siye baoxianjin", ["失业保险金申领"], PINYIN_TYPO),
    ("退休了在哪里领养老金", ["职工基本养老保险待遇申领（按月领取）"], COLLOQUIAL),
    ("外省人来这边落户投靠子女", ["户口迁移（投靠落户）"], COLLOQUIAL),
    ("刚毕业想自己创业能贷款吗", ["创业担保贷款申请"], COLLOQUIAL),
    ("驾照扣分了怎么处理", None, NONE),
    ("我想办理港澳通行证续签", None, NONE),
    ("小孩打疫苗在哪里预约", None, NONE),
    # Held out, second round: written after the 过期/饭馆 synonyms and the unknown-subject floor.
    ("我家宝宝刚出生怎么办出生证明", ["出生医学证明办理"], COLLOQUIAL),
    ("新生儿医保怎么参保", ["城乡居民基本医疗保险参保登记"], COLLOQUIAL),
    ("个体户营业执照地址变了怎么改", ["营业执照变更登记"], COLLOQUIAL),
    ("公司不开了怎么注销", ["企业注销登记"], COLLOQUIAL),
    ("电梯要去哪里登记", ["特种设备使用登记"], COLLOQUIAL),
    ("二胎生育登记怎么办", ["生育登记"], COLLOQUIAL),
    ("离婚需要带什么证件", ["内地居民离婚登记"], COLLOQUIAL),
    ("生活困难申请低保", ["最低生活保障审核确认"], COLLOQUIAL),
    ("房子交房了竣工验收在哪里备案", ["房屋建筑和市政基础设施工程竣工验收备案"], COLLOQUIAL),
    ("公积金贷款买房条件", ["住房公积金个人住房贷款"], COLLOQUIAL),
    ("护士证注册要多久", ["护士执业注册"], COLLOQUIAL),
    ("电动车上牌去哪里办", None, NONE),
    ("医院挂号怎么网上预约", None, NONE),
    ("社区核酸检测点在哪", None, NONE),
    # third held-out round (2026-12-07, written after the neighbour rule of the floor and kept as
    # it scored): questions whose words stand side by side naming one thing
    ("新生儿落户口需要什么", ["出生登记"], COLLOQUIAL),
    ("公司变更营业执照地址", ["营业执照变更登记"], COLLOQUIAL),
    ("外地医保在本地看病要备案吗", ["异地就医备案"], COLLOQUIAL),
    ("租房提取公积金怎么弄", ["住房公积金提取（租房）"], COLLOQUIAL),
    ("身份证到期了换新的", ["居民身份证换领、补领"], COLLOQUIAL),
    ("失业了怎么领失业金", ["失业保险金申领"], COLLOQUIAL),
    ("开饭店要办食品许可证吗", ["食品经营许可"], COLLOQUIAL),
    ("结婚证丢了补办", ["补领婚姻登记证"], COLLOQUIAL),
    ("港澳居民来往内地通行证办理", None, NONE),
    ("机动车年检预约", None, NONE),
    ("房产证抵押贷款解押", None, NONE),
    ("护照加急办理多久能拿到", None, NONE),
    ("驾驶证换证体检去哪个医院", None, NONE),
    ("宠物狗疫苗接种证明", None, NONE),
]

CITIZEN_QUERIES = [(_traditional(query), [expected], TRADITIONAL) for query, expected, _ in SCORED
                   if _traditional(query) != query] + HAND_WRITTEN


def measure(answers):
    """{kind: (recall@10, MRR, none-honest share, count)} for {query: (titles, honest)}: recall
    and MRR over questions with an answer, the honest share over questions without one."""
    kinds = {}
    for query, expected, kind in CITIZEN_QUERIES:
        titles, honest = answers.get(query, ([], False))
        row = kinds.setdefault(kind, {"recall": [], "rr": [], "honest": []})
        if expected is None:
            row["honest"].append(honest)
            continue
        ranks = [titles.index(e) + 1 for e in expected if e in titles[:10]]
        row["recall"].append(bool(ranks))
        row["rr"].append(1 / min(ranks) if ranks else 0.0)

    def mean(values):
        return sum(values) / len(values) if values else None

    result = {kind: (mean(r["recall"]), mean(r["rr"]), mean(r["honest"]),
                     len(r["recall"]) + len(r["honest"])) for kind, r in kinds.items()}
    everything = {key: [v for r in kinds.values() for v in r[key]] for key in ("recall", "rr", "honest")}
    result["全部"] = (mean(everything["recall"]), mean(everything["rr"]), mean(everything["honest"]),
                     len(CITIZEN_QUERIES))
    return result


def report(answers, label=""):
    """Print the figures per kind and each question answered wrongly; returns ``measure``'s."""
    figures = measure(answers)
    for kind, (recall, mrr, honest, count) in figures.items():
        print(f"{kind}{label}: n={count} recall@10={recall} MRR={mrr} none-honest={honest}")
    for query, expected, kind in CITIZEN_QUERIES:
        titles, honest = answers.get(query, ([], False))
        if expected is None and not honest:
            print(f"not honest: {query!r} → {titles[:3]}")
        elif expected and not set(expected) & set(titles[:1]):
            print(f"miss ({kind}): {query!r} expected {expected}, got {titles[:3]}")
    return figures
