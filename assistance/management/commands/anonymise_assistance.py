"""Erase the personal fields of 帮办代办 requests closed longer ago than the retention period."""

from django.core.management.base import BaseCommand

from assistance.retention import anonymise_closed, retention_days


class Command(BaseCommand):
    help = "匿名化办结超过保存期限（ASSISTANCE_RETENTION_DAYS，默认 180 天）的帮办代办申请"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="保存天数（默认取设置）")

    def handle(self, *args, days=None, **options):
        count = anonymise_closed(days=days)
        if count or options["verbosity"] > 1:  # the scheduler runs it every minute: quiet
            kept = days if days is not None else retention_days()
            self.stdout.write(f"已匿名化 {count} 条办结超过 {kept} 天的申请。")
