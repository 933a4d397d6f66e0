"""The planner checks each distinct plain value of a stream once (``importing.plan.remembering``):
a value found wrong must still be reported every time it is met, at every row."""

import pytest
from django.core.exceptions import ValidationError
from wagtail import blocks

from importing.plan import remembering


def stream():
    return blocks.StreamBlock([("material", blocks.StructBlock([
        ("name", blocks.CharBlock(max_length=4)),
        ("copies", blocks.IntegerBlock(min_value=1)),
    ]))])


def test_a_wrong_value_is_refused_each_time_it_is_met():
    checked = remembering(stream())
    material = checked.child_blocks["material"]
    for _ in range(2):  # the same faulty cell on two rows: two errors, not one
        with pytest.raises(ValidationError):
            material.child_blocks["name"].clean("太长的材料名称")
        with pytest.raises(ValidationError):
            material.child_blocks["copies"].clean(0)


def test_a_valid_value_is_checked_once_and_the_original_block_is_untouched(monkeypatch):
    seen = []
    clean = blocks.CharBlock.clean
    monkeypatch.setattr(blocks.CharBlock, "clean",
                        lambda self, value: seen.append(value) or clean(self, value))
    original = stream()
    checked = remembering(original)
    name = checked.child_blocks["material"].child_blocks["name"]
    assert [name.clean("身份证") for _ in range(3)] == ["身份证"] * 3
    assert seen == ["身份证"]  # one check for three rows
    # The guide's own block (the one editors' forms use) checks as before.
    with pytest.raises(ValidationError):
        original.child_blocks["material"].child_blocks["name"].clean("太长的材料名称")
    assert "clean" not in vars(original.child_blocks["material"].child_blocks["name"])
    assert "clean" in vars(name)
