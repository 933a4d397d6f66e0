"""Lay out the flowcharts of every live guide, so no citizen's first view waits for Graphviz."""

from django.core.management.base import BaseCommand

from catalog.models import ServiceGuidePage
from catalog.progress import ProgressBar
from catalog.publishing import lay_out_all_flowcharts


class Command(BaseCommand):
    help = ("为所有已发布的办事指南预先生成流程图（导入或批量发布之后运行一次；"
            "单个指南发布时会自动生成）。已生成过的流程图直接复用。")

    def handle(self, *args, **options):
        guides = ServiceGuidePage.objects.live().order_by("pk")
        count = lay_out_all_flowcharts(
            guides, progress=ProgressBar(self.stdout) if options["verbosity"] else None)
        self.stdout.write(f"已为 {count} 个办事指南生成流程图。")
