"""Create or repair every department's editor/reviewer groups, collection and permissions."""

from django.core.management.base import BaseCommand

from catalog.access import provision_department
from catalog.models import DepartmentPage


class Command(BaseCommand):
    help = "为每个部门创建（或修复）编辑组、审核组、素材集合及其权限。"

    def handle(self, *args, **options):
        for department in DepartmentPage.objects.all():
            editors, reviewers, collection = provision_department(department)
            self.stdout.write(f"{department.title}：{editors.name}、{reviewers.name}、集合「{collection.name}」")
