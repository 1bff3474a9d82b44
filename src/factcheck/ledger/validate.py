"""Schema findings for one file: typed getters over a positioned mapping, collected, never raised.

Each getter returns the value when it has the right type and shape, and otherwise adds a
finding at the value's position (with a suggestion for a misspelt key or value) and returns
nothing, so that one pass reports every problem of a file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.checks.rules import IGNORABLE
from factcheck.ledger.keys import IGNORE_KEYS
from factcheck.ledger.models import Finding, Ignore, Pos, Severity
from factcheck.ledger.positioned import DuplicateKey, YList, YMap
from factcheck.text.suggest import did_you_mean


@dataclass(frozen=True)
class Owner:
    """The claim or source a finding belongs to (what an ``ignore:`` entry can silence)."""

    claim_id: str | None = None
    source_id: str | None = None


NO_OWNER = Owner()
_ABSENT: Any = object()  # a key not in a mapping (a key may hold None)


class Validator:
    """Collects schema findings for one file."""

    def __init__(self, path: Path, display: str) -> None:
        self.path = path
        self.display = display
        self.findings: list[Finding] = []

    def add(
        self,
        pos: Pos,
        message: str,
        hint: str | None = None,
        *,
        rule: str = "schema",
        owner: Owner = NO_OWNER,
    ) -> None:
        self.findings.append(
            Finding(
                self.display,
                pos.line,
                pos.col,
                Severity.ERROR,
                rule,
                message,
                hint,
                claim_id=owner.claim_id,
                source_id=owner.source_id,
            )
        )

    def duplicate_keys(self, duplicates: Iterable[DuplicateKey], owner: Owner = NO_OWNER) -> None:
        """A schema finding for each key YAML would have silently kept only once."""
        for dup in duplicates:
            self.add(
                dup.pos,
                f"duplicate key '{dup.key}' (first at line {dup.first.line})",
                "remove one of them: YAML keeps only one",
                owner=owner,
            )

    def unknown_keys(
        self, data: YMap, allowed: tuple[str, ...], where: str, owner: Owner = NO_OWNER
    ) -> None:
        for key in data:
            if key not in allowed:
                hint = did_you_mean(key, allowed, partial=False) or (
                    f"allowed keys: {', '.join(allowed)}"
                )
                self.add(data.key_pos[key], f"unknown key '{key}' in {where}", hint, owner=owner)

    def get_str(
        self, data: YMap, key: str, where: str, *, required: bool = False, owner: Owner = NO_OWNER
    ) -> str | None:
        value = data.get(key, _ABSENT)
        if value.__class__ is str and value.strip():  # the common case first
            return value
        if value is _ABSENT:
            if required:
                self.add(
                    data.pos,
                    f"{where} is missing required key '{key}'",
                    f"add '{key}:'",
                    owner=owner,
                )
            return None
        if isinstance(value, str) and value.strip():
            return value
        pos = data.value_pos[key]
        if isinstance(value, str) or value is None:
            hint = f"'{key}' is required: write it" if required else "give it a value or remove it"
            self.add(pos, f"'{key}' in {where} is empty", hint, owner=owner)
        else:
            self.add(
                pos,
                f"'{key}' in {where} must be a string, not {type_name(value)}",
                "quote the value",
                owner=owner,
            )
        return None

    def get_strs(
        self, data: YMap, keys: tuple[str, ...], where: str, owner: Owner = NO_OWNER
    ) -> dict[str, str | None]:
        """``get_str`` of each of ``keys`` (none required), the usual values read inline."""
        out: dict[str, str | None] = {}
        get = data.get
        for key in keys:
            value = get(key, _ABSENT)
            if value.__class__ is str and value.strip():
                out[key] = value
            elif value is _ABSENT:
                out[key] = None
            else:
                out[key] = self.get_str(data, key, where, owner=owner)
        return out

    def get_enum(
        self,
        data: YMap,
        key: str,
        choices: tuple[str, ...],
        where: str,
        *,
        required: bool = False,
        owner: Owner = NO_OWNER,
    ) -> str | None:
        raw = self.get_str(data, key, where, required=required, owner=owner)
        if raw is None:
            return None
        if raw in choices:
            return raw
        hint = did_you_mean(raw, choices, partial=False) or f"use one of: {', '.join(choices)}"
        self.add(
            data.value_pos[key],
            f"'{key}' in {where} is '{raw}', not one of {', '.join(choices)}",
            hint,
            owner=owner,
        )
        return None

    def get_str_list(
        self, data: YMap, key: str, where: str, owner: Owner = NO_OWNER
    ) -> tuple[str, ...]:
        if key not in data:
            return ()
        value = data[key]
        if isinstance(value, str) and value.strip():
            return (value,) if key == "author" else self._bad_list(data, key, where, value, owner)
        if not isinstance(value, YList):
            return self._bad_list(data, key, where, value, owner)
        out: list[str] = []
        for item, pos in zip(value, value.item_pos, strict=True):
            if isinstance(item, str) and item.strip():
                out.append(item)
            else:
                self.add(
                    pos, f"items of '{key}' in {where} must be non-empty strings", None, owner=owner
                )
        return tuple(out)

    def _bad_list(
        self, data: YMap, key: str, where: str, value: Any, owner: Owner
    ) -> tuple[str, ...]:
        self.add(
            data.value_pos[key],
            f"'{key}' in {where} must be a list of strings, not {type_name(value)}",
            f"write '{key}: [a, b]'",
            owner=owner,
        )
        return ()

    def mappings(
        self, data: YMap, key: str, where: str, example: str, owner: Owner = NO_OWNER
    ) -> list[tuple[int, YMap, Pos]]:
        """The mappings of the list at ``key`` (none if absent or null); the rest are findings."""
        raw = data.get(key)
        if raw is None:
            return []
        if not isinstance(raw, YList):
            self.add(
                data.value_pos[key],
                f"'{key}' in {where} must be a list, not {type_name(raw)}",
                f"write '{key}:' then '- {example}'",
                owner=owner,
            )
            return []
        out: list[tuple[int, YMap, Pos]] = []
        for i, (item, pos) in enumerate(zip(raw, raw.item_pos, strict=True)):
            if isinstance(item, YMap):
                out.append((i, item, pos))
            else:
                self.add(
                    pos,
                    f"{where} {key}[{i}] must be a mapping, not {type_name(item)}",
                    f"write '- {example}'",
                    owner=owner,
                )
        return out

    def ignores(self, data: YMap, where: str, owner: Owner = NO_OWNER) -> tuple[Ignore, ...]:
        if "ignore" in data and data["ignore"] is None:
            self.add(
                data.value_pos["ignore"],
                f"'ignore' in {where} is empty",
                "give 'ignore' a value or remove it",
                owner=owner,
            )
        out: list[Ignore] = []
        example = "{rule: ..., reason: ...}"
        for i, item, pos in self.mappings(data, "ignore", where, example, owner):
            here = f"{where} ignore[{i}]"
            self.unknown_keys(item, IGNORE_KEYS, here, owner=owner)
            rule = self.get_enum(item, "rule", IGNORABLE, here, required=True, owner=owner)
            reason = self.get_str(item, "reason", here, required=True, owner=owner)
            if rule and reason:
                out.append(Ignore(rule, reason, pos))
        return tuple(out)


def type_name(value: Any) -> str:
    """A value's type as a finding names it: "null", "a list", "a number"…"""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, YList):
        return "a list"
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, str):
        return "a string"
    return type(value).__name__
