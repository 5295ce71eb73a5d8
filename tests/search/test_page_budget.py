"""The bound on the index pages a searching process holds (`search.mapped_pages.PageBudget`),
as a policy: given what the process holds after each search, when it gives the index's
pages back. (With an engine over a real index: tests/search/test_mapped_pages.py.)"""

from tanwen.search.mapped_pages import PageBudget

MB = 1 << 20


def budget_reading(readings: list[int | None], limit: int = 100 * MB) -> tuple[PageBudget, list]:
    """A budget whose reads of the pages held are `readings` in turn (the first when it is
    made), and the list its give-backs are noted in."""
    held = iter(readings)
    return PageBudget(limit, held=lambda: next(held)), []


def test_nothing_is_given_back_within_the_limit():
    budget, released = budget_reading([30 * MB, 60 * MB, 130 * MB, 130 * MB])
    for _ in range(3):
        assert not budget.after_search(lambda: released.append(True))
    assert released == []


def test_past_the_limit_over_the_floor_the_pages_are_given_back_once():
    # Opened holding 30 MB (libraries), then searches read 80 MB, then 40 MB more.
    budget, released = budget_reading([30 * MB, 110 * MB, 150 * MB, 35 * MB, 60 * MB])
    assert not budget.after_search(lambda: released.append("first"))
    assert budget.after_search(lambda: released.append("second"))   # 120 MB over the floor
    assert released == ["second"]
    assert not budget.after_search(lambda: released.append("third"))    # 30 MB over, after
    assert released == ["second"]


def test_what_stays_after_giving_back_is_the_new_floor():
    """Pages that giving back the index's cannot drop (another file the process maps) are
    not counted against the index again: no release after every search."""
    budget, released = budget_reading([30 * MB, 140 * MB, 90 * MB, 180 * MB, 200 * MB, 95 * MB])
    assert budget.after_search(lambda: released.append(1))      # 110 over 30: given back
    assert not budget.after_search(lambda: released.append(2))  # 90 stayed: 180 is 90 over
    assert budget.after_search(lambda: released.append(3))      # 110 over 90
    assert released == [1, 3]


def test_where_the_pages_held_are_not_known_nothing_is_given_back():
    budget, released = budget_reading([None, 500 * MB])
    assert not budget.after_search(lambda: released.append(True))
    budget, released = budget_reading([30 * MB, None])
    assert not budget.after_search(lambda: released.append(True))
    assert released == []
