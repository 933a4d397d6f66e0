"""The service guide (办事指南): one public-service item and everything a citizen must know.

Fields follow the groups A–M of the national implementation list (see DESIGN.md). Facts that
the public filters or sorts on are plain columns; ordered, repeatable parts are StreamFields of
the blocks in ``catalog/blocks.py``. The department is the parent page, not a column, so the
page tree stays the one source of truth for who owns a guide.
"""

import re
from functools import cached_property
from urllib.parse import quote

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
    TitleFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as route
from wagtail.contrib.routable_page.models import re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .. import blocks, choices, routes, service_objects
from ..flowchart import build_flow, cached_svg, split_by_channel, standalone_svg
from ..formatting import format_time_limit
from ..materials import material_flags
from ..sections import GUIDE_SECTIONS, visible_sections

URL_MAX_LENGTH = 2000  # what browsers and portals reliably carry
KEYWORD_SEPARATORS = re.compile(r"[、，,;；\s]+")

item_code_validator = RegexValidator(
    r"^[0-9A-Za-z\-]{6,64}$",
    "事项编码只能包含数字、字母和连字符，长度 6–64 位。",
)


def _days_field(verbose_name):
    return models.PositiveIntegerField(
        verbose_name, null=True, blank=True, validators=[MinValueValidator(0)],
    )


def _unit_field(verbose_name):
    return models.CharField(
        verbose_name, max_length=8, choices=choices.DayUnit.choices,
        default=choices.DayUnit.WORKING,
    )


class ServiceGuideForm(WagtailAdminPageForm):
    """Names the field in every number error; Django's default says only "大于或等于 0".

    The change note belongs to one publication, so an edit of the live version starts with it
    empty. An edit of a version not yet published (the editor's draft, or the version in review
    that a reviewer opens to approve from this page) keeps the editor's note and flag: clearing
    them there would publish the change with an empty, non-major record.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.has_unpublished_changes:
            self.initial["change_note"] = ""
            self.initial["major_change"] = False
        for name, field in self.fields.items():
            if isinstance(field, forms.IntegerField):
                field.error_messages["min_value"] = f"「{field.label}」不能为负数。"
                field.error_messages["invalid"] = f"「{field.label}」应填写整数。"


class ServiceGuidePage(routes.RegisteredRoutesMixin, RoutablePageMixin, Page):
    # A. Identity
    item_code = models.CharField(
        "事项编码", max_length=64, unique=True, validators=[item_code_validator],
        error_messages={"unique": "该「%(field_label)s」已被其他办事指南使用，请核对后重新填写。"},
    )
    item_type = models.CharField(
        "事项类型", max_length=16, choices=choices.ItemType.choices,
        default=choices.ItemType.PUBLIC_SERVICE,
    )
    service_category = models.CharField(
        "公共服务类别", max_length=16, choices=choices.ServiceCategory.choices, blank=True,
    )
    # The categories as the national standard names them (catalog.service_objects), joined by
    # 、; the two flags below are the groups citizens browse by, derived from them on save.
    service_object_kinds = models.CharField(
        "服务对象", max_length=100, blank=True,
        help_text="国家标准的服务对象分类，用顿号分隔，如：自然人、企业法人、事业法人",
    )
    for_individuals = models.BooleanField("服务对象：自然人", default=True)
    for_legal_entities = models.BooleanField("服务对象：法人", default=False)
    themes = ParentalManyToManyField("catalog.Theme", verbose_name="主题", blank=True,
                                     related_name="guides")
    keywords = models.CharField(
        "俗称/关键词", max_length=500, blank=True,
        help_text="群众常用的叫法，用顿号或逗号分隔，如：准生证、上户口",
    )
    summary = models.TextField("事项简介", blank=True)

    # B. Who handles it
    accepting_unit = models.CharField("受理单位", max_length=200, blank=True)
    entrusted_department = models.CharField("委托部门", max_length=200, blank=True)
    joint_agencies = models.CharField("联办机构", max_length=300, blank=True)
    exercise_level = models.CharField("行使层级", max_length=50, blank=True)

    # C. Basis
    legal_bases = StreamField([("basis", blocks.LegalBasisBlock())], verbose_name="设定依据/办理依据",
                              blank=True)

    # D. Conditions
    conditions = models.TextField("受理条件", blank=True, help_text="每行一个条件")
    quantity_limit = models.TextField("数量限制", blank=True)
    prohibited_requirements = models.TextField("禁止性要求", blank=True)

    # E. Materials
    materials = StreamField([("material", blocks.MaterialBlock())], verbose_name="申请材料",
                            blank=True)
    # Derived from the materials on every save (``sync_material_flags``): the 免提交 / 可告知承诺
    # filters read a column, not every guide's StreamField.
    has_exempt_materials = models.BooleanField("有免提交材料", default=False, editable=False)
    has_commitment_materials = models.BooleanField("有可告知承诺材料", default=False,
                                                   editable=False)

    common_errors = StreamField(
        [("example", blocks.ErrorExampleBlock()), ("shared", blocks.SharedErrorExampleBlock())],
        verbose_name="通用常见错误示例", blank=True,
        help_text="不针对某一份材料的常见错误；可直接填写，也可引用可复用的示例。",
    )

    # F. Process
    steps = StreamField(blocks.StepsBlock(), verbose_name="办理流程", blank=True)
    special_procedures = StreamField([("procedure", blocks.SpecialProcedureBlock())],
                                     verbose_name="特别程序", blank=True)
    flowchart_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name="流程图（上传替代）", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text="留空则由办理环节自动生成流程图。",
    )

    # G. Time
    legal_time_limit = _days_field("法定办结时限")
    legal_time_limit_unit = _unit_field("法定时限单位")
    promised_time_limit = _days_field("承诺办结时限")
    promised_time_limit_unit = _unit_field("承诺时限单位")
    time_limit_note = models.TextField("时限说明", blank=True)
    handling_type = models.CharField("办件类型", max_length=8, choices=choices.HandlingType.choices,
                                     default=choices.HandlingType.PROMISED)

    # H. Fees
    charges_fee = models.BooleanField("是否收费", default=False)
    fees = StreamField([("fee", blocks.FeeBlock())], verbose_name="收费项目", blank=True)

    # I. Where and how
    handling_hours = models.TextField("办理时间", blank=True,
                                      help_text="留空则显示各办理地点的开放时间。")
    location_note = models.TextField("其他办理地点", blank=True)
    visits = models.PositiveSmallIntegerField("到现场次数", default=1,
                                              validators=[MinValueValidator(0)])
    online_depth = models.CharField("网上办理深度", max_length=8,
                                    choices=choices.OnlineDepth.choices,
                                    default=choices.OnlineDepth.NONE)
    # Real portal addresses carry login redirects and query strings (204–328 characters seen).
    online_url = models.URLField("网办地址", max_length=URL_MAX_LENGTH, blank=True)
    mobile_url = models.URLField("移动端地址", max_length=URL_MAX_LENGTH, blank=True)
    appointment = models.BooleanField("支持预约办理", default=False)
    express_delivery = models.BooleanField("支持快递收件/送达", default=False)
    online_payment = models.BooleanField("支持网上支付", default=False)
    self_service_terminal = models.BooleanField("支持自助终端办理", default=False)
    general_scope = models.CharField("通办范围", max_length=8, choices=choices.GeneralScope.choices,
                                     default=choices.GeneralScope.NONE)
    assisted_service = models.BooleanField("提供帮办代办", default=False)
    # What 代办 applicants sign (assistance/): a department's own form; without one the
    # generated default (/bangban/<guide>/weituoshu/). Served as documents are: public only
    # once a live version uses it (catalog.access.media_is_public).
    attorney_document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="委托书示范文本", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text="代办时申请人签署的委托书；留空则提供系统生成的通用委托书。",
    )

    # J. Result
    result_name = models.CharField("审批结果名称", max_length=200, blank=True)
    result_type = models.CharField("审批结果类型", max_length=8, choices=choices.ResultType.choices,
                                   blank=True)
    result_sample = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="审批结果样本", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    result_validity = models.CharField("有效期", max_length=100, blank=True)

    # K. Contacts
    # Text, not short lines: departments often write a whole contact block (address, several
    # phones, website, email) in one cell, and none of it should be lost.
    consultation_phone = models.TextField("咨询电话", blank=True)
    consultation_online = models.TextField("网上咨询", blank=True)
    consultation_address = models.TextField("咨询地址", blank=True)
    complaint_phone = models.TextField("投诉电话", blank=True)
    complaint_online = models.TextField("网上投诉", blank=True)
    complaint_address = models.TextField("投诉地址", blank=True)
    reconsideration = models.TextField("行政复议", blank=True)
    litigation = models.TextField("行政诉讼", blank=True)

    # L. FAQ
    faq = StreamField([("qa", blocks.FaqBlock())], verbose_name="常见问题", blank=True)

    # M. Status (go-live/expiry dates are Wagtail's go_live_at / expire_at)
    item_version = models.CharField("事项版本", max_length=20, blank=True, default="1.0")
    last_reviewed = models.DateField("最近审核日期", null=True, blank=True,
                                     help_text="每次发布时自动更新为发布日期。")
    successor = models.ForeignKey(
        "self", verbose_name="接续事项", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="本事项取消或到期后，引导群众改办的事项。",
    )
    # What the next publication changes; recorded in the public history, then cleared.
    change_note = models.CharField(
        "本次更新说明", max_length=200, blank=True,
        help_text="一句话说明本次修改了什么，如：取消户口簿复印件，承诺时限缩短为 15 个工作日。",
    )
    major_change = models.BooleanField(
        "重大变更", default=False,
        help_text="勾选后本次更新将列入公开的更新记录（材料、流程、时限、收费等变化）。",
    )

    parent_page_types = ["catalog.DepartmentPage"]
    subpage_types = []
    base_form_class = ServiceGuideForm

    # Boosts are ranking tiers (search/documents.py): title and aliases ≥ 4, item code 3,
    # material names 2, the rest body text.
    search_fields = Page.search_fields + [
        index.SearchField("keywords", boost=4),
        index.AutocompleteField("keywords"),
        index.SearchField("item_code", boost=3),
        index.AutocompleteField("item_code"),
        index.SearchField("materials", boost=2),
        index.SearchField("summary"),
        index.SearchField("conditions"),
        index.SearchField("steps"),
        index.SearchField("accepting_unit"),
        index.SearchField("result_name"),
        index.SearchField("legal_bases"),
        index.SearchField("faq"),
        index.FilterField("item_type"),
        index.FilterField("online_depth"),
        index.FilterField("visits"),
        index.FilterField("for_individuals"),
        index.FilterField("for_legal_entities"),
        # Facets of the Elasticsearch query; the database search facets with the ORM.
        index.FilterField("department_name"),
        index.FilterField("theme_names"),
        index.FilterField("service_objects"),
        index.FilterField("service_object_kinds"),
        # The catalog's yes/no and 通办范围 filters (catalog.browsing.FACTS), on every backend.
        index.FilterField("assisted_service"),
        index.FilterField("general_scope"),
        index.FilterField("appointment"),
        index.FilterField("has_exempt_materials"),
        index.FilterField("has_commitment_materials"),
    ]

    edit_handler = TabbedInterface([
        ObjectList([
            MultiFieldPanel([FieldPanel("change_note"), FieldPanel("major_change")],
                            heading="本次更新（发布时记入更新记录）"),
            TitleFieldPanel("title", heading="事项名称"),
            FieldRowPanel([FieldPanel("item_code"), FieldPanel("item_version")]),
            FieldRowPanel([FieldPanel("item_type"), FieldPanel("service_category")]),
            FieldPanel("service_object_kinds"),
            FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
            FieldPanel("keywords"),
            FieldPanel("summary"),
            MultiFieldPanel([
                FieldPanel("accepting_unit"),
                FieldRowPanel([FieldPanel("entrusted_department"), FieldPanel("joint_agencies")]),
                FieldPanel("exercise_level"),
            ], heading="实施主体与受理单位"),
        ], heading="基本信息"),
        ObjectList([
            FieldPanel("legal_bases"),
            FieldPanel("conditions"),
            FieldPanel("quantity_limit"),
            FieldPanel("prohibited_requirements"),
        ], heading="依据与条件"),
        ObjectList([FieldPanel("materials"), FieldPanel("common_errors")], heading="申请材料"),
        ObjectList([
            FieldPanel("steps"),
            FieldPanel("special_procedures"),
            FieldPanel("flowchart_image"),
        ], heading="办理流程"),
        ObjectList([
            FieldRowPanel([FieldPanel("legal_time_limit"), FieldPanel("legal_time_limit_unit")]),
            FieldRowPanel([FieldPanel("promised_time_limit"),
                           FieldPanel("promised_time_limit_unit")]),
            FieldPanel("time_limit_note"),
            FieldPanel("handling_type"),
            FieldPanel("charges_fee"),
            FieldPanel("fees"),
        ], heading="时限与收费"),
        ObjectList([
            InlinePanel("hall_links", heading="办理地点（办事大厅）", label="办理地点"),
            FieldPanel("location_note"),
            FieldPanel("handling_hours"),
            FieldRowPanel([FieldPanel("visits"), FieldPanel("online_depth"),
                           FieldPanel("general_scope")]),
            FieldRowPanel([FieldPanel("online_url"), FieldPanel("mobile_url")]),
            MultiFieldPanel([
                FieldPanel("appointment"), FieldPanel("express_delivery"),
                FieldPanel("online_payment"), FieldPanel("self_service_terminal"),
                FieldPanel("assisted_service"), FieldPanel("attorney_document"),
            ], heading="便民服务"),
        ], heading="地点与方式"),
        ObjectList([
            MultiFieldPanel([
                FieldPanel("result_name"),
                FieldRowPanel([FieldPanel("result_type"), FieldPanel("result_validity")]),
                FieldPanel("result_sample"),
            ], heading="办理结果"),
            MultiFieldPanel([
                FieldPanel("consultation_phone"), FieldPanel("consultation_online"),
                FieldPanel("consultation_address"),
            ], heading="咨询方式"),
            MultiFieldPanel([
                FieldPanel("complaint_phone"), FieldPanel("complaint_online"),
                FieldPanel("complaint_address"),
            ], heading="监督投诉方式"),
            FieldPanel("reconsideration"),
            FieldPanel("litigation"),
        ], heading="结果与咨询"),
        ObjectList([FieldPanel("faq")], heading="常见问题"),
        ObjectList([
            FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description"),
            FieldPanel("last_reviewed"),
        ], heading="推广"),
        ObjectList(Page.settings_panels + [FieldPanel("successor")], heading="设置"),
    ])

    api_fields = [
        APIField(name) for name in (
            "item_code", "item_type", "service_category", "for_individuals",
            "for_legal_entities", "service_objects", "service_object_kinds", "theme_names", "keywords", "keyword_list",
            "summary",
            "department_name", "accepting_unit", "entrusted_department", "joint_agencies",
            "exercise_level", "legal_bases", "conditions", "quantity_limit",
            "prohibited_requirements", "materials", "common_errors", "steps", "flowchart_url",
            "special_procedures",
            "legal_time_limit", "legal_time_limit_unit", "promised_time_limit",
            "promised_time_limit_unit", "time_limit_note", "handling_type", "charges_fee",
            "fees", "hall_list", "handling_hours", "location_note", "visits", "online_depth",
            "online_url", "mobile_url", "appointment", "express_delivery", "online_payment",
            "self_service_terminal", "general_scope", "assisted_service", "result_name",
            "result_type", "result_validity", "consultation_phone", "consultation_online",
            "consultation_address", "complaint_phone", "complaint_online",
            "complaint_address", "reconsideration", "litigation", "faq", "item_version",
            "last_reviewed", "public_history",
        )
    ]

    class Meta:
        verbose_name = "办事指南"
        verbose_name_plural = "办事指南"

    # --- what the templates, API and print read -------------------------------------------

    # What the database says about the guide, read once per instance: one guide page asked
    # for its department six times, its halls three and its history four (34 queries a page).
    @cached_property
    def department(self):
        from .pages import DepartmentPage

        return DepartmentPage.objects.filter(path=self.path[: -self.steplen]).first()

    @classmethod
    def prepare_for_index(cls, guides):
        """Departments and themes of a batch of guides in two queries: the search document
        reads both (``department_name``, ``theme_names``), a query each per guide otherwise,
        a fifth of a search cluster's rebuild time."""
        from .pages import DepartmentPage

        prefetch_related_objects(guides, "themes")
        parents = {guide.path[: -guide.steplen] for guide in guides}
        departments = {d.path: d for d in DepartmentPage.objects.filter(path__in=parents)}
        for guide in guides:
            guide.department = departments.get(guide.path[: -guide.steplen])

    @property
    def department_name(self):
        department = self.department
        return department.title if department else ""

    @property
    def service_object_kind_list(self):
        """The 服务对象 categories as imported and shown; a guide saved before they were stored
        stands for the members of its groups."""
        return (service_objects.split(self.service_object_kinds)
                or service_objects.kinds_of_groups(self.for_individuals, self.for_legal_entities))

    @property
    def service_objects(self):
        """What 服务对象 filters match (the search index's facet field): the groups' labels
        (自然人, 法人) and every category."""
        groups = [label for flag, label in ((self.for_individuals, "自然人"),
                                            (self.for_legal_entities, "法人")) if flag]
        return groups + [kind for kind in self.service_object_kind_list if kind not in groups]

    def clean(self):
        super().clean()
        self.sync_service_object_groups()

    def save(self, *args, **kwargs):
        # Here, not in clean(): publishing and ``save(clean=False)`` must not skip it. A draft
        # revision's save writes only Wagtail's bookkeeping fields (``update_fields``), so a
        # draft's materials never reach these columns.
        self.sync_material_flags()
        return super().save(*args, **kwargs)

    def sync_material_flags(self):
        """Set ``has_exempt_materials`` / ``has_commitment_materials`` from the materials (see
        ``catalog.materials.material_flags``); for writers that insert rows without ``save``."""
        self.has_exempt_materials, self.has_commitment_materials = material_flags(
            self.materials.raw_data)

    def sync_service_object_groups(self):
        """Derive the 个人/法人 flags from the stored categories (an editor edits those)."""
        kinds, unknown = service_objects.resolve(service_objects.split(
            service_objects.normalise_text(self.service_object_kinds)))
        if unknown:
            raise ValidationError({"service_object_kinds": service_objects.unknown_message(unknown)})
        if kinds:
            self.service_object_kinds = service_objects.join(kinds)
            self.for_individuals, self.for_legal_entities = service_objects.groups(kinds)

    @property
    def theme_names(self):
        return [theme.name for theme in self.themes.all()]

    @property
    def keyword_list(self):
        return [word for word in KEYWORD_SEPARATORS.split(self.keywords or "") if word]

    @property
    def condition_list(self):
        return [line.strip() for line in (self.conditions or "").splitlines() if line.strip()]

    @cached_property
    def live_hall_links(self):
        """The item's links to live halls (hall selected), read once per page for every part of
        it that names halls (the location section, the 帮办代办 block)."""
        return [link for link in self.hall_links.select_related("hall") if link.hall.live]

    @cached_property
    def hall_list(self):
        """Live halls handling this item, with their window; what the public may be sent to."""
        return [
            {"hall": link.hall.title, "url": link.hall.url, "address": link.hall.address,
             "hours": link.hall.opening_hours, "window": link.window, "note": link.note}
            for link in self.live_hall_links
        ]

    @property
    def required_material_count(self):
        return sum(
            1 for block in self.materials
            if block.value["necessity"] != choices.Necessity.OPTIONAL and not block.value["exempt"]
        )

    @property
    def fee_summary(self):
        """The fee in a few words for the summary row: the first item's standard, and how many
        more there are (e.g. 20元/证 等 3 项); 不收费 when nothing is charged."""
        if not self.charges_fee:
            return "不收费"
        standards = [block.value["standard"] or block.value["name"] for block in self.fees
                     if block.value["standard"] or block.value["name"]]
        if not standards:
            return "收费（标准见收费标准）"
        return standards[0] + (f" 等 {len(standards)} 项" if len(standards) > 1 else "")

    @property
    def is_online(self):
        return self.online_depth in (choices.OnlineDepth.PRE_REVIEW, choices.OnlineDepth.FULL)

    @property
    def promised_time_text(self):
        return format_time_limit(self.promised_time_limit, self.promised_time_limit_unit)

    @property
    def flowcharts(self):
        """Charts generated from the steps: one, or an online and an offline one.

        Empty when an editor uploaded a flowchart image instead, when there are no steps, or
        when Graphviz is unavailable (the steps list below the chart still tells it all).
        """
        if self.flowchart_image_id or not self.steps:
            return []
        charts = []
        for caption, steps in split_by_channel([block.value for block in self.steps]):
            flow = build_flow(steps, self.promised_time_text)
            svg = cached_svg(flow)
            if svg:
                charts.append({"caption": caption, "svg": svg, "summary": flow.text_summary()})
        return charts

    @property
    def flowchart_url(self):
        """Where the API points for the chart: the uploaded image, or the generated SVG."""
        if self.flowchart_image_id:
            return self.flowchart_image.file.url
        return self.full_url + "flowchart/" if self.steps and self.full_url else None

    @cached_property
    def public_history(self):
        """Major changes, newest first: what the 更新记录 section and the API show."""
        return [
            {"date": record.published_at.date().isoformat(), "note": record.note,
             "changes": record.summary_items}
            for record in self.change_records.filter(major=True)
        ]

    @cached_property
    def sections(self):
        """The guide's non-empty sections in reading order; drives page, nav and print alike."""
        return visible_sections(self, GUIDE_SECTIONS)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["department"] = self.department
        if not getattr(request, "is_preview", False):  # a preview's themes are its form's
            # Read once: the facts (theme_names) and the related guides both list them.
            prefetch_related_objects([self], "themes")
        return context

    # --- other renderings of the same guide (print/ and pdf/ are the printing app's: registered
    # with ``catalog.routes``) ------------------------------------------------------------------
    routes_from = routes.GUIDE

    @route("")
    def web_view(self, request):
        return self.render(request)

    @route("flowchart/")
    def flowchart_view(self, request):
        charts = self.flowcharts
        if not charts:
            raise Http404("本事项没有可生成的流程图。")
        return HttpResponse(standalone_svg(charts[0]["svg"]), content_type="image/svg+xml; charset=utf-8")

    @re_path(r"^samples/(\d+)/$", name="sample_text")
    def sample_text_view(self, request, index):
        """A material's sample text (示范文本) as a UTF-8 text file people can open and print."""
        index = int(index)
        if index >= len(self.materials) or not self.materials[index].value["sample_text"]:
            raise Http404("没有该示范文本。")
        material = self.materials[index].value
        response = HttpResponse("\ufeff" + material["sample_text"], content_type="text/plain; charset=utf-8")
        filename = quote(f"{material['name'].strip('《》')}-示范文本.txt")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
        return response


class GuideHall(Orderable):
    """Where an item is handled: a hall and its window. Kept on the guide so its editors own it."""

    guide = ParentalKey(ServiceGuidePage, related_name="hall_links", on_delete=models.CASCADE)
    hall = models.ForeignKey("catalog.HallPage", verbose_name="办事大厅", on_delete=models.CASCADE,
                             related_name="guide_links")
    window = models.CharField("窗口", max_length=50, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    panels = [FieldPanel("hall"), FieldRowPanel([FieldPanel("window"), FieldPanel("note")])]

    class Meta(Orderable.Meta):
        verbose_name = "办理地点"
