"""The admin's upload and confirmation forms."""

from django import forms

from catalog.models import DepartmentPage

from .files import max_bytes

DRAFT, PUBLISH = "draft", "publish"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="工作簿文件",
        help_text="Excel 工作簿（.xlsx）、CSV（UTF-8 或 GBK）、多个 CSV 的 .zip 压缩包或 .json，"
                  "不超过 20 MB。先核对、预览，确认后才写入。",
    )
    department = forms.ModelChoiceField(
        label="限定部门", queryset=DepartmentPage.objects.none(), required=False,
        empty_label="不限（按表中的「实施主体」）",
        help_text="选择后，表中其他部门的事项会报错；新事项未填「实施主体」时归入该部门。",
    )
    create_missing = forms.BooleanField(
        label="创建表中提到而网站上没有的部门、办事大厅和主题", required=False,
        help_text="不勾选时，这些名称会作为错误列出。新建的办事大厅为草稿，需补充地址和开放时间后发布。",
    )

    def __init__(self, *args, departments=(), can_create=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = DepartmentPage.objects.filter(
            pk__in=[d.pk for d in departments]).order_by("path")
        if len(departments) == 1 and not can_create:
            self.fields["department"].initial = departments[0].pk
        if not can_create:
            del self.fields["create_missing"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                f"文件大小为 {upload.size / 1024 / 1024:.1f} MB，超过 {limit // 1024 // 1024} MB 的上限；"
                "请按部门拆分成几个文件分别导入。")
        return upload


class ConfirmForm(forms.Form):
    mode = forms.ChoiceField(
        label="导入后", widget=forms.RadioSelect, initial=DRAFT,
        choices=[(DRAFT, "保存为草稿：之后在后台逐项检查、发布或提交审核"),
                 (PUBLISH, "发布：有发布权限的直接发布，没有的提交本部门审核")],
    )
    note = forms.CharField(label="导入说明", required=False, max_length=200,
                           help_text="写入每个指南的页面历史，发布时也是公开更新记录里的更新说明，"
                                     "如：2026 年第三季度事项清单调整。不填则为“批量导入：文件名”。")
