"""manage.py build_handbook: lay out a handbook PDF for a hall, department, theme or bundle."""

import time
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from printing import scopes
from printing.handbooks import EmptyHandbook, HandbookSpec, build_handbook
from printing.pdf import BOOKLET
from catalog.progress import ProgressBar


FORMATS = {"a4": "A4", "a5": "A5", "a5-booklet": BOOKLET}


class Command(BaseCommand):
    help = (
        "生成办事指南手册 PDF（只收录已发布的办事指南）。示例：\n"
        "  manage.py build_handbook --hall shimin-zhongxin --output build/手册.pdf\n"
        "  manage.py build_handbook --department gongan --output gongan.pdf --a5\n"
        "  manage.py build_handbook --bundle xinshenger-chusheng --output 小册子.pdf "
        "--format a5-booklet"
    )

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--hall", metavar="SLUG", help="办事大厅的英文标识：在该大厅办理的全部事项")
        target.add_argument("--department", metavar="SLUG", help="部门的英文标识")
        target.add_argument("--theme", metavar="SLUG", help="主题的英文标识")
        target.add_argument("--bundle", metavar="SLUG", help="一件事的英文标识")
        parser.add_argument("--output", required=True, metavar="FILE.pdf", help="输出的 PDF 文件")
        paper = parser.add_mutually_exclusive_group()
        paper.add_argument("--format", choices=sorted(FORMATS), default="a4",
                           help="纸张：a4（默认）、a5（A5 逐页）、a5-booklet（A5 骑马订小册子："
                                "两页拼在一张 A4 横向纸上，双面打印后对折装订）")
        paper.add_argument("--a5", action="store_const", const="a5", dest="format",
                           help="同 --format a5")
        parser.add_argument("--title", help="手册名称（默认：<范围>办事指南）")
        parser.add_argument("--issuer", default=settings.WAGTAIL_SITE_NAME, help="编印单位")
        parser.add_argument("--edition", type=date.fromisoformat, default=None,
                            metavar="YYYY-MM-DD", help="版次日期（默认今天）")

    def handle(self, *args, **options):
        kind = next(k for k in (scopes.HALL, scopes.DEPARTMENT, scopes.THEME, scopes.BUNDLE)
                    if options[k])
        try:
            scope = scopes.scope_for(kind, options[kind])
        except scopes.ScopeNotFound as error:
            raise CommandError(str(error)) from None
        output = Path(options["output"])
        if output.suffix.lower() != ".pdf":
            raise CommandError("输出文件应以 .pdf 结尾。")
        output.parent.mkdir(parents=True, exist_ok=True)
        spec = HandbookSpec(
            scope=scope, title=options["title"] or f"{scope.label}办事指南",
            issuing_unit=options["issuer"], edition_date=options["edition"] or date.today(),
            size=FORMATS[options["format"]],
        )
        started = time.monotonic()
        try:
            built = build_handbook(spec, progress=ProgressBar(self.stderr))
        except EmptyHandbook as error:
            raise CommandError(str(error)) from None
        output.write_bytes(built.pdf)
        self.stdout.write(self.style.SUCCESS(
            f"已生成 {output}：{len(built.contents)} 项办事指南，{built.page_count} 页，"
            f"{len(built.pdf) / 1024 / 1024:.1f} MB，用时 {time.monotonic() - started:.1f} 秒。"))
