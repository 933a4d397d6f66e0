"""The catalog workbook, one django-import-export resource per sheet.

Each resource lists its sheet's columns in order: the Chinese header (the field names of
DESIGN.md), the widget that reads and writes the cells, and a line of help for the template
and the public field description. Resources read rows into plain ``ParsedRow`` objects and
never write to the database: a guide is assembled from several sheets, so the unit of import
is the whole workbook (``importing.workbook``), not a row.

A row's attributes are the record keys of ``catalog.records`` (``materials`` items for the
材料 sheet …); the 事项 sheet also maps its few combined cells (a time limit with its unit,
the contact groups) onto the record in ``ItemResource.to_record`` and ``from_record``.
"""

from django.core.exceptions import ImproperlyConfigured
from import_export import fields, resources
from import_export.instance_loaders import BaseInstanceLoader

from catalog import blocks, choices
from catalog.models import ServiceGuidePage
from catalog.records import CONTACT_GROUPS, CONTACT_KEYS, ITEM_KEYS

from . import widgets

ITEM_CODE = "事项编码"
ITEM_TITLE = "事项名称"


def _model_max(name):
    return ServiceGuidePage._meta.get_field(name).max_length


def _block_max(block_class, name):
    return getattr(block_class().child_blocks[name].field, "max_length", None)


class ParsedRow:
    """One valid row, as the values its cells stand for (only the columns the sheet has)."""

    def values(self):
        return dict(vars(self))


class Column(fields.Field):
    """A column: header, widget, and what people are told about it."""

    def __init__(self, header, widget, help="", required=False, readonly=False):
        super().__init__(column_name=header, widget=widget, readonly=readonly)
        self.help = help
        self.required = required

    def clean(self, row, **kwargs):
        return self.clean_cell(row[self.column_name])

    def clean_cell(self, value):
        """The value of one cell of this column; ValueError (in Chinese) when it is wrong."""
        value = self.widget.clean(value)
        if self.required and value in ("", None, []):
            raise ValueError("不能为空")
        return value


class SheetResource(resources.Resource):
    """A sheet of the workbook: its columns, and how a row of it is read (``read_row``)."""

    sheet = ""          # the sheet's name in the workbook
    slug = ""           # an ASCII name for file names and URLs
    record_key = None   # the record list the sheet fills; None for 事项
    about = ""

    class Meta:
        instance_loader_class = BaseInstanceLoader
        force_init_instance = True
        skip_diff = True
        use_transactions = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, field in cls.fields.items():
            field.attribute = field.attribute or name
        # A list sheet has a column for each key its items carry (``catalog.records.ITEM_KEYS``,
        # from the blocks), in the order people fill them in: a key added to a block without a
        # column here would silently never be imported or exported.
        keys = ITEM_KEYS.get(cls.record_key)
        if keys and set(cls.fields) - {"item_code", "item_title"} != set(keys):
            raise ImproperlyConfigured(
                f"{cls.__name__} needs exactly one column per item key: {', '.join(keys)}")

    @classmethod
    def columns(cls):
        return list(cls.fields.values())

    @classmethod
    def headers(cls):
        return [column.column_name for column in cls.columns()]

    @classmethod
    def required_headers(cls):
        return [column.column_name for column in cls.columns() if column.required]

    @classmethod
    def attribute_of(cls, header):
        return next((c.attribute for c in cls.columns() if c.column_name == header), None)

    @classmethod
    def read_row(cls, columns, cells):
        """One row's cells (in the order of ``columns``, the sheet's columns present in the
        file) → ``(ParsedRow, {})``, or ``(None, {attribute: [message]})`` when any cell is
        wrong: every column is read, so a row's message lists all its faults.

        What import-export's ``import_data`` did per row, without its per-row result objects,
        dataset copy and field lookups: a province's workbook has a million cells.
        """
        row, errors = ParsedRow(), {}
        for column, value in zip(columns, cells):
            try:
                cleaned = column.clean_cell(value)
            except ValueError as error:
                errors[column.attribute] = [str(error)]
                continue
            setattr(row, column.attribute, cleaned)
        return (None, errors) if errors else (row, errors)

    # --- between rows and records ---------------------------------------------------------

    @classmethod
    def to_item(cls, row):
        """The record list item a row stands for (only the columns the sheet has)."""
        return {key: value for key, value in row.values().items()
                if key not in ("item_code", "item_title")}

    @classmethod
    def rows_for(cls, record):
        """The sheet's rows for one guide record, as dicts keyed like the row attributes."""
        return [{"item_code": record.get("item_code"), "item_title": record.get("title"), **item}
                for item in record.get(cls.record_key) or []]


def _item_columns():
    return (
        Column(ITEM_CODE, widgets.item_code(), "事项的唯一编码；表中其他工作表以此关联本事项",
               required=True),
        Column(ITEM_TITLE, widgets.line(255), "仅供阅读；导入时以「事项」工作表为准",
               readonly=True),
    )


class ItemResource(SheetResource):
    sheet = "事项"
    slug = "items"
    about = "每个事项一行。"

    item_code = Column(ITEM_CODE, widgets.item_code(), "事项的唯一编码，如 11360100MB1234567X4000117001",
                       required=True)
    title = Column(ITEM_TITLE, widgets.line(_model_max("title")), "事项的正式名称", required=True)
    department = Column("实施主体", widgets.line(255),
                        "部门全称或简称，须与网站上的部门一致；已有事项可留空")
    item_type = Column("事项类型", widgets.choice(choices.ItemType, "公共服务"), "按实施清单的分类")
    service_category = Column("公共服务类别", widgets.choice(
        choices.ServiceCategory, "", blank_allowed=True,
        aliases={"基础性": "基础性公共服务", "经济": "经济公共服务", "公共安全": "公共安全服务",
                 "社会": "社会公共服务"}), "")
    service_objects = Column("服务对象", widgets.service_objects(),
                             "国家标准的分类，可填多个，如 自然人、企业法人、事业法人")
    themes = Column("主题", widgets.words(), "网站上已有的主题名称")
    aliases = Column("俗称/关键词", widgets.words(max_length=_model_max("keywords")),
                     "群众常用的叫法，如 准生证、上户口")
    summary = Column("事项简介", widgets.text(), "一两句话说明这个事项是什么、谁可以办")
    accepting_unit = Column("受理单位", widgets.line(_model_max("accepting_unit")),
                            "具体受理申请的机构或窗口")
    entrusted_department = Column("委托部门", widgets.line(_model_max("entrusted_department")), "")
    joint_agencies = Column("联办机构", widgets.line(_model_max("joint_agencies")), "")
    exercise_level = Column("行使层级", widgets.line(_model_max("exercise_level")),
                            "市级、县级、乡镇级、村级，可填多个")
    conditions = Column("受理条件", widgets.text(), "每行一个条件")
    quantity_limit = Column("数量限制", widgets.text(), "")
    prohibited_requirements = Column("禁止性要求", widgets.text(), "")
    legal_time_limit = Column("法定办结时限", widgets.days(), "法律法规规定的办理时限")
    promised_time_limit = Column("承诺办结时限", widgets.days(), "本地承诺的办理时限，一般短于法定时限")
    time_limit_note = Column("时限说明", widgets.text(), "")
    handling_type = Column("办件类型", widgets.choice(
        choices.HandlingType, "承诺件", aliases={"即办": "即办件", "承诺": "承诺件"}),
        "即办件当场办结，承诺件在承诺时限内办结")
    charges_fee = Column("是否收费", widgets.boolean(), "收费的，在「收费」工作表逐项填写")
    handling_hours = Column("办理时间", widgets.text(), "留空则显示各办事大厅的开放时间")
    location_note = Column("其他办理地点", widgets.text(), "办事大厅以外的地点；大厅在「办理地点」工作表填写")
    visits = Column("到现场次数", widgets.visits(), "申请人最多需要到现场几次")
    online_depth = Column("网上办理深度", widgets.choice(
        choices.OnlineDepth, "不可网办",
        aliases={"否": "不可网办", "无": "不可网办", "不可": "不可网办", "全程": "全程网办"}), "")
    online_url = Column("网办地址", widgets.url(_model_max("online_url")), "")
    mobile_url = Column("移动端地址", widgets.url(_model_max("mobile_url")), "")
    appointment = Column("是否支持预约", widgets.boolean(), "")
    express_delivery = Column("快递收件/送达", widgets.boolean(), "")
    online_payment = Column("网上支付", widgets.boolean(), "")
    self_service_terminal = Column("自助终端", widgets.boolean(), "")
    general_scope = Column("通办范围", widgets.choice(
        choices.GeneralScope, "不通办",
        aliases={"全市": "全市通办", "全省": "全省通办", "跨省": "跨省通办", "否": "不通办",
                 "无": "不通办"}), "")
    assisted_service = Column("帮办代办", widgets.boolean(), "")
    result_name = Column("审批结果名称", widgets.line(_model_max("result_name")), "")
    result_type = Column("审批结果类型", widgets.choice(choices.ResultType, "", blank_allowed=True), "")
    result_validity = Column("有效期", widgets.line(_model_max("result_validity")),
                             "审批结果的有效期，如 长期、5 年")
    consultation_phone = Column("咨询电话", widgets.text(), "")
    consultation_online = Column("网上咨询", widgets.text(), "")
    consultation_address = Column("咨询地址", widgets.text(), "")
    complaint_phone = Column("投诉电话", widgets.text(), "")
    complaint_online = Column("网上投诉", widgets.text(), "")
    complaint_address = Column("投诉地址", widgets.text(), "")
    reconsideration = Column("行政复议", widgets.text(), "")
    litigation = Column("行政诉讼", widgets.text(), "")
    item_version = Column("事项版本", widgets.line(_model_max("item_version")), "如 1.0、2.1")
    last_reviewed = Column("最近审核日期", widgets.date(), "最近一次核对本指南内容的日期")

    TIME_LIMITS = ("legal_time_limit", "promised_time_limit")

    @classmethod
    def to_item(cls, row):
        """The guide record a 事项 row stands for (only the columns the sheet has)."""
        record = {}
        for key, value in row.values().items():
            group, _, contact = key.partition("_")
            if key in cls.TIME_LIMITS:
                days, unit = value
                record[key] = days
                record[f"{key}_unit"] = unit or choices.DayUnit.WORKING
            elif group in CONTACT_GROUPS and contact in CONTACT_KEYS:
                record.setdefault(group, {})[contact] = value
            else:
                record[key] = value
        return record

    @classmethod
    def rows_for(cls, record):
        row = {key: record.get(key) for key in cls.fields}
        for key in cls.TIME_LIMITS:
            row[key] = (record.get(key), record.get(f"{key}_unit"))
        for group in CONTACT_GROUPS:
            for contact in CONTACT_KEYS:
                row[f"{group}_{contact}"] = (record.get(group) or {}).get(contact, "")
        return [row]


class MaterialResource(SheetResource):
    sheet = "材料"
    slug = "materials"
    record_key = "materials"
    about = "每份申请材料一行，按办理时提交的顺序排列。"

    item_code, item_title = _item_columns()
    name = Column("材料名称", widgets.line(_block_max(blocks.MaterialBlock, "name")), "",
                  required=True)
    necessity = Column("必要性", widgets.choice(choices.Necessity, "必要", {"容缺": "容缺后补"}), "")
    form = Column("材料形式", widgets.choice(
        choices.MaterialForm, "纸质",
        {"纸质/电子": "纸质和电子", "纸质、电子": "纸质和电子", "电子和纸质": "纸质和电子",
         "纸质或电子": "纸质和电子"}), "")
    copies = Column("份数", widgets.count(), "需提交的份数")
    specification = Column("规格", widgets.line(_block_max(blocks.MaterialBlock, "specification")),
                           "如 原件、复印件、A4")
    source = Column("来源渠道", widgets.choice(
        choices.MaterialSource, "申请人自备",
        {"申请人": "申请人自备", "自备": "申请人自备", "政府部门": "政府部门核发",
         "部门核发": "政府部门核发"}), "")
    source_note = Column("来源说明", widgets.line(_block_max(blocks.MaterialBlock, "source_note")), "")
    filling_instructions = Column("填报须知", widgets.text(), "")
    sample_text = Column("示范文本", widgets.text(), "填写部分用【】标出")
    acceptance_standard = Column("受理标准", widgets.text(), "")
    exempt = Column("免提交", widgets.boolean(), "通过数据共享获取、申请人无需提交的填「是」")
    commitment_allowed = Column("可告知承诺", widgets.boolean(), "")
    error_examples = Column("常见错误示例", widgets.error_examples(), "")


class StepResource(SheetResource):
    sheet = "环节"
    slug = "steps"
    record_key = "steps"
    about = "每个办理环节一行，按办理顺序排列。"

    item_code, item_title = _item_columns()
    key = Column("环节标识", widgets.line(_block_max(blocks.StepBlock, "key")),
                 "简短标识（如 apply），供分支引用；同一事项内不能重复")
    name = Column("环节名称", widgets.line(_block_max(blocks.StepBlock, "name")),
                  "如 申请、受理、审查、决定、送达", required=True)
    handler = Column("办理人员/岗位", widgets.line(_block_max(blocks.StepBlock, "handler")), "")
    time_limit = Column("时限", widgets.line(_block_max(blocks.StepBlock, "time_limit")),
                        "本环节的时限，如 当场、2个工作日")
    standard = Column("审查标准", widgets.text(), "")
    result = Column("结果", widgets.line(_block_max(blocks.StepBlock, "result")), "本环节办完得到什么")
    channel = Column("适用渠道", widgets.choice(
        choices.StepChannel, "通用", {"线上线下": "通用", "全部": "通用", "网上": "线上", "现场": "线下"}),
        "")
    branches = Column("分支", widgets.branches(), "")


class ProcedureResource(SheetResource):
    sheet = "特别程序"
    slug = "procedures"
    record_key = "special_procedures"
    about = "听证、专家评审、公示等特别程序，每个一行。"

    item_code, item_title = _item_columns()
    name = Column("特别程序名称", widgets.line(_block_max(blocks.SpecialProcedureBlock, "name")), "",
                  required=True)
    time_limit = Column("时限", widgets.line(_block_max(blocks.SpecialProcedureBlock, "time_limit")),
                        "")
    counts_toward_limit = Column("计入办结时限", widgets.boolean(), "")
    note = Column("说明", widgets.text(), "")


class FeeResource(SheetResource):
    sheet = "收费"
    slug = "fees"
    record_key = "fees"
    about = "每个收费项目一行；事项的「是否收费」应为「是」。"

    item_code, item_title = _item_columns()
    name = Column("收费项目", widgets.line(_block_max(blocks.FeeBlock, "name")), "", required=True)
    standard = Column("收费标准", widgets.line(_block_max(blocks.FeeBlock, "standard")), "",
                      required=True)
    basis = Column("收费依据", widgets.text(), "")
    reducible = Column("是否允许减免", widgets.boolean(), "")
    reduction_basis = Column("减免依据", widgets.text(), "")


class BasisResource(SheetResource):
    sheet = "依据"
    slug = "bases"
    record_key = "legal_bases"
    about = "设定依据和办理依据，每条一行。"

    item_code, item_title = _item_columns()
    name = Column("依据名称", widgets.line(_block_max(blocks.LegalBasisBlock, "name")),
                  "法律法规名称，如《中华人民共和国行政许可法》", required=True)
    document_number = Column("文号", widgets.line(_block_max(blocks.LegalBasisBlock,
                                                              "document_number")), "")
    article = Column("条款", widgets.line(_block_max(blocks.LegalBasisBlock, "article")), "")
    content = Column("内容", widgets.text(), "")


class FaqResource(SheetResource):
    sheet = "问答"
    slug = "faq"
    record_key = "faq"
    about = "常见问题，每问一行。"

    item_code, item_title = _item_columns()
    question = Column("问题", widgets.line(_block_max(blocks.FaqBlock, "question")), "",
                      required=True)
    answer = Column("解答", widgets.text(), "", required=True)


class HallResource(SheetResource):
    sheet = "办理地点"
    slug = "halls"
    record_key = "halls"
    about = "受理本事项的办事大厅及窗口，每个大厅一行。"

    item_code, item_title = _item_columns()
    hall = Column("办事大厅", widgets.line(255), "网站上已有的办事大厅名称", required=True)
    window = Column("窗口", widgets.line(50), "")
    note = Column("说明", widgets.line(200), "")


SHEETS = (ItemResource, MaterialResource, StepResource, ProcedureResource, FeeResource,
          BasisResource, FaqResource, HallResource)
SHEETS_BY_NAME = {sheet.sheet: sheet for sheet in SHEETS}
CHILD_SHEETS = SHEETS[1:]
