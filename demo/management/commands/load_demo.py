"""Load the demo catalog (示范市) once: departments, guides, halls, bundles and demo users."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from catalog.site_url import point_default_site_at
from demo.loader import is_loaded, load_demo


class Command(BaseCommand):
    help = "加载演示数据（示范市事项清单、办事大厅、一件事和演示账号）；已加载则跳过。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url", default="",
            help="演示站点的访问地址（如 http://127.0.0.1:8000），用于页面的规范网址、开放数据和打印的二维码；"
                 "默认取 SITE_URL 设置。每次运行都会更新，已加载演示数据时也是。")

    def handle(self, *args, **options):
        if is_loaded():
            self.stdout.write("演示数据已存在，跳过加载。")
        else:
            self.load()
        site_url = options["site_url"] or settings.SITE_URL
        if site_url:
            try:
                self.stdout.write(f"站点地址：{point_default_site_at(site_url)}")
            except ValueError as error:
                raise CommandError(str(error)) from error

    def load(self):
        counts = load_demo(progress=lambda message: self.stdout.write(f"  {message}"))
        self.stdout.write(self.style.SUCCESS(
            "演示数据已加载：{departments} 个部门，{guides} 项办事指南，{halls} 个办事大厅，"
            "{bundles} 个一件事，{themes} 个主题，{error_examples} 个可复用常见错误示例，"
            "{documents} 份表格文件，{users} 个演示账号。".format(**counts)
        ))
        # Like an import, a bulk load ends with a full rebuild so the search dictionary knows
        # every title, alias and material name before any page is (re)indexed.
        call_command("rebuild_search", stdout=self.stdout)
