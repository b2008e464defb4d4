"""Fill the zh_Hans catalogue with its own msgids: the source strings are already Chinese.

Usage: python scripts/fill_identity_catalogue.py locale/zh_Hans/LC_MESSAGES/django.po
"""

import sys

import polib


def main(path: str) -> None:
    catalogue = polib.pofile(path, wrapwidth=0)
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid_plural:  # Chinese has one plural form
            entry.msgstr_plural = {0: entry.msgid}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save(path)


if __name__ == "__main__":
    main(sys.argv[1])
