"""Import a catalog workbook: check everything first, write nothing unless all of it is valid."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from catalog.models import DepartmentPage
from importing.batches import create_batch, record_import
from importing.importer import OUTCOME_LABELS, import_files
from importing.models import ImportBatch
from importing.plan import ACTION_LABELS, CHANGED, CREATED
from catalog.progress import ProgressBar

LISTED = 50


class Command(BaseCommand):
    help = ("从事项清单工作簿（.xlsx、.csv、.zip、.json）批量导入事项和办事指南。先核对全部内容，"
            "有任何错误则不写入；有变化的指南各保存一个新修订，无变化的不动。")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE",
                            help="工作簿文件；多个 CSV 文件（事项.csv、材料.csv …）合为一个工作簿")
        parser.add_argument("--dry-run", action="store_true",
                            help="只核对并列出将新建、修改的内容，不写入")
        parser.add_argument("--publish", action="store_true",
                            help="导入后发布；用 --user 且该用户无发布权限时提交部门审核。默认保存为草稿")
        parser.add_argument("--department", metavar="SLUG",
                            help="只导入这个部门（部门页面的 slug）的事项，表中其他部门的事项报错")
        parser.add_argument("--create-missing", action="store_true",
                            help="创建表中提到而网站上没有的部门、办事大厅和主题（默认报错）")
        parser.add_argument("--user", metavar="USERNAME",
                            help="以该用户身份导入：按其页面权限检查，修订记在其名下")
        parser.add_argument("--note", default="",
                            help="导入说明：写入页面历史，发布时也是公开更新记录里的更新说明"
                                 "（默认“批量导入：文件名”）")

    def handle(self, *args, **options):
        files = [self.read(path) for path in options["files"]]
        user = self.user(options["user"])
        department = self.department(options["department"])
        progress = ProgressBar(self.stdout)
        plan = import_files(files, user=user, department=department,
                            create_missing=options["create_missing"], progress=progress,
                            keep_pages=not options["dry_run"])
        self.show(plan, options["verbosity"])
        if not plan.ok:
            raise CommandError(f"发现 {len(plan.problems)} 个问题，未导入任何内容。")
        counts = plan.counts()
        if options["dry_run"]:
            self.stdout.write("试运行：未写入任何内容。")
            return
        if not counts[CREATED] and not counts[CHANGED]:
            self.stdout.write(self.style.SUCCESS("没有需要导入的变化，未保存任何修订。"))
            return
        batch = create_batch("、".join(name for name, _ in files), b"", user=user,
                             department=department, create_missing=options["create_missing"],
                             source=ImportBatch.Source.COMMAND, keep_content=False)
        try:
            record_import(batch, plan, publish=options["publish"], note=options["note"],
                          progress=progress)
        except Exception as error:
            raise CommandError(f"导入失败，事项清单未作任何改动：{error}") from error
        outcomes = {}
        for entry in plan.entries:
            if entry.outcome:
                outcomes[entry.outcome] = outcomes.get(entry.outcome, 0) + 1
        summary = "，".join(f"{OUTCOME_LABELS[o]} {n} 项" for o, n in outcomes.items())
        self.stdout.write(self.style.SUCCESS(f"导入完成（批次 #{batch.pk}）：{summary}。"))
        if plan.not_indexed:
            self.stderr.write(self.style.WARNING(
                f"注意：{plan.not_indexed} 项未能加入站内搜索（详见日志），"
                "请运行 manage.py rebuild_search 重建搜索索引。"))

    def read(self, path):
        path = Path(path)
        if not path.is_file():
            raise CommandError(f"找不到文件「{path}」。")
        return path.name, path.read_bytes()

    def user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"没有用户「{username}」。") from None

    def department(self, slug):
        if not slug:
            return None
        department = DepartmentPage.objects.filter(slug=slug).first()
        if department is None:
            slugs = "、".join(DepartmentPage.objects.order_by("path").values_list("slug", flat=True))
            raise CommandError(f"没有 slug 为「{slug}」的部门。可用的部门：{slugs}")
        return department

    def show(self, plan, verbosity):
        if plan.problems:  # what the import would do is only known once the file is right
            for problem in plan.problems:
                self.stderr.write(str(problem))
            return
        counts = plan.counts()
        self.stdout.write("，".join(f"{ACTION_LABELS[a]} {n} 项" for a, n in counts.items()))
        for kind, label in (("department", "部门"), ("hall", "办事大厅"), ("theme", "主题")):
            if plan.pending[kind]:
                self.stdout.write(f"将新建{label}：{'、'.join(plan.pending[kind])}")
        shown = 0
        for entry in plan.entries:
            if entry.action == CHANGED or (entry.action == CREATED and verbosity > 1):
                if shown == LISTED and verbosity < 2:
                    self.stdout.write("…（用 -v 2 列出全部）")
                    break
                shown += 1
                self.stdout.write(f"{ACTION_LABELS[entry.action]}：{entry.code} {entry.title}"
                                  f"（{entry.department}）")
                for note in entry.notes:
                    self.stdout.write(f"    注意：{note}")
                for change in entry.changes:
                    self.stdout.write(f"    {change}")
