"""How a guide's repeatable parts are composed: legal bases, materials, steps, fees, FAQ.

Each StructBlock is one item of an ordered list an editor maintains. Facts that the public
filters on (item code, visits, online depth) are model fields, not blocks; see ``models/guide.py``.
"""

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from . import choices

END_TARGET = "end"


class ChoiceBlock(blocks.ChoiceBlock):
    """Wagtail's ChoiceBlock, finding a stored value's choice in a dictionary.

    Wagtail's looks the value up by walking ``field.choices``, which it keeps as a callable
    that builds and normalises the whole list again on each access; reading, cleaning and
    indexing a guide does that some 170 times (its materials' and steps' choices), which was a
    tenth of an import's checking. The choices are fixed (``catalog.choices``), so the lookup is
    built once. Migrations see a plain ChoiceBlock (Wagtail deconstructs subclasses so).
    """

    def normalize_choice(self, value):
        if value is None:
            return None
        return self._choice_keys.get(str(value), value)

    @cached_property
    def _choice_keys(self):
        keys = {}
        for key, label in self.field.choices:
            for subkey in ([k for k, _label in label] if isinstance(label, (list, tuple))
                           else [key]):
                keys.setdefault(str(subkey), subkey)
        return keys


def _choice_block(choice_class, label, default=None, required=True):
    return ChoiceBlock(
        choices=choice_class.choices,
        label=label,
        default=default or choice_class.choices[0][0],
        required=required,
    )


def _require(value, names):
    """Raise a Chinese, field-named error for each empty required child of a StructBlock.

    Wagtail's own message is the generic "这个字段是必填项"; a guide form is long, so the message
    says which field of which item is missing.
    """
    errors = {
        name: ValidationError(f"请填写「{label}」。")
        for name, label in names.items()
        if not str(value.get(name) or "").strip()
    }
    if errors:
        raise StructBlockValidationError(block_errors=errors)


class LegalBasisBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="法律法规名称", max_length=200, required=False)
    document_number = blocks.CharBlock(label="文号", max_length=100, required=False)
    article = blocks.CharBlock(label="条款", max_length=100, required=False)
    content = blocks.TextBlock(label="条款内容", required=False)

    def clean(self, value):
        _require(value, {"name": "法律法规名称"})
        return super().clean(value)

    class Meta:
        icon = "doc-full"
        label = "依据"
        form_classname = "struct-block zhinan-basis"


class ErrorExampleBlock(blocks.StructBlock):
    """A common mistake (常见错误示例): what is wrong, why it is refused, what is right."""

    wrong = blocks.TextBlock(label="错误做法", required=False)
    reason = blocks.TextBlock(label="不予受理原因", required=False)
    right = blocks.TextBlock(label="正确做法", required=False)
    wrong_image = ImageChooserBlock(label="错误示例图", required=False)
    right_image = ImageChooserBlock(label="正确示例图", required=False)

    def clean(self, value):
        _require(value, {"wrong": "错误做法", "right": "正确做法"})
        return super().clean(value)

    class Meta:
        icon = "warning"
        label = "常见错误示例"


class SharedErrorExampleBlock(SnippetChooserBlock):
    """A reference to a reusable ErrorExample snippet; the API shows its content, not an id."""

    def __init__(self, **kwargs):
        super().__init__("catalog.ErrorExample", **kwargs)

    def get_api_representation(self, value, context=None):
        return value.as_dict() if value else None

    def bulk_to_python(self, values):
        """The snippets with their pictures and the pictures' renditions read together: the
        page shows each picture through ``{% image %}``, two queries a picture otherwise."""
        examples = super().bulk_to_python(values)
        prefetch_related_objects([example for example in examples if example is not None],
                                 "wrong_image__renditions", "right_image__renditions")
        return examples

    class Meta:
        icon = "warning"
        label = "引用常见错误示例"


class MaterialBlock(blocks.StructBlock):
    """One application material (申请材料) with its sample text and common errors."""

    name = blocks.CharBlock(label="材料名称", max_length=200, required=False)
    necessity = _choice_block(choices.Necessity, "必要性")
    form = _choice_block(choices.MaterialForm, "材料形式")
    copies = blocks.IntegerBlock(label="份数", min_value=0, default=1, required=False)
    specification = blocks.CharBlock(label="规格", max_length=100, required=False,
                                     help_text="如：原件、复印件、A4 纸")
    source = _choice_block(choices.MaterialSource, "来源渠道")
    source_note = blocks.CharBlock(label="来源说明", max_length=300, required=False)
    blank_form = DocumentChooserBlock(label="空白表格", required=False)
    sample_document = DocumentChooserBlock(label="示范文本（文件）", required=False)
    sample_text = blocks.TextBlock(
        label="示范文本（文字）", required=False,
        help_text="填写部分用【】标出，页面上会突出显示。",
    )
    filling_instructions = blocks.TextBlock(label="填报须知", required=False)
    acceptance_standard = blocks.TextBlock(label="受理标准", required=False)
    exempt = blocks.BooleanBlock(label="免提交（通过数据共享获取）", required=False)
    commitment_allowed = blocks.BooleanBlock(label="可告知承诺", required=False)
    error_examples = blocks.ListBlock(ErrorExampleBlock(), label="常见错误示例", default=[])
    shared_error_examples = blocks.ListBlock(
        SharedErrorExampleBlock(), label="引用常见错误示例（可复用）", default=[],
    )

    def clean(self, value):
        _require(value, {"name": "材料名称"})
        return super().clean(value)

    class Meta:
        icon = "clipboard-list"
        label = "申请材料"


class BranchBlock(blocks.StructBlock):
    """An alternative outcome of a step, e.g. 材料不全 → 一次性告知补正 → back to 申请."""

    condition = blocks.CharBlock(label="情形", max_length=100, required=False)
    outcome = blocks.CharBlock(label="处理", max_length=200, required=False)
    target = blocks.CharBlock(
        label="转至环节", max_length=50, required=False,
        help_text="填写目标环节的“标识”；填 end 表示办结。留空表示不转向。",
    )

    class Meta:
        icon = "redirect"
        label = "分支"


class StepBlock(blocks.StructBlock):
    key = blocks.CharBlock(
        label="标识", max_length=50, required=False,
        help_text="简短英文标识（如 apply），供分支引用。",
    )
    name = blocks.CharBlock(label="环节名称", max_length=100, required=False)
    handler = blocks.CharBlock(label="办理人员/岗位", max_length=100, required=False)
    time_limit = blocks.CharBlock(label="时限", max_length=100, required=False)
    standard = blocks.TextBlock(label="审查标准", required=False)
    result = blocks.CharBlock(label="办理结果", max_length=200, required=False)
    channel = _choice_block(choices.StepChannel, "适用渠道")
    branches = blocks.ListBlock(BranchBlock(), label="分支", default=[])

    def clean(self, value):
        _require(value, {"name": "环节名称"})
        return super().clean(value)

    class Meta:
        icon = "list-ol"
        label = "办理环节"


class StepsBlock(blocks.StreamBlock):
    """The ordered steps of a process; branch targets must name a step of the same process."""

    step = StepBlock()

    def clean(self, value):
        value = super().clean(value)
        keys = {child.value.get("key") for child in value if child.value.get("key")}
        errors = {}
        for index, child in enumerate(value):
            for branch in child.value.get("branches") or []:
                target = (branch.get("target") or "").strip()
                if target and target != END_TARGET and target not in keys:
                    errors[index] = ValidationError(
                        f"环节「{child.value.get('name')}」的分支指向不存在的环节标识「{target}」。"
                    )
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return value


class SpecialProcedureBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="特别程序名称", max_length=100, required=False)
    time_limit = blocks.CharBlock(label="时限", max_length=100, required=False)
    counts_toward_limit = blocks.BooleanBlock(label="计入办结时限", required=False)
    note = blocks.TextBlock(label="说明", required=False)

    def clean(self, value):
        _require(value, {"name": "特别程序名称"})
        return super().clean(value)

    class Meta:
        icon = "time"
        label = "特别程序"


class FeeBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="收费项目", max_length=200, required=False)
    standard = blocks.CharBlock(label="收费标准", max_length=200, required=False)
    basis = blocks.TextBlock(label="收费依据", required=False)
    reducible = blocks.BooleanBlock(label="允许减免", required=False)
    reduction_basis = blocks.TextBlock(label="减免依据", required=False)

    def clean(self, value):
        _require(value, {"name": "收费项目", "standard": "收费标准"})
        return super().clean(value)

    class Meta:
        icon = "tag"
        label = "收费项目"


class FaqBlock(blocks.StructBlock):
    question = blocks.CharBlock(label="问题", max_length=300, required=False)
    answer = blocks.TextBlock(label="解答", required=False)

    def clean(self, value):
        _require(value, {"question": "问题", "answer": "解答"})
        return super().clean(value)

    class Meta:
        icon = "help"
        label = "常见问题"


class WindowBlock(blocks.StructBlock):
    """A counter of a service hall and what it handles."""

    number = blocks.CharBlock(label="窗口号", max_length=20, required=False)
    name = blocks.CharBlock(label="窗口名称", max_length=100, required=False)
    services = blocks.CharBlock(label="办理业务", max_length=300, required=False)

    def clean(self, value):
        _require(value, {"number": "窗口号"})
        return super().clean(value)

    class Meta:
        icon = "site"
        label = "窗口"


def record_keys(block):
    """The children of a StructBlock that a guide record carries (``catalog.records``), in order.

    This is the one list of a structured item's keys: records, the import workbook's sheets and
    the change summary take theirs from here. Files, pictures and snippet references are
    attached in the editor, never carried by a record or a spreadsheet cell, so choosers (and
    lists of them) are left out.
    """
    return tuple(name for name, child in block.child_blocks.items()
                 if not isinstance(getattr(child, "child_block", child), blocks.ChooserBlock))
