from orgs.incubation import is_incubated


def test_grants_counts_incubated_organizations_through_the_incubation_records():
    from grants.eligibility import _incubation_checks

    assert is_incubated in _incubation_checks
