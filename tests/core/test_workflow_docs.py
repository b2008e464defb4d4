"""docs/workflows.md is generated from the code; these tests keep it (and the machines) honest."""

from pathlib import Path

from core.workflow_docs import fsm_models, render

DOC = Path(__file__).resolve().parents[2] / "docs" / "workflows.md"


def test_workflows_doc_matches_the_code():
    assert DOC.read_text(encoding="utf-8") == render(), "run `python manage.py workflows`"


def test_every_state_machine_is_protected_and_labelled():
    for model, field in fsm_models():
        assert field.protected, f"{model._meta.label}.{field.name} must be protected"
        for transition in field.get_all_transitions(model):
            assert transition.custom.get("label"), f"{transition.qualname} needs a label"
            assert transition.permission is not None, f"{transition.qualname} needs a permission"


def test_every_life_cycle_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for model, field in fsm_models():
        assert f"`{model._meta.label}.{field.name}`" in text


def test_run_time_targets_are_listed_by_their_allowed_states():
    assert "RETURN_VALUE" not in render() and "GET_STATE" not in render()
