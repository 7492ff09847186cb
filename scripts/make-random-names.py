#!/usr/bin/python3
"""Writes tests/data/names/random_names.csv: names of people on no list.

Each is a given name and a family name drawn at random (seeded) by Faker's
person providers (Debian 12: python3-fake-factory 0.9.3, MIT licence), whose
name lists come from each country's own name statistics and registers; the
combinations are nobody's in particular, so a screening `match` against a
sanctions list is a false alert. Names are written as each locale writes
them (Devanagari, Thai, Han, Arabic script, Hangul, Kana, Cyrillic, Latin).

usage: /usr/bin/python3 scripts/make-random-names.py > tests/data/names/random_names.csv
"""
import csv
import sys

from faker import Faker

LOCALES = ["en_US", "en_GB", "hi_IN", "th_TH", "zh_CN", "fa_IR", "pl_PL", "ru_RU",
           "ar_AA", "tr_TR", "id_ID", "es_ES", "ko_KR", "ja_JP", "ne_NP", "uk_UA"]
PER_LOCALE = 300

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["locale", "name"])
for locale in LOCALES:
    fake = Faker(locale)
    fake.seed_instance(20261208)
    seen = set()
    while len(seen) < PER_LOCALE:
        name = " ".join(fake.name().split())
        if name in seen:
            continue
        seen.add(name)
        out.writerow([locale, name])
