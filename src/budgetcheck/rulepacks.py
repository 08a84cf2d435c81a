"""Where the built-in rule packs and vocabularies live: the budgetcheck.rules package data."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

# libyaml's loader reads the packs about ten times faster than the pure-Python one; every command and
# every worker start reads them, so it is most of a one-file audit's start-up.  Same results, same safety.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def pack_names() -> list[str]:
    folder = resources.files("budgetcheck.rules")
    return sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".yaml"))


@lru_cache(maxsize=None)
def read_pack(name: str) -> Any:
    """Parse one YAML file of the rules folder (cached: packs are read-only data)."""
    text = resources.files("budgetcheck.rules").joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_SafeLoader)  # noqa: S506 - a safe loader
