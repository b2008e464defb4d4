"""Every user-visible string is translatable, and both catalogues translate all of them.

Strings are extracted afresh from the source (in a scratch copy, so the committed catalogues are not
touched) and compared with `locale/<lang>/LC_MESSAGES/django.po`. Run `make messages` and translate
the new entries when this fails.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    "manage.py",
    "config",
    "core",
    "orgs",
    "grants",
    "review",
    "projects",
    "needs",
    "reports",
    "cms",
    "opendata",
    "templates",
]
LANGUAGES = ["zh_Hans", "en"]


def _key(entry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


@pytest.fixture(scope="module")
def source_msgids(tmp_path_factory) -> set[tuple[str | None, str]]:
    scratch = tmp_path_factory.mktemp("messages")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, scratch / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy(source, scratch / name)
    (scratch / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location", "-v", "0"],
        cwd=scratch,
        check=True,
        capture_output=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    catalogue = polib.pofile(str(scratch / "locale/en/LC_MESSAGES/django.po"))
    return {_key(e) for e in catalogue if not e.obsolete}


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_translates_every_source_string(source_msgids, language):
    catalogue = polib.pofile(str(ROOT / f"locale/{language}/LC_MESSAGES/django.po"))
    translated = {
        _key(e)
        for e in catalogue
        if not e.obsolete
        and "fuzzy" not in e.flags
        and (e.msgstr or (all(e.msgstr_plural.values()) and e.msgstr_plural))
    }
    missing = sorted(m for _, m in source_msgids - translated)
    assert not missing, f"{len(missing)} strings lack a {language} translation: {missing[:15]}"


# The zh_Hans catalogue is filled with its own msgids (scripts/fill_identity_catalogue.py), so an
# English msgid would print English in the Chinese interface, and would hide Wagtail's own
# translation of the same string. Only these are meant to read the same in both languages.
SAME_IN_BOTH = {"English", "—", "SHA-256"}
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def test_source_strings_are_chinese(source_msgids):
    english = sorted(m for _, m in source_msgids if not CJK.search(m) and m not in SAME_IN_BOTH)
    assert not english, f"source strings must be Chinese (msgids), found: {english}"


# One word per concept (docs/development.md): the variant on the left never appears.
TERMS = {
    "帐号": re.compile(r"帐号"),  # 账号
    "手机号 without 码": re.compile(r"手机号(?!码)"),  # 手机号码
    "注销 for signing out": re.compile(r"注销登录"),  # 退出登录
    "电子邮件 for an address": re.compile(r"电子邮件地址"),  # 电子邮箱 / 邮箱; 邮件 is a message
}


def test_one_word_per_concept(source_msgids):
    found = sorted(
        (term, m) for _, m in source_msgids for term, rx in TERMS.items() if rx.search(m)
    )
    assert not found, found


def test_english_is_served_when_chosen():
    with translation.override("en"):
        assert translation.gettext("组织名称") == "Organization name"
    with translation.override("zh-hans"):
        assert translation.gettext("组织名称") == "组织名称"


def test_english_labels_leave_a_space_before_the_value():
    # Chinese labels end in a full-width colon that needs no space; "Reason:xyz" would.
    catalogue = polib.pofile(str(ROOT / "locale/en/LC_MESSAGES/django.po"))
    cramped = [e.msgid for e in catalogue if e.msgid.endswith("：") and e.msgstr.endswith(":")]
    assert not cramped, cramped
