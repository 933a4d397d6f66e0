"""A starter set of synonyms: words citizens type for the official names of common services.

Editors maintain the list in the admin (设置 → 搜索同义词); these rows are only a beginning and are
not recreated once deleted.
"""

from django.db import migrations

STARTER_SYNONYMS = {
    "准生证": "生育服务证、生育登记",
    "上户口": "户口登记、出生登记",
    "报户口": "户口登记、出生登记",
    "落户": "户口迁移、户口登记",
    "社保": "社会保险、社会保障",
    "医保": "医疗保障、医疗保险",
    "公积金": "住房公积金",
    "身份证": "居民身份证",
    "户口本": "居民户口簿",
    "结婚证": "结婚登记",
    "领证": "结婚登记",
    "办执照": "营业执照、设立登记",
    "开公司": "企业设立登记",
    "开店": "个体工商户登记、食品经营许可",
    "饭店": "餐饮、食品经营许可",
    "失业金": "失业保险金",
    "退休金": "养老保险待遇、养老金",
    "养老金": "养老保险待遇",
    "产假": "生育津贴",
    "慢病": "门诊慢特病",
    "低保": "最低生活保障",
    "廉租房": "公共租赁住房",
    "刻章": "印章刻制",
}


def add_synonyms(apps, schema_editor):
    Synonym = apps.get_model("zhinan_search", "Synonym")
    for term, targets in STARTER_SYNONYMS.items():
        Synonym.objects.get_or_create(term=term, defaults={"targets": targets})


class Migration(migrations.Migration):
    dependencies = [("zhinan_search", "0001_initial")]

    operations = [migrations.RunPython(add_synonyms, migrations.RunPython.noop)]
