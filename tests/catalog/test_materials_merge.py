"""A bundle shows one material list: duplicates merged, each naming the items that need it."""

import pytest

from catalog.materials import material_key, merge_materials
from catalog.models import ServiceGuidePage


def test_same_material_written_differently_is_one_material():
    assert material_key("《居民户口簿》") == material_key("居民户口簿")
    assert material_key("居民身份证（原件）") == material_key("居民身份证 原件")
    assert material_key("出生医学证明") != material_key("居民户口簿")


def test_merge_keeps_strongest_necessity_and_lists_every_item():
    merged = merge_materials([
        ("出生登记", [{"name": "《出生医学证明》", "necessity": "必要", "copies": 1},
                      {"name": "结婚证", "necessity": "非必要"}]),
        ("医保参保", [{"name": "出生医学证明", "necessity": "容缺后补", "copies": 2},
                      {"name": "结婚证", "necessity": "必要"},
                      {"name": "居民户口簿", "necessity": "必要", "exempt": True}]),
    ])
    by_name = {m.name: m for m in merged}
    assert [m.name for m in merged] == ["《出生医学证明》", "结婚证", "居民户口簿"]
    assert by_name["《出生医学证明》"].needed_by == ["出生登记", "医保参保"]
    assert by_name["《出生医学证明》"].necessity == "必要"
    assert by_name["《出生医学证明》"].copies == 2
    assert by_name["结婚证"].necessity == "必要"
    assert by_name["居民户口簿"].exempt and not by_name["结婚证"].exempt


def test_exempt_only_when_every_item_exempts_it():
    merged = merge_materials([
        ("A", [{"name": "营业执照", "exempt": True}]),
        ("B", [{"name": "营业执照", "exempt": False}]),
    ])
    assert merged[0].exempt is False


@pytest.mark.django_db
def test_bundle_page_shows_merged_list_derived_from_live_items(client, demo):
    bundle = demo.newborn_bundle
    guides = bundle.live_guides()
    all_names = [b.value["name"] for g in guides for b in g.materials]
    distinct = {material_key(n) for n in all_names}
    assert len(distinct) < len(all_names), "demo bundle items should share materials"

    html = client.get(bundle.url).content.decode()
    table = html.split('class="merged-materials"')[1].split("</table>")[0]
    assert table.count("<tr") - 1 == len(distinct)
    shared = next(m for m in bundle.merged_materials() if m.shared)
    assert "、".join(shared.needed_by) in table


@pytest.mark.django_db
def test_bundle_follows_a_published_change_to_an_item(client, demo):
    guide = ServiceGuidePage.objects.get(pk=demo.birth_registration.pk)
    materials = [dict(b.value) for b in guide.materials]
    materials.append({**materials[0], "name": "新增的示例材料", "error_examples": []})
    guide.materials = [("material", m) for m in materials]
    guide.save_revision()  # a draft changes nothing public
    assert "新增的示例材料" not in client.get(demo.newborn_bundle.url).content.decode()
    guide.save_revision().publish()
    html = client.get(demo.newborn_bundle.url).content.decode()
    assert "新增的示例材料" in html
