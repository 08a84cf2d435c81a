"""The rule packs read the same with libyaml's loader (used when PyYAML has it) as with the pure-Python one."""

import yaml

from budgetcheck import rulepacks


def test_every_pack_reads_the_same_with_either_safe_loader():
    for name in rulepacks.pack_names():
        text = (rulepacks.resources.files("budgetcheck.rules") / name).read_text(encoding="utf-8")
        assert yaml.load(text, Loader=rulepacks._SafeLoader) == yaml.load(text, Loader=yaml.SafeLoader), name


def test_the_loader_is_a_safe_one():
    assert rulepacks._SafeLoader in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader)
