"""服务对象: the national standard's seven categories, the words departments use for them, and
the two groups citizens browse by. The one place that says which is which.

A guide stores its fine-grained categories (``ServiceGuidePage.service_object_kinds``) as a
spreadsheet names them; the catalog's 个人/法人 filter is derived from them:

- 个人 (``for_individuals``): 自然人;
- 法人 (``for_legal_entities``, "法人及其他组织"): every other category — legal persons and the
  organisations that are not (非法人企业, 其他组织) alike, since all of them apply as an
  organisation, not as a person.

Pure functions, no database.
"""

from .choices import ServiceObject

KINDS = tuple(ServiceObject.values)  # in the standard's order, which is also the stored order
INDIVIDUAL_KINDS = (ServiceObject.NATURAL_PERSON,)
ORGANISATION_KINDS = tuple(kind for kind in KINDS if kind not in INDIVIDUAL_KINDS)
# 法人 in the Civil Code's sense: 营利法人 (企业), 非营利法人 (事业单位, 社会组织), 特别法人 (机关).
LEGAL_PERSON_KINDS = (ServiceObject.ENTERPRISE, ServiceObject.INSTITUTION,
                      ServiceObject.SOCIAL_ORGANISATION, ServiceObject.GOVERNMENT_AGENCY)

# Words found in real catalogs → the categories they stand for.
ALIASES = {
    "个人": ("自然人",), "公民": ("自然人",), "居民": ("自然人",), "群众": ("自然人",),
    "自然人个人": ("自然人",), "个体": ("自然人",),
    "企业": ("企业法人",), "公司": ("企业法人",), "企业法人单位": ("企业法人",),
    "事业单位": ("事业法人",), "事业单位法人": ("事业法人",),
    "社会组织": ("社会组织法人",), "社会团体": ("社会组织法人",), "社会团体法人": ("社会组织法人",),
    "民办非企业单位": ("社会组织法人",),
    "非法人组织": ("非法人企业", "其他组织"), "个体工商户": ("非法人企业",),
    "机关": ("行政机关",), "机关法人": ("行政机关",), "政府机关": ("行政机关",),
    "国家机关": ("行政机关",),
    "其他": ("其他组织",), "组织": ("其他组织",),
    "法人": LEGAL_PERSON_KINDS,
    "法人或其他组织": ("企业法人", "事业法人", "社会组织法人", "其他组织"),
    "法人和其他组织": ("企业法人", "事业法人", "社会组织法人", "其他组织"),
    "法人及其他组织": ("企业法人", "事业法人", "社会组织法人", "其他组织"),
    "全部": KINDS, "不限": KINDS,
}


def accepted_forms():
    """What a 服务对象 cell may say, for messages and the template's hint."""
    return "、".join(KINDS) + "；也可写 " + "、".join(ALIASES)


def resolve(words):
    """``(categories in the standard's order, words that are none)`` for the words of a cell."""
    kinds, unknown = set(), []
    for word in words:
        if word in KINDS:
            kinds.add(word)
        elif word in ALIASES:
            kinds.update(ALIASES[word])
        elif word not in unknown:
            unknown.append(word)
    return [kind for kind in KINDS if kind in kinds], unknown


def groups(kinds):
    """``(for_individuals, for_legal_entities)``: the 个人/法人 groups of ``kinds``."""
    return (any(kind in INDIVIDUAL_KINDS for kind in kinds),
            any(kind in ORGANISATION_KINDS for kind in kinds))


def kinds_of_groups(for_individuals, for_legal_entities):
    """The categories a guide saved before they were stored stands for: its groups' members."""
    return [kind for kind in KINDS
            if (for_individuals and kind in INDIVIDUAL_KINDS)
            or (for_legal_entities and kind in LEGAL_PERSON_KINDS)]


def join(kinds):
    return "、".join(kinds)


def split(text):
    return [kind for kind in (text or "").split("、") if kind]


SEPARATORS = "、，,;；/\n "


def normalise_text(text):
    """A typed 服务对象 value with any separator as 、 (an editor may type commas)."""
    text = text or ""
    for separator in SEPARATORS:
        text = text.replace(separator, "、")
    return text


def unknown_message(unknown):
    """Names every word that is not a category, and what is accepted."""
    return (f"「{'」「'.join(unknown)}」不是服务对象分类；应为 {accepted_forms()}，"
            "多个用顿号分隔")
