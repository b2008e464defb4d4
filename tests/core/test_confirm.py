"""One-way moves confirm first (docs/decisions.md): every transition into a final state declares
what will happen (`custom["confirm"]`), so a new one cannot skip the confirmation step."""

from core.workflow_docs import _sources, _targets, fsm_models

# One-way although their target state has moves out (a later stage, not an undo).
ALSO_ONE_WAY = {
    ("grants.Call", "decide"),
    ("grants.Call", "conclude_publicity"),
    ("projects.FundedProject", "confirm_agreement"),
    ("projects.Tranche", "pay"),
    ("projects.Tranche", "pay_with_override"),
}


def one_way_transitions():
    for model, field in fsm_models():
        transitions = list(field.get_all_transitions(model))
        left = {str(s) for t in transitions for s in _sources(t)}
        for t in transitions:
            final = all(str(target) not in left for target in _targets(t))
            if final or (model._meta.label, t.name) in ALSO_ONE_WAY:
                yield model, t


def test_every_one_way_transition_says_what_will_happen():
    missing = sorted(
        f"{model._meta.label}.{t.name}"
        for model, t in one_way_transitions()
        if not str((t.custom or {}).get("confirm") or "").strip()
    )
    assert missing == [], "add custom={'confirm': _('…what will happen…')} to these transitions"


def test_the_named_one_way_moves_are_checked():
    checked = {(model._meta.label, t.name) for model, t in one_way_transitions()}
    assert {
        ("grants.Application", "withdraw"),
        ("grants.Call", "conclude_publicity"),
        ("reports.PerformanceReport", "publish"),
        ("projects.FundedProject", "terminate"),
        ("projects.Tranche", "pay"),
    } <= checked
