"""Export the catalog as the workbook (xlsx, a zip of CSV files, or JSON), or the blank template."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.models import DepartmentPage
from importing.exporter import FORMATS, export_workbook, template_workbook
from catalog.progress import ProgressBar


class Command(BaseCommand):
    help = ("把事项清单导出为工作簿（与导入格式相同，导出后再导入不产生任何变化）。默认只导出已发布的内容；"
            "CSV 格式为每个工作表一个 .csv 文件的 zip 压缩包。")

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=FORMATS, default="xlsx", help="xlsx（默认）、csv 或 json")
        parser.add_argument("--output", required=True, metavar="FILE", help="写入的文件")
        parser.add_argument("--department", metavar="SLUG", help="只导出这个部门的事项")
        parser.add_argument("--drafts", action="store_true",
                            help="导出各指南的最新修订（含未发布的修改和草稿），供部门离线编辑后再导入；不得公开")
        parser.add_argument("--template", action="store_true", help="导出空白模板（xlsx，含填写说明和下拉选项）")

    def handle(self, *args, **options):
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"目录「{output.parent}」不存在。")
        if options["template"]:
            output.write_bytes(template_workbook())
            self.stdout.write(self.style.SUCCESS(f"空白模板已写入 {output}"))
            return
        department = None
        if options["department"]:
            department = DepartmentPage.objects.filter(slug=options["department"]).first()
            if department is None:
                raise CommandError(f"没有 slug 为「{options['department']}」的部门。")
        progress = ProgressBar(self.stdout)
        data = export_workbook(options["format"], live=not options["drafts"], department=department,
                               progress=progress)
        output.write_bytes(data)
        scope = "最新修订（含未发布内容，不得公开）" if options["drafts"] else "已发布内容"
        self.stdout.write(self.style.SUCCESS(
            f"已导出{scope}到 {output}（{len(data) / 1024:.0f} KB）"))
