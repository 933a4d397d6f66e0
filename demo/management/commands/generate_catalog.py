"""Fill the database with a synthetic catalog of live guides for benchmarks (see demo/synthetic.py)."""

import time

from django.core.management.base import BaseCommand, CommandError

from catalog.progress import ProgressBar
from demo.synthetic import generate


class Command(BaseCommand):
    help = ("生成合成事项清单（用于性能测试）：在演示部门下批量创建已发布的办事指南，"
            "内容由演示指南变化而来。未加载演示数据时先加载。不写入搜索索引，需要时再运行 rebuild_search。")

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=20000, help="生成的办事指南数量（默认 20000）")
        parser.add_argument("--seed", type=int, default=1, help="随机种子，相同种子生成相同内容（默认 1）")

    def handle(self, *args, count, seed, **options):
        if count < 1:
            raise CommandError("--count 必须是正整数。")
        started = time.monotonic()
        bar = ProgressBar(self.stdout)
        ids = generate(count, seed=seed, progress=lambda done, total: bar("生成", done, total))
        self.stdout.write(self.style.SUCCESS(
            f"已生成 {len(ids)} 项办事指南，用时 {time.monotonic() - started:.1f} 秒。"))
