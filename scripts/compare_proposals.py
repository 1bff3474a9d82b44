"""How ``extract``'s proposals compare with the shipped ledger's claims.

Proposes claims for the shipped article as ``factcheck extract`` would for a fresh ledger (no
claims yet, default --min-score), then counts:

- ledger claims proposed: claims whose quote at least one proposal overlaps;
- ledger claims matched: claims a proposal matches closely (their spans overlap by at least
  half the longer one), a measure of how atomic the proposals are;
- proposals added: proposals that overlap no claim of the ledger (what extract would add);
- kind agreed: of the proposals that overlap a claim, those whose guessed kind is the kind of
  the claim they overlap most;
- and the ledger's own coverage, as ``factcheck coverage`` measures it.

Run from the repository root with the project installed:
``python scripts/compare_proposals.py [--ledger claims.yaml] [--json]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path


def compare(path: Path) -> dict[str, object]:
    from factcheck.ledger.load import load_ledger
    from factcheck.spotting.candidates import candidates, coverage
    from factcheck.spotting.proposals import proposals
    from factcheck.text.article import Article

    ledger = load_ledger(path)
    article = Article(ledger.article_text or "")
    fresh = dataclasses.replace(ledger, claims=[])
    found = proposals(fresh, candidates(fresh))
    spans = []
    for claim in ledger.claims:
        anchors = article.locate(claim)
        if len(anchors) == 1:
            spans.append((claim, anchors[0].start, anchors[0].end))

    def overlap(a: int, b: int, c: int, d: int) -> int:
        return max(0, min(b, d) - max(a, c))

    proposed = {c.id for c, s, e in spans if any(overlap(p.start, p.end, s, e) for p in found)}
    matched_claims = {
        c.id
        for c, s, e in spans
        if any(2 * overlap(p.start, p.end, s, e) >= max(e - s, p.end - p.start) for p in found)
    }
    added = [p for p in found if not any(overlap(p.start, p.end, s, e) for _, s, e in spans)]
    agreed = matched = 0
    for p in found:
        best = max(spans, key=lambda t: overlap(p.start, p.end, t[1], t[2]), default=None)
        if best is not None and overlap(p.start, p.end, best[1], best[2]):
            matched += 1
            agreed += best[0].kind.value == p.kind
    share = coverage(candidates(ledger)).share
    return {
        "ledger_claims": len(ledger.claims),
        "claims_anchored": len(spans),
        "proposals": len(found),
        "ledger_claims_proposed": len(proposed),
        "ledger_claims_matched": len(matched_claims),
        "proposals_added": len(added),
        "proposals_on_claims": matched,
        "kind_agreed": agreed,
        "mean_proposal_chars": round(sum(len(p.quote) for p in found) / max(1, len(found))),
        "mean_claim_chars": round(sum(len(c.quote) for c in ledger.claims) / max(1, len(spans))),
        "coverage": share,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", type=Path, default=Path("claims.yaml"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    r = compare(args.ledger)
    if args.json:
        print(json.dumps(r, indent=2))
        return 0
    cov = r["coverage"]
    print(f"proposals for the article (fresh ledger): {r['proposals']}")
    print(
        f"ledger claims proposed: {r['ledger_claims_proposed']} of {r['claims_anchored']} "
        f"anchored claims ({r['ledger_claims']} in the ledger)"
    )
    print(
        "ledger claims matched closely (overlap >= half the longer span): "
        f"{r['ledger_claims_matched']}"
    )
    print(f"proposals overlapping no ledger claim (added): {r['proposals_added']}")
    print(
        "kind agreed with the claim overlapped most: "
        f"{r['kind_agreed']} of {r['proposals_on_claims']}"
    )
    print(
        f"mean length: proposals {r['mean_proposal_chars']} chars, claims {r['mean_claim_chars']}"
    )
    print("coverage of the ledger: " + ("n/a" if cov is None else f"{cov:.1%}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
