"""The overlap rule: whether one person's entries may overlap (allow, warn or forbid)."""
