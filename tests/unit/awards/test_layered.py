"""``Layered``: a mapping grown by small changes reads, iterates and compares as the merged
copy it stands for, whether its changes sit in its layer or were flattened into its base."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from services.awards.domain.eligibility.layered import Layered, layered

changes = st.dictionaries(st.integers(0, 60), st.text(max_size=2), max_size=12)


@given(base=changes, growths=st.lists(changes, max_size=30))
def test_growing_reads_as_merging_copies(
    base: dict[int, str], growths: list[dict[int, str]]
) -> None:
    grown, merged = Layered(base), dict(base)
    for change in growths:
        grown, merged = grown.grown(change), {**merged, **change}

        assert list(grown.items()) == list(merged.items())  # same order too
        assert list(grown.values()) == list(merged.values())
        assert list(grown) == list(merged)
        assert len(grown) == len(merged)
        assert grown == merged
        assert merged == grown
        assert all(grown[key] == value and key in grown for key, value in merged.items())
        assert grown.get(-1, "absent") == "absent"
        assert -1 not in grown


def test_growing_leaves_the_mapping_it_grew_from_as_it_was() -> None:
    before = Layered({1: "a", 2: "b"})

    after = before.grown({2: "c", 3: "d"})

    assert before == {1: "a", 2: "b"}
    assert after == {1: "a", 2: "c", 3: "d"}


def test_a_layer_outgrowing_the_square_root_of_the_base_is_flattened() -> None:
    base = Layered(dict.fromkeys(range(100), 0))

    kept = base.grown(dict.fromkeys(range(100, 110), 1))
    flattened = kept.grown({110: 1})

    assert kept._base is base._base  # ten changes on a hundred: still a layer
    assert flattened._base is not base._base
    assert not flattened._layer
    assert flattened == {**dict.fromkeys(range(100), 0), **dict.fromkeys(range(100, 111), 1)}


def test_a_plain_mapping_is_wrapped_once() -> None:
    grown = layered({1: "a"})

    assert layered(grown) is grown
