"""The closed vocabularies of a service guide, as the national implementation list names them.

Stored values are the Chinese terms themselves: they are what editors type in spreadsheets and
what the export feed shows, so there is no code-to-label table to keep in sync.
"""

from django.db import models


class ItemType(models.TextChoices):
    LICENSING = "行政许可", "行政许可"
    PAYMENT = "行政给付", "行政给付"
    CONFIRMATION = "行政确认", "行政确认"
    REWARD = "行政奖励", "行政奖励"
    ADJUDICATION = "行政裁决", "行政裁决"
    OTHER_POWER = "其他行政权力", "其他行政权力"
    PUBLIC_SERVICE = "公共服务", "公共服务"


class ServiceCategory(models.TextChoices):
    BASIC = "基础性公共服务", "基础性公共服务"
    ECONOMIC = "经济公共服务", "经济公共服务"
    SAFETY = "公共安全服务", "公共安全服务"
    SOCIAL = "社会公共服务", "社会公共服务"


class Necessity(models.TextChoices):
    REQUIRED = "必要", "必要"
    DEFERRABLE = "容缺后补", "容缺后补"
    OPTIONAL = "非必要", "非必要"


class MaterialForm(models.TextChoices):
    PAPER = "纸质", "纸质"
    ELECTRONIC = "电子", "电子"
    BOTH = "纸质和电子", "纸质和电子"


class MaterialSource(models.TextChoices):
    APPLICANT = "申请人自备", "申请人自备"
    GOVERNMENT = "政府部门核发", "政府部门核发"
    OTHER = "其他", "其他"


class StepChannel(models.TextChoices):
    BOTH = "通用", "通用"
    ONLINE = "线上", "线上"
    OFFLINE = "线下", "线下"


class DayUnit(models.TextChoices):
    WORKING = "工作日", "工作日"
    CALENDAR = "自然日", "自然日"


class HandlingType(models.TextChoices):
    IMMEDIATE = "即办件", "即办件"
    PROMISED = "承诺件", "承诺件"


class OnlineDepth(models.TextChoices):
    NONE = "不可网办", "不可网办"
    INFORMATION = "信息发布", "信息发布"
    CONSULTATION = "在线咨询", "在线咨询"
    PRE_REVIEW = "网上预审", "网上预审"
    FULL = "全程网办", "全程网办"


class GeneralScope(models.TextChoices):
    NONE = "不通办", "不通办"
    CITY = "全市通办", "全市通办"
    PROVINCE = "全省通办", "全省通办"
    NATIONAL = "跨省通办", "跨省通办"


class ResultType(models.TextChoices):
    LICENCE = "证照", "证照"
    APPROVAL = "批文", "批文"
    OTHER = "其他", "其他"


class HallLevel(models.TextChoices):
    CITY = "市级", "市级"
    COUNTY = "县级", "县级"
    TOWNSHIP = "乡镇级", "乡镇级"
    VILLAGE = "村级", "村级"


class Audience(models.TextChoices):
    INDIVIDUAL = "个人", "个人"
    ENTERPRISE = "法人", "法人"
    BOTH = "个人和法人", "个人和法人"


class ServiceObject(models.TextChoices):
    """服务对象 as the national standard names them; ``catalog.service_objects`` groups them."""

    NATURAL_PERSON = "自然人", "自然人"
    ENTERPRISE = "企业法人", "企业法人"
    INSTITUTION = "事业法人", "事业法人"
    SOCIAL_ORGANISATION = "社会组织法人", "社会组织法人"
    UNINCORPORATED_ENTERPRISE = "非法人企业", "非法人企业"
    GOVERNMENT_AGENCY = "行政机关", "行政机关"
    OTHER_ORGANISATION = "其他组织", "其他组织"
