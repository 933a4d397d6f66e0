"""Citizen queries against the demo catalog, each with the page that must come first.

Written as people type into a government search box: short words, aliases, whole questions,
pinyin and initials, words from the middle of a name, department plus a word. The expected page
is named by title (unique in the demo). Used by ``test_relevance.py`` (our backend) and
``bench/search_relevance.py`` (ours beside Wagtail's stock database backend).
"""

ALIAS, SHORT, PINYIN, INITIALS, QUESTION, INNER, DEPARTMENT, BUNDLE = (
    "俗称", "两字词", "全拼", "首字母", "问句", "词中词", "部门+词", "一件事/大厅")

QUERIES = [
    # aliases people actually type
    ("上户口", "出生登记", ALIAS),
    ("报户口", "出生登记", ALIAS),
    ("准生证", "生育登记", ALIAS),
    ("扯证", "内地居民结婚登记", ALIAS),
    ("领结婚证", "内地居民结婚登记", ALIAS),
    ("办离婚", "内地居民离婚登记", ALIAS),
    ("结婚证丢了", "补领婚姻登记证", ALIAS),
    ("低保", "最低生活保障审核确认", ALIAS),
    ("急难救助", "临时救助", ALIAS),
    ("尊老金", "高龄津贴申领", ALIAS),
    ("社保卡", "社会保障卡申领", ALIAS),
    ("失业金", "失业保险金申领", ALIAS),
    ("失业证", "就业创业证申领", ALIAS),
    ("退休金", "职工基本养老保险待遇申领（按月领取）", ALIAS),
    ("创业贷款", "创业担保贷款申请", ALIAS),
    ("营业执照", "企业设立登记（有限责任公司）", ALIAS),
    ("个体户注册", "个体工商户登记", ALIAS),
    ("餐饮许可证", "食品经营许可", ALIAS),
    ("公司变更", "营业执照变更登记", ALIAS),
    ("公司注销", "企业注销登记", ALIAS),
    ("电梯使用登记", "特种设备使用登记", ALIAS),
    ("出生证", "出生医学证明办理", ALIAS),
    ("护士证", "护士执业注册", ALIAS),
    ("特扶金", "计划生育家庭特别扶助金申领", ALIAS),
    ("新农合", "城乡居民基本医疗保险参保登记", ALIAS),
    ("产假工资", "生育津贴申领", ALIAS),
    ("慢病报销", "门诊慢特病待遇认定", ALIAS),
    ("医保报销", "零星医疗费用报销（手工报销）", ALIAS),
    ("施工证", "建筑工程施工许可证核发", ALIAS),
    ("廉租房", "公共租赁住房资格申请", ALIAS),
    ("预售证", "商品房预售许可", ALIAS),
    ("竣工备案", "房屋建筑和市政基础设施工程竣工验收备案", ALIAS),
    ("三级资质", "建筑业企业资质核准（施工总承包三级）", ALIAS),
    ("公积金开户", "单位住房公积金缴存登记", ALIAS),
    ("公积金贷款", "住房公积金个人住房贷款", ALIAS),
    ("刻章", "印章刻制备案", ALIAS),
    ("暂住证", "居住证申领", ALIAS),
    ("补办身份证", "居民身份证换领、补领", ALIAS),
    ("投靠落户", "户口迁移（投靠落户）", ALIAS),
    ("社保开户", "单位参保登记", ALIAS),
    # two-character words
    ("社保", "社会保障卡申领", SHORT),
    ("户口", "户口迁移（投靠落户）", SHORT),
    ("离婚", "内地居民离婚登记", SHORT),
    ("护士", "护士执业注册", SHORT),
    ("医师", "医师执业注册", SHORT),
    ("叉车", "特种设备使用登记", SHORT),
    ("锅炉", "特种设备使用登记", SHORT),
    ("食堂", "食品经营许可", SHORT),
    ("预售", "商品房预售许可", SHORT),
    ("竣工", "房屋建筑和市政基础设施工程竣工验收备案", SHORT),
    ("刻章", "印章刻制备案", SHORT),
    ("异地", "异地就医备案", SHORT),
    ("公租", "公共租赁住房资格申请", SHORT),
    # full pinyin
    ("yingyezhizhao", "企业设立登记（有限责任公司）", PINYIN),
    ("shebaoka", "社会保障卡申领", PINYIN),
    ("gongzufang", "公共租赁住房资格申请", PINYIN),
    ("zhunshengzheng", "生育登记", PINYIN),
    ("juzhuzheng", "居住证申领", PINYIN),
    ("dibao", "最低生活保障审核确认", PINYIN),
    ("gongjijin daikuan", "住房公积金个人住房贷款", PINYIN),
    ("shangmengkou", None, PINYIN),  # a typo: must not crash, expected nothing in particular
    # initials
    ("yyzz", "企业设立登记（有限责任公司）", INITIALS),
    ("sbk", "社会保障卡申领", INITIALS),
    ("gzf", "公共租赁住房资格申请", INITIALS),
    ("zsz", "生育登记", INITIALS),
    ("jzz", "居住证申领", INITIALS),
    ("sgxkz", "建筑工程施工许可证核发", INITIALS),
    ("gjjdk", "住房公积金个人住房贷款", INITIALS),
    # whole questions
    ("新生儿怎么上户口", "出生登记", QUESTION),
    ("身份证丢了怎么办", "居民身份证换领、补领", QUESTION),
    ("结婚登记需要带什么材料", "内地居民结婚登记", QUESTION),
    ("怎么申请公租房", "公共租赁住房资格申请", QUESTION),
    ("租房可以提取公积金吗", "住房公积金提取（租房）", QUESTION),
    ("开饭店要办什么许可证", "食品经营许可", QUESTION),
    ("生孩子的生育津贴怎么领", "生育津贴申领", QUESTION),
    ("失业了怎么领失业金", "失业保险金申领", QUESTION),
    ("老人80岁有什么补贴", "高龄津贴申领", QUESTION),
    ("怎么注册公司", "企业设立登记（有限责任公司）", QUESTION),
    ("公司地址变更怎么办理", "营业执照变更登记", QUESTION),
    ("宝宝的出生医学证明在哪里办", "出生医学证明办理", QUESTION),
    ("办居住证需要什么", "居住证申领", QUESTION),
    ("怎么刻公章", "印章刻制备案", QUESTION),
    ("儿童第一次办身份证", "居民身份证申领（首次申领）", QUESTION),
    ("想办个体户营业执照", "个体工商户登记", QUESTION),
    ("退休养老金怎么申领", "职工基本养老保险待遇申领（按月领取）", QUESTION),
    ("跨省就医怎么备案", "异地就医备案", QUESTION),
    ("慢性病怎么认定", "门诊慢特病待遇认定", QUESTION),
    ("公司不做了怎么注销", "企业注销登记", QUESTION),
    ("家里困难怎么申请低保", "最低生活保障审核确认", QUESTION),
    ("医生执业证怎么办", "医师执业注册", QUESTION),
    # words from inside names and sentences
    ("婚姻登记证", "补领婚姻登记证", INNER),
    ("施工许可", "建筑工程施工许可证核发", INNER),
    ("特别扶助", "计划生育家庭特别扶助金申领", INNER),
    ("医学证明", "出生医学证明办理", INNER),
    ("预售许可", "商品房预售许可", INNER),
    ("身份证换领", "居民身份证换领、补领", INNER),
    ("担保贷款", "创业担保贷款申请", INNER),
    ("零星报销", "零星医疗费用报销（手工报销）", INNER),
    ("缴存登记", "单位住房公积金缴存登记", INNER),
    ("高龄津贴", "高龄津贴申领", INNER),
    ("印章", "印章刻制备案", INNER),
    ("特种设备", "特种设备使用登记", INNER),
    # department name plus a word
    ("市场监督管理局 营业执照", "企业设立登记（有限责任公司）", DEPARTMENT),
    ("民政局 结婚", "内地居民结婚登记", DEPARTMENT),
    ("人社局 失业金", "失业保险金申领", DEPARTMENT),
    ("医保局 异地就医", "异地就医备案", DEPARTMENT),
    ("住建局 施工许可", "建筑工程施工许可证核发", DEPARTMENT),
    ("卫健委 出生证明", "出生医学证明办理", DEPARTMENT),
    ("公积金中心 贷款", "住房公积金个人住房贷款", DEPARTMENT),
    ("公安局 居住证", "居住证申领", DEPARTMENT),
    # bundles and halls
    ("新生儿出生一件事", "新生儿出生一件事", BUNDLE),
    ("企业开办一件事", "企业开办一件事", BUNDLE),
    ("新华街道便民服务中心", "东城区新华街道便民服务中心", BUNDLE),
]

SCORED = [(query, expected, kind) for query, expected, kind in QUERIES if expected]


def score(ranked_titles):
    """(top-1 share, top-5 share, misses) for {query: [titles in result order]}."""
    top1 = top5 = 0
    misses = []
    for query, expected, kind in SCORED:
        titles = ranked_titles.get(query, [])
        top1 += bool(titles[:1] == [expected])
        top5 += expected in titles[:5]
        if titles[:1] != [expected]:
            misses.append((query, expected, titles[:5]))
    return top1 / len(SCORED), top5 / len(SCORED), misses
