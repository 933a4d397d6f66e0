"""What the public tells a department about a guide: error reports (纠错) and ratings (好差评).

Nothing personal is asked for: a contact is optional and no IP address is stored (the rate
limit keeps a hashed client key in the cache only, for minutes). The department is copied from
the guide when the feedback arrives, so each department's staff see their own feedback even
though the guide's parent page is what owns it in the tree.
"""

from django.conf import settings
from django.db import models


class Kind(models.TextChoices):
    ERROR_REPORT = "纠错", "纠错"
    RATING = "评价", "评价"


class Score(models.IntegerChoices):
    """The five levels of the national 好差评 system, best first."""

    VERY_SATISFIED = 5, "非常满意"
    SATISFIED = 4, "满意"
    NEUTRAL = 3, "基本满意"
    DISSATISFIED = 2, "不满意"
    VERY_DISSATISFIED = 1, "非常不满意"


class Status(models.TextChoices):
    NEW = "待处理", "待处理"
    HANDLED = "已处理", "已处理"
    REPLIED = "已回复", "已回复"


class Feedback(models.Model):
    kind = models.CharField("类型", max_length=4, choices=Kind.choices)
    guide = models.ForeignKey("catalog.ServiceGuidePage", verbose_name="办事指南",
                              on_delete=models.CASCADE, related_name="feedback")
    department = models.ForeignKey("catalog.DepartmentPage", verbose_name="部门", null=True,
                                   on_delete=models.SET_NULL, related_name="feedback")
    score = models.PositiveSmallIntegerField("评价", choices=Score.choices, null=True, blank=True)
    section = models.CharField("涉及内容", max_length=20, blank=True)
    text = models.TextField("内容", blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)

    status = models.CharField("处理状态", max_length=4, choices=Status.choices,
                              default=Status.NEW, db_index=True)
    reply = models.TextField("答复内容", blank=True,
                             help_text="已联系提交人或已在指南中更正时，简要记录答复内容。")
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="处理人", null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "意见反馈"
        verbose_name_plural = "意见反馈"
        indexes = [models.Index(fields=["department", "kind", "status"])]

    def __str__(self):
        what = self.get_score_display() if self.kind == Kind.RATING else self.text[:30]
        return f"{self.kind}：{self.guide.title} · {what}"


class GuideViewCount(models.Model):
    """Views of a live guide per day, flushed from each web worker's counter (feedback/views_counter.py)."""

    guide = models.ForeignKey("catalog.ServiceGuidePage", on_delete=models.CASCADE,
                              related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "浏览量"
        verbose_name_plural = "浏览量"
        constraints = [models.UniqueConstraint(fields=["guide", "day"], name="one_count_per_day")]
