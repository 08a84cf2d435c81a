"""The rule engine: rule packs, rule kinds, check outcomes and findings."""
