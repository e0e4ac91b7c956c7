"""When a fingerprint search's best candidate counts as an identification: a policy threshold on the fused
false-match rate. The matcher reports evidence; this rule says what evidence the policy accepts, and why.
"""

from __future__ import annotations

import math
from datetime import date

from securecomm.rules.model import Determination, Reason, Reference, ReferenceKind, merge_references
from securecomm.rules.registry import rule, variant_for
from securecomm.rules.ruleset import RuleSet

__all__ = ["identification_decision", "identification_threshold"]

THRESHOLD = "biometrics.decision_threshold"
RULE_ID = "biometrics.identification"
FPVTE_2012 = Reference(
    title="NISTIR 8034, Fingerprint Vendor Technology Evaluation (FpVTE 2012)",
    href="https://nvlpubs.nist.gov/nistpubs/ir/2014/NIST.IR.8034.pdf",
    kind=ReferenceKind.MANUAL,
    quote="FPIR is the proportion of nonmate searches that produce one or more candidates above threshold.",
)


def identification_threshold(*, as_of: date, ruleset: RuleSet) -> float:
    """The largest fused false-match rate accepted as an identification on `as_of`."""
    return float(ruleset.value(THRESHOLD, as_of))


@rule(
    id=RULE_ID,
    version="policy-2008",
    effective_from=date(2008, 1, 1),
    references=(FPVTE_2012,),
    parameters=(THRESHOLD,),
)
def _policy(fused_false_match_rate: float, *, as_of: date, ruleset: RuleSet) -> Determination[bool]:
    """A search reports an identification when its best candidate's fused false-match rate is at most the
    policy's threshold; otherwise it reports no match. Every search is answered either way."""
    threshold = identification_threshold(as_of=as_of, ruleset=ruleset)
    identified = fused_false_match_rate <= threshold
    evidence = -math.log10(max(fused_false_match_rate, 1e-300))
    text = (
        f"Fused false-match rate {fused_false_match_rate:.1e} (evidence {evidence:.1f}) is "
        f"{'at or below' if identified else 'above'} the threshold {threshold:.0e}: "
        f"{'an identification' if identified else 'no identification'}."
    )
    return Determination(
        identified,
        (Reason("biometrics.identification", text, RULE_ID),),
        merge_references((FPVTE_2012,), ruleset.references(THRESHOLD, as_of)),
        RULE_ID,
        "policy-2008",
        as_of,
        ruleset.confidence(THRESHOLD, as_of=as_of),
    )


def identification_decision(
    fused_false_match_rate: float, *, as_of: date, ruleset: RuleSet
) -> Determination[bool]:
    """Whether a candidate with this fused false-match rate is an identification on `as_of`."""
    if not 0.0 <= fused_false_match_rate <= 1.0:
        raise ValueError(f"a false-match rate lies in [0, 1], got {fused_false_match_rate}")
    spec = variant_for(RULE_ID, as_of)
    if spec is None:
        ruleset.dated(THRESHOLD, as_of)  # raises ParameterNotFound naming the file
    assert spec is not None
    result: Determination[bool] = spec.function(fused_false_match_rate, as_of=as_of, ruleset=ruleset)
    return result
