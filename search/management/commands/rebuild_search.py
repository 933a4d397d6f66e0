"""Rebuild the search dictionary and index (see search/indexing.py)."""

import time

from django.core.management.base import BaseCommand

from catalog.progress import ProgressBar
from search.indexing import rebuild


class Command(BaseCommand):
    help = ("重建搜索：先从全部事项名称、俗称和材料名称重建分词词典，再重建搜索索引。"
            "批量导入或加载演示数据后运行；使用 Elasticsearch 时同样适用。")

    def add_arguments(self, parser):
        parser.add_argument("--backend", action="append", dest="backends",
                            help="只重建指定的搜索后端（WAGTAILSEARCH_BACKENDS 中的名称），可重复")

    def handle(self, *args, backends=None, **options):
        started = time.monotonic()
        count = rebuild(backends, progress=ProgressBar(self.stdout) if options["verbosity"] else None)
        self.stdout.write(self.style.SUCCESS(
            f"搜索索引已重建：{count} 个对象，用时 {time.monotonic() - started:.1f} 秒。"))
