"""Raw YAML data → Claim and Source objects plus schema findings, collected, never raised.

The rules here and the JSON Schemas in ``factcheck/schema/`` describe the same format; a test keeps
them in agreement.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.checks.rules import IGNORABLE
from factcheck.ledger.models import (
    SOURCE_TYPES,
    Claim,
    Evidence,
    Finding,
    Ignore,
    Kind,
    Pos,
    Rating,
    Severity,
    Source,
    Stance,
)
from factcheck.ledger.yamlio import DuplicateKey, YList, YMap
from factcheck.text.ids import slugify

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
URL_RE = re.compile(r"^https?://\S+$")

CLAIM_KEYS = (
    "id",
    "quote",
    "claim",
    "kind",
    "speaker",
    "section",
    "tags",
    "evidence",
    "rating",
    "note",
    "prefix",
    "suffix",
    "ignore",
)
EVIDENCE_KEYS = ("source", "stance", "says", "locator")
IGNORE_KEYS = ("rule", "reason")
SOURCE_KEYS = (
    "id",
    "type",
    "title",
    "author",
    "publisher",
    "issued",
    "url",
    "accessed",
    "text",
    "note",
    "ignore",
)
TOP_KEYS = ("format", "article", "claims")
KINDS = tuple(k.value for k in Kind)
RATINGS = tuple(r.value for r in Rating)
STANCES = tuple(s.value for s in Stance)


def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> str | None:
    from rapidfuzz import fuzz, process

    best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=60)
    return str(best[0]) if best else None


@dataclass(frozen=True)
class Owner:
    """The claim or source a finding belongs to (what an ``ignore:`` entry can silence)."""

    claim_id: str | None = None
    source_id: str | None = None


NO_OWNER = Owner()


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
                guess = _suggest(key, allowed)
                hint = (
                    f"did you mean '{guess}'?" if guess else f"allowed keys: {', '.join(allowed)}"
                )
                self.add(data.key_pos[key], f"unknown key '{key}' in {where}", hint, owner=owner)

    def get_str(
        self, data: YMap, key: str, where: str, *, required: bool = False, owner: Owner = NO_OWNER
    ) -> str | None:
        if key not in data:
            if required:
                self.add(
                    data.pos,
                    f"{where} is missing required key '{key}'",
                    f"add '{key}:'",
                    owner=owner,
                )
            return None
        value = data[key]
        if isinstance(value, str) and value.strip():
            return value
        pos = data.value_pos[key]
        if isinstance(value, str) or value is None:
            self.add(
                pos,
                f"'{key}' in {where} is empty",
                f"give '{key}' a value or remove it",
                owner=owner,
            )
        else:
            self.add(
                pos,
                f"'{key}' in {where} must be a string, not {_type(value)}",
                "quote the value",
                owner=owner,
            )
        return None

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
        guess = _suggest(raw, choices)
        hint = f"did you mean '{guess}'?" if guess else f"use one of: {', '.join(choices)}"
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
            f"'{key}' in {where} must be a list of strings, not {_type(value)}",
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
                f"'{key}' in {where} must be a list, not {_type(raw)}",
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
                    f"{where} {key}[{i}] must be a mapping, not {_type(item)}",
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


def _type(value: Any) -> str:
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


def build_claims(data: Any, v: Validator) -> tuple[str | None, list[Claim], Pos]:
    """The top level of claims.yaml → (article id, claims); the caller checks the format.

    Consumes ``data["claims"]``: each parsed item is dropped from the list once its claim is
    built, so the parsed tree and the claims are never both held whole (hundreds of megabytes
    at 100,000 claims).
    """
    if not isinstance(data, YMap):
        raise TypeError("caller checks the top level")
    v.unknown_keys(data, TOP_KEYS, "claims.yaml")
    article = v.get_str(data, "article", "claims.yaml", required=True)
    if "claims" not in data:
        v.add(data.pos, "claims.yaml is missing required key 'claims'", "add 'claims: []'")
        return article, [], data.pos
    raw = data["claims"]
    claims_pos = data.value_pos["claims"]
    if raw is None:
        return article, [], claims_pos
    if not isinstance(raw, YList):
        v.add(
            claims_pos,
            f"'claims' must be a list, not {_type(raw)}",
            "write 'claims:' then '- id: ...'",
        )
        return article, [], claims_pos
    claims: list[Claim] = []
    for i, (item, pos) in enumerate(zip(raw, raw.item_pos, strict=True)):
        claim = _build_claim(item, pos, i, v)
        raw[i] = None
        if claim is not None:
            claims.append(claim)
    return article, claims, claims_pos


def _build_claim(item: Any, pos: Pos, index: int, v: Validator) -> Claim | None:
    where = f"claims[{index}]"
    if not isinstance(item, YMap):
        v.add(
            pos,
            f"{where} must be a mapping, not {_type(item)}",
            "start each claim with '- id: ...'",
        )
        return None
    cid = v.get_str(item, "id", where, required=True)
    if cid is not None and not ID_RE.match(cid):
        v.add(
            item.value_pos["id"],
            f"claim id '{cid}' is not a lowercase slug [a-z0-9][a-z0-9-]*",
            f"use '{slugify(cid)}'",
            owner=Owner(claim_id=cid),
        )
        cid = None
    if cid is not None:
        where = f"claim '{cid}'"
    ids = Owner(claim_id=cid)
    v.unknown_keys(item, CLAIM_KEYS, where, owner=ids)
    quote = v.get_str(item, "quote", where, required=True, owner=ids)
    kind = v.get_enum(item, "kind", KINDS, where, required=True, owner=ids)
    rating = v.get_enum(item, "rating", RATINGS, where, owner=ids)
    evidence = _build_evidence(item, where, v, ids)
    fields = {
        name: v.get_str(item, name, where, owner=ids)
        for name in ("claim", "speaker", "section", "note", "prefix", "suffix")
    }
    tags = v.get_str_list(item, "tags", where, owner=ids)
    ignore = v.ignores(item, where, owner=ids)
    if cid is None or quote is None or kind is None:
        return None
    field_pos = dict(item.value_pos.items())
    return Claim(
        id=cid,
        quote=quote,
        kind=Kind(kind),
        claim=fields["claim"],
        speaker=fields["speaker"],
        section=fields["section"],
        tags=tags,
        evidence=evidence,
        rating=Rating(rating) if rating else None,
        note=fields["note"],
        prefix=fields["prefix"],
        suffix=fields["suffix"],
        ignore=ignore,
        pos=pos,
        field_pos=field_pos,
    )


def _build_evidence(item: YMap, where: str, v: Validator, ids: Owner) -> tuple[Evidence, ...]:
    out: list[Evidence] = []
    for i, ev, pos in v.mappings(item, "evidence", where, "source: ...", ids):
        here = f"{where} evidence[{i}]"
        v.unknown_keys(ev, EVIDENCE_KEYS, here, owner=ids)
        source = v.get_str(ev, "source", here, required=True, owner=ids)
        stance = v.get_enum(ev, "stance", STANCES, here, required=True, owner=ids)
        says = v.get_str(ev, "says", here, required=True, owner=ids)
        locator: str | None = None
        if "locator" in ev:
            raw_loc = ev["locator"]
            if isinstance(raw_loc, int) and not isinstance(raw_loc, bool):
                locator = str(raw_loc)
            else:
                locator = v.get_str(ev, "locator", here, owner=ids)
        if source and stance and says:
            out.append(Evidence(source, Stance(stance), says, locator, pos))
    return tuple(out)


def build_source(data: Any, path: Path, v: Validator) -> Source:
    """One sources/<id>.yaml → Source. The id is always the file's stem, whatever the file says."""
    stem = path.stem
    ids = Owner(source_id=stem)
    origin = Pos(1, 1)
    if not isinstance(data, YMap):
        v.add(
            origin,
            f"source file must be a mapping, not {_type(data)}",
            "start with 'id: " + stem + "'",
            owner=ids,
        )
        return Source(id=stem, path=path)
    where = f"source '{stem}'"
    if not ID_RE.match(stem):
        v.add(
            data.pos,
            f"source file name '{path.name}' is not a lowercase slug",
            f"rename it to '{slugify(stem)}{path.suffix}'",
            owner=ids,
        )
    v.unknown_keys(data, SOURCE_KEYS, where, owner=ids)
    sid = v.get_str(data, "id", where, required=True, owner=ids)
    if sid is not None and sid != stem:
        v.add(
            data.value_pos["id"],
            f"source id '{sid}' does not match its file name '{path.name}'",
            f"set 'id: {stem}' or rename the file to '{sid}{path.suffix}'",
            owner=ids,
        )
    stype = v.get_enum(data, "type", SOURCE_TYPES, where, owner=ids)
    issued = _date(data, "issued", where, v, ids)
    accessed = _date(data, "accessed", where, v, ids)
    url = v.get_str(data, "url", where, owner=ids)
    if url is not None and not URL_RE.match(url):
        v.add(
            data.value_pos["url"],
            f"url '{url}' is not an http(s) address",
            "give the full address",
            owner=ids,
        )
    get: Callable[[str], str | None] = lambda key: v.get_str(data, key, where, owner=ids)  # noqa: E731
    return Source(
        id=stem,
        path=path,
        type=stype,
        title=get("title"),
        author=v.get_str_list(data, "author", where, owner=ids),
        publisher=get("publisher"),
        issued=issued,
        url=url,
        accessed=accessed,
        text=get("text"),
        note=get("note"),
        ignore=v.ignores(data, where, owner=ids),
        pos=data.pos,
        field_pos=dict(data.value_pos.items()),
    )


def _date(data: YMap, key: str, where: str, v: Validator, ids: Owner) -> str | None:
    if key not in data:
        return None
    value = data[key]
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and DATE_RE.match(value):
        return value
    v.add(
        data.value_pos[key],
        f"'{key}' in {where} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}",
        "write the date as it appears in the source, e.g. 2021-09-30",
        owner=ids,
    )
    return None
