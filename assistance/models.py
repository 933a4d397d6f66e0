"""帮办代办 requests: a citizen asks a hall for assisted (帮办) or agency (代办) service.

The request keeps the department and hall it was sent to, so each hall's and department's staff
find their own queue; the status history is a list of events, each with the note the citizen
sees on the status page (and, for 材料待补, the one complete list of what is missing).
"""

from django.conf import settings
from django.db import models

from .core import new_reference


class Service(models.TextChoices):
    ASSIST = "帮办", "帮办（工作人员陪同、指导您办理）"
    AGENCY = "代办", "代办（交材料和委托书后由工作人员代为办理）"
    HOME_VISIT = "上门", "上门服务"
    OFF_HOURS = "预约非工作日", "预约非工作日办理"


class SpecialGroup(models.TextChoices):
    NONE = "", "无"
    ELDERLY = "老年人", "老年人"
    DISABLED = "残疾人", "残疾人"
    OTHER = "其他", "其他"


class Status(models.TextChoices):
    SUBMITTED = "已提交", "已提交"
    ACCEPTED = "已受理", "已受理"
    MISSING = "材料待补", "材料待补"
    IN_PROGRESS = "办理中", "办理中"
    DONE = "已办结", "已办结"
    WITHDRAWN = "已撤回", "已撤回"


CLOSED = (Status.DONE, Status.WITHDRAWN)
PRIORITY_GROUPS = (SpecialGroup.ELDERLY, SpecialGroup.DISABLED)


class HelperTeam(models.Model):
    """A hall's 帮办代办 team: the named helpers who take its requests. A member sees the
    requests sent to the team's hall (and only those); the guide page names the team."""

    hall = models.ForeignKey("catalog.HallPage", verbose_name="办事大厅", on_delete=models.CASCADE,
                             related_name="helper_teams")
    name = models.CharField("名称", max_length=100, help_text="如：帮办代办服务队")
    window = models.CharField("窗口", max_length=50, blank=True, help_text="如：A01（帮办代办窗口）")
    phone = models.CharField("联系电话", max_length=100, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="帮办员", blank=True,
                                     related_name="helper_teams")

    class Meta:
        verbose_name = "帮办代办服务队"
        verbose_name_plural = "帮办代办服务队"
        ordering = ["hall__title", "name"]

    def __str__(self):
        return f"{self.hall.title}·{self.name}"


class AssistanceRequest(models.Model):
    reference = models.CharField("受理编号", max_length=20, unique=True, default=new_reference,
                                 editable=False)
    guide = models.ForeignKey("catalog.ServiceGuidePage", verbose_name="办事指南", null=True,
                              on_delete=models.SET_NULL, related_name="assistance_requests")
    guide_title = models.CharField("事项名称", max_length=255, blank=True)
    department = models.ForeignKey("catalog.DepartmentPage", verbose_name="部门", null=True,
                                   on_delete=models.SET_NULL, related_name="assistance_requests")
    hall = models.ForeignKey("catalog.HallPage", verbose_name="办事大厅", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="assistance_requests")
    service = models.CharField("服务方式", max_length=8, choices=Service.choices)
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("手机号码", max_length=20)
    preferred_time = models.CharField("希望办理时间", max_length=100, blank=True)
    special_group = models.CharField("特殊群体", max_length=4, choices=SpecialGroup.choices,
                                     blank=True)
    note = models.TextField("备注", blank=True)
    status = models.CharField("状态", max_length=8, choices=Status.choices,
                              default=Status.SUBMITTED)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    anonymised_at = models.DateTimeField("匿名化时间", null=True, blank=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True,
                                 blank=True, on_delete=models.SET_NULL, related_name="+")
    first_response_at = models.DateTimeField("首次响应时间", null=True, blank=True)

    class Meta:
        verbose_name = "帮办代办申请"
        verbose_name_plural = "帮办代办申请"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.reference} {self.guide_title}"

    @property
    def assignee_name(self):
        if self.assignee is None:
            return ""
        return self.assignee.get_full_name() or self.assignee.username

    @property
    def is_priority(self):
        return self.special_group in PRIORITY_GROUPS


class StatusEvent(models.Model):
    """One step of a request's timeline, shown to the citizen with its date and note."""

    request = models.ForeignKey(AssistanceRequest, on_delete=models.CASCADE,
                                related_name="events")
    status = models.CharField("状态", max_length=8, choices=Status.choices)
    note = models.TextField("给申请人的说明", blank=True)
    missing = models.JSONField("待补材料", default=list, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办人", null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "pk"]

    @property
    def by_name(self):
        return (self.by.get_full_name() or self.by.username) if self.by else ""
