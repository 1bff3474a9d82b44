"""Raw YAML data → Claim and Source objects, every problem a schema finding, never raised.

The rules here and the JSON Schemas in ``factcheck/schema/`` describe the same format; a test keeps
them in agreement.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.ledger.keys import (
    CLAIM_KEYS,
    CLAIM_KEYS_2,
    DATE_RE,
    EVIDENCE_KEYS,
    ID_RE,
    KINDS,
    RATINGS,
    REVIEW_KEYS,
    SHORT_MAX,
    SOURCE_KEYS,
    STANCES,
    TOP_KEYS,
    URL_RE,
)
from factcheck.ledger.models import (
    SOURCE_TYPES,
    Claim,
    Evidence,
    FieldPos,
    Finding,
    InvalidEntry,
    Kind,
    Pos,
    Rating,
    Review,
    Source,
    Stance,
)
from factcheck.ledger.positioned import YList, YMap
from factcheck.ledger.validate import Owner, Validator, type_name
from factcheck.text.ids import slugify

if TYPE_CHECKING:
    from factcheck.ledger.claimstream import ClaimStream

# the members by value: a look-up, where calling the enum costs a microsecond a claim
_KIND = {k.value: k for k in Kind}
_RATING = {r.value: r for r in Rating}
_STANCE = {s.value: s for s in Stance}
_TEXT_FIELDS = ("claim", "short", "speaker", "section", "note", "prefix", "suffix")


def build_claims(
    data: Any, v: Validator, version: int = 1, stream: ClaimStream | None = None
) -> tuple[str | None, list[Claim], Pos, list[InvalidEntry]]:
    """The top level of claims.yaml → (article id, claims, where ``claims:`` is, the entries
    that could not be built); the caller checks the format, and gives its ``version``.

    Format 2 allows a ledger without ``article`` and claims without ``quote`` (with ``claim``),
    and the keys ``appeared``, ``appearance`` and ``verdict``.

    Consumes ``data["claims"]``: each parsed item is dropped from the list once its claim is
    built, so the parsed tree and the claims are never both held whole (hundreds of megabytes
    at 100,000 claims). ``stream``: the ClaimStream the document was read with, whose claims
    and findings are taken if it built the items of ``claims:``.
    """
    if not isinstance(data, YMap):
        raise TypeError("caller checks the top level")
    v.unknown_keys(data, TOP_KEYS, "claims.yaml")
    article = v.get_str(data, "article", "claims.yaml", required=version == 1)
    if "claims" not in data:
        v.add(data.pos, "claims.yaml is missing required key 'claims'", "add 'claims: []'")
        return article, [], data.pos, []
    raw = data["claims"]
    claims_pos = data.value_pos["claims"]
    if raw is None:
        return article, [], claims_pos, []
    if not isinstance(raw, YList):
        v.add(
            claims_pos,
            f"'claims' must be a list, not {type_name(raw)}",
            "write 'claims:' then '- id: ...'",
        )
        return article, [], claims_pos, []
    if stream is not None and stream.took(raw, version):
        v.findings.extend(stream.v.findings)
        return article, stream.claims, claims_pos, stream.invalid
    claims: list[Claim] = []
    invalid: list[InvalidEntry] = []
    for i, (item, pos) in enumerate(zip(raw, raw.item_pos, strict=True)):
        claim = build_claim(item, pos, i, v, version)
        raw[i] = None
        if isinstance(claim, Claim):
            claims.append(claim)
        else:
            invalid.append(claim)
    return article, claims, claims_pos, invalid


def build_claim(
    item: Any, pos: Pos, index: int, v: Validator, version: int = 1
) -> Claim | InvalidEntry:
    """The entry's Claim, or, when its id, quote or kind is unusable, why not."""
    where = f"claims[{index}]"
    if not isinstance(item, YMap):
        v.add(
            pos,
            f"{where} must be a mapping, not {type_name(item)}",
            "start each claim with '- id: ...'",
        )
        return _invalid(index, None, pos, where, v.findings[-1:])
    start = len(v.findings)
    raw_id = item.get("id")
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
    why = v.findings[start:]  # what is wrong with its id, its quote or its kind
    v.unknown_keys(item, CLAIM_KEYS if version == 1 else CLAIM_KEYS_2, where, owner=ids)
    start = len(v.findings)
    quoteless = version > 1 and "quote" not in item  # format 2: a claim that quotes no article
    quote = v.get_str(item, "quote", where, required=not quoteless, owner=ids)
    kind = v.get_enum(item, "kind", KINDS, where, required=True, owner=ids)
    why += v.findings[start:]
    rating = v.get_enum(item, "rating", RATINGS, where, owner=ids)
    evidence = _build_evidence(item, where, v, ids)
    start = len(v.findings)
    fields = v.get_strs(item, _TEXT_FIELDS, where, owner=ids)
    short = fields["short"]
    if short is not None and len(short) > SHORT_MAX:
        v.add(
            item.value_pos["short"],
            f"'short' in {where} is {len(short)} characters; at most {SHORT_MAX}",
            "restate the claim in fewer words (the full claim stays in 'claim')",
            owner=ids,
        )
    if quoteless and fields["claim"] is None:
        if "claim" not in item:
            v.add(
                item.pos,
                f"{where} has neither 'quote' nor 'claim'",
                "add 'claim:' with what is claimed (or 'quote:' with the article's words)",
                owner=ids,
            )
        why += [f for f in v.findings[start:] if "'claim'" in f.message]
    tags = v.get_str_list(item, "tags", where, owner=ids)
    ignore = v.ignores(item, where, owner=ids)
    appeared, appearance, verdict = (
        _format2_fields(item, where, v, ids) if version > 1 else (None, (), None)
    )
    if (
        cid is None
        or (quote is None and not quoteless)
        or kind is None
        or (quoteless and fields["claim"] is None)
    ):
        shown_id = raw_id if isinstance(raw_id, str) and raw_id.strip() else None
        return _invalid(index, shown_id, pos, where, why)
    field_pos = field_positions(item)
    return Claim(
        id=cid,
        quote=quote,
        kind=_KIND[kind],
        claim=fields["claim"],
        speaker=fields["speaker"],
        section=fields["section"],
        tags=tags,
        evidence=evidence,
        rating=_RATING[rating] if rating else None,
        note=fields["note"],
        prefix=fields["prefix"],
        suffix=fields["suffix"],
        short=short,
        appeared=appeared,
        appearance=appearance,
        verdict=verdict,
        ignore=ignore,
        pos=pos,
        field_pos=field_pos,
    )


_KEYS: dict[tuple[str, ...], tuple[str, ...]] = {}


def field_positions(data: YMap) -> Mapping[str, Pos]:
    """Where each of the mapping's values sits: its own packed positions, with its tuple of keys
    shared by every mapping of the same keys in the same order (most claims of a ledger)."""
    keys = tuple(data)
    if len(data._marks) != 4 * len(keys):  # not as the readers fill it: the positions it has
        return dict(data.value_pos.items())
    shared = _KEYS.get(keys)
    if shared is None:
        if len(_KEYS) >= 1024:
            _KEYS.clear()
        shared = _KEYS[keys] = keys
    return FieldPos(shared, data._marks)


def build_review(data: Any, v: Validator) -> Review:
    """``review:`` of claims.yaml (optional) → Review; every problem a schema finding."""
    if not isinstance(data, YMap) or "review" not in data:
        return Review()
    where = "review"
    raw = data["review"]
    if raw is None:
        return Review()
    if not isinstance(raw, YMap):
        v.add(
            data.value_pos["review"],
            f"'review' must be a mapping, not {type_name(raw)}",
            "write 'review:' then 'reviewer: ...' on the next line, indented",
        )
        return Review()
    v.unknown_keys(raw, REVIEW_KEYS, where)
    none = Owner()
    urls = {k: _url(raw, k, where, v, none) for k in ("reviewer_url", "url")}
    same_as = v.get_str_list(raw, "same_as", where)
    for address in same_as:
        if not URL_RE.match(address):
            v.add(
                raw.value_pos["same_as"],
                f"same_as address '{address}' is not an http(s) address",
                "give the full address of a page about the reviewer",
            )
    get: Callable[[str], str | None] = lambda key: v.get_str(raw, key, where)  # noqa: E731
    return Review(
        reviewer=get("reviewer"),
        reviewer_url=urls["reviewer_url"],
        same_as=tuple(a for a in same_as if URL_RE.match(a)),
        url=urls["url"],
        published=_date(raw, "published", where, v, none),
        updated=_date(raw, "updated", where, v, none),
        methodology=get("methodology"),
        corrections=get("corrections"),
    )


def _format2_fields(
    item: YMap, where: str, v: Validator, ids: Owner
) -> tuple[str | None, tuple[str, ...], str | None]:
    """A format-2 claim's ``appeared`` (a date), ``appearance`` (http(s) addresses) and
    ``verdict`` (the review's own words for its rating)."""
    appeared = _date(item, "appeared", where, v, ids)
    appearance = v.get_str_list(item, "appearance", where, owner=ids)
    if "appearance" in item and isinstance(item["appearance"], YList):
        for url, upos in zip(item["appearance"], item["appearance"].item_pos, strict=True):
            if isinstance(url, str) and url.strip() and not URL_RE.match(url):
                v.add(
                    upos,
                    f"appearance url '{url}' in {where} is not an http(s) address",
                    "give the full address",
                    owner=ids,
                )
    verdict = v.get_str(item, "verdict", where, owner=ids)
    return appeared, appearance, verdict


def _invalid(index: int, cid: str | None, pos: Pos, where: str, why: list[Finding]) -> InvalidEntry:
    """An entry left out, with the first finding that kept it out, told without its name."""
    reason = why[0].message if why else "it is not a valid claim"
    for name in (f"{where} is ", f"{where} "):
        if reason.startswith(name):
            reason = reason[len(name) :]
            break
    else:
        reason = reason.replace(f" in {where}", "", 1)
    return InvalidEntry(index=index, id=cid, pos=pos, reason=reason)


def _build_evidence(item: YMap, where: str, v: Validator, ids: Owner) -> tuple[Evidence, ...]:
    out: list[Evidence] = []
    for i, ev, pos in v.mappings(item, "evidence", where, "source: ...", ids):
        here = f"{where} evidence[{i}]"
        v.unknown_keys(ev, EVIDENCE_KEYS, here, owner=ids)
        source = v.get_str(ev, "source", here, required=True, owner=ids)
        stance = v.get_enum(ev, "stance", STANCES, here, required=True, owner=ids)
        says = v.get_str(ev, "says", here, required=True, owner=ids)
        if says is None and "says" in ev and (ev["says"] is None or isinstance(ev["says"], str)):
            says = ev["says"] or ""  # empty: a schema error, but the stance still counts
        locator: str | None = None
        if "locator" in ev:
            raw_loc = ev["locator"]
            if isinstance(raw_loc, int) and not isinstance(raw_loc, bool):
                locator = str(raw_loc)
            else:
                locator = v.get_str(ev, "locator", here, owner=ids)
        if source and stance and says is not None:
            out.append(Evidence(source, _STANCE[stance], says, locator, pos))
    return tuple(out)


def build_source(data: Any, path: Path, v: Validator) -> Source:
    """One sources/<id>.yaml → Source. The id is always the file's stem, whatever the file says."""
    stem = path.stem
    ids = Owner(source_id=stem)
    origin = Pos(1, 1)
    if not isinstance(data, YMap):
        v.add(
            origin,
            f"source file must be a mapping, not {type_name(data)}",
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
    url = _url(data, "url", where, v, ids)
    archive = _url(data, "archive", where, v, ids)
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
        archive=archive,
        accessed=accessed,
        text=get("text"),
        note=get("note"),
        ignore=v.ignores(data, where, owner=ids),
        pos=data.pos,
        field_pos=field_positions(data),
    )


def _url(data: YMap, key: str, where: str, v: Validator, ids: Owner) -> str | None:
    """``url:`` or ``archive:``: a string that must be an http(s) address (kept either way)."""
    url = v.get_str(data, key, where, owner=ids)
    if url is not None and not URL_RE.match(url):
        v.add(
            data.value_pos[key],
            f"{'url' if key == 'url' else key.removesuffix('_url') + ' url'} '{url}' "
            "is not an http(s) address",
            "give the full address",
            owner=ids,
        )
    return url


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
