"""What search keeps besides the index: editors' synonyms, the domain dictionary, missed queries."""

import uuid

from django.db import models
from django.db.models import F
from django.utils import timezone

from catalog.models.guide import KEYWORD_SEPARATORS

MAX_LOGGED_QUERY = 100


class Synonym(models.Model):
    """People's word for something and the official words it stands for (准生证 → 生育服务证).

    A query containing ``term`` also matches any of ``targets``. Maintained by editors; takes
    effect on the next search, no reindexing needed.
    """

    term = models.CharField("群众说法", max_length=50, unique=True,
                            error_messages={"unique": "这个说法已经有同义词条目，请直接编辑它。"},
                            help_text="群众搜索时常用的说法，如：准生证")
    targets = models.CharField("规范用语", max_length=300,
                               help_text="搜索时一并查找的规范名称，用顿号或逗号分隔，如：生育服务证、生育登记")
    note = models.CharField("备注", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["term"]
        verbose_name = "搜索同义词"
        verbose_name_plural = "搜索同义词"

    def __str__(self):
        return f"{self.term} → {self.targets}"

    @property
    def target_list(self):
        return [word for word in KEYWORD_SEPARATORS.split(self.targets or "") if word]

    @classmethod
    def table(cls):
        return {synonym.term: synonym.target_list for synonym in cls.objects.all()}


class DictionaryWord(models.Model):
    """A word of the catalog (a title, alias or material name phrase) that segmentation keeps whole.

    Filled as pages are indexed and by ``rebuild_search``; every worker process loads the new
    rows before its next search, so index and query are segmented with the same dictionary.
    """

    word = models.CharField("词语", max_length=32, unique=True)

    class Meta:
        verbose_name = "分词词典词语"
        verbose_name_plural = "分词词典"

    def __str__(self):
        return self.word


class ZeroResultQuery(models.Model):
    """A search that found nothing: editors read these to add aliases, synonyms or guides."""

    query_string = models.CharField("搜索词", max_length=MAX_LOGGED_QUERY, unique=True)
    count = models.PositiveIntegerField("次数", default=0)
    first_seen = models.DateTimeField("首次出现", default=timezone.now)
    last_seen = models.DateTimeField("最近出现", default=timezone.now)
    partial = models.BooleanField("有部分匹配", default=False,
                                  help_text="最近一次搜索时，放宽为“包含任一词语”后是否找到了事项")

    class Meta:
        ordering = ["-count", "-last_seen"]
        verbose_name = "无结果搜索词"
        verbose_name_plural = "无结果搜索词"

    def __str__(self):
        return self.query_string

    @classmethod
    def record(cls, query_string, partial=False):
        """Count one more search for ``query_string`` (trimmed); a single UPDATE when known."""
        query_string = " ".join(query_string.split())[:MAX_LOGGED_QUERY]
        if not query_string:
            return
        now = timezone.now()
        changes = {"count": F("count") + 1, "last_seen": now, "partial": partial}
        if not cls.objects.filter(query_string=query_string).update(**changes):
            obj, created = cls.objects.get_or_create(query_string=query_string, defaults={
                "count": 1, "first_seen": now, "last_seen": now, "partial": partial})
            if not created:
                cls.objects.filter(pk=obj.pk).update(**changes)


class IndexState(models.Model):
    """One row whose token changes whenever the database index is written.

    Workers keep tables derived from the index (``search/catalog_table.py``) and rebuild them when
    the token differs. A random token, not a counter or the newest entry's id: those can come back
    to an old value (ids are reused after a delete; a rolled-back transaction undoes a count).
    """

    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = "搜索索引状态"

    @classmethod
    def bump(cls):
        if not cls.objects.filter(pk=1).update(token=uuid.uuid4()):
            cls.objects.get_or_create(pk=1)

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).values_list("token", flat=True).first()


class PendingIndexUpdate(models.Model):
    """An object whose write to the search cluster failed because the cluster was unreachable.

    ``search.backends.cluster`` records it and writes the object again, as it is by then, once the
    cluster answers (``catch_up``); a rebuild makes every record obsolete.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"],
                                               name="zhinan_search_pending_object")]
        verbose_name = "待补写的搜索索引"

    @classmethod
    def record(cls, model, pks):
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(model)
        cls.objects.bulk_create(
            [cls(content_type=content_type, object_id=str(pk)) for pk in pks],
            update_conflicts=True, unique_fields=["content_type", "object_id"],
            update_fields=["recorded_at"])

    @classmethod
    def forget(cls, rows):
        """Drop ``rows`` unless recorded again since they were read."""
        condition = models.Q(pk__in=[])
        for row in rows:
            condition |= models.Q(pk=row.pk, recorded_at=row.recorded_at)
        if rows:
            cls.objects.filter(condition).delete()
