"""Load the demo catalog (示范市) once: departments, guides, halls, bundles and demo users."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo.loader import is_loaded, load_demo


class Command(BaseCommand):
    help = "加载演示数据（示范市事项清单、办事大厅、一件事和演示账号）；已加载则跳过。"

    def handle(self, *args, **options):
        if is_loaded():
            self.stdout.write("演示数据已存在，跳过加载。")
            return
        counts = load_demo(progress=lambda message: self.stdout.write(f"  {message}"))
        self.stdout.write(self.style.SUCCESS(
            "演示数据已加载：{departments} 个部门，{guides} 项办事指南，{halls} 个办事大厅，"
            "{bundles} 个一件事，{themes} 个主题，{error_examples} 个可复用常见错误示例，"
            "{documents} 份表格文件，{users} 个演示账号。".format(**counts)
        ))
        # Like an import, a bulk load ends with a full rebuild so the search dictionary knows
        # every title, alias and material name before any page is (re)indexed.
        call_command("rebuild_search", stdout=self.stdout)
