"""Check-digit rules for resident IDs (GB 11643) and USCCs (GB 32100), with property tests."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from bashu.core.identity import (
    USCC_ALPHABET,
    mask_name,
    mask_phone,
    mask_resident_id,
    resident_id_check,
    resident_id_complete,
    uscc_check,
    uscc_complete,
)

TODAY = dt.date(2026, 11, 22)
CURRENT = {"510104", "500105", "500112", "510117"}

birth_dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
areas = st.sampled_from(sorted(CURRENT))
sequences = st.integers(min_value=0, max_value=999)


def make_id(area: str, birth: dt.date, seq: int) -> str:
    return resident_id_complete(f"{area}{birth:%Y%m%d}{seq:03d}")


@given(areas, birth_dates, sequences)
def test_every_completed_number_is_valid_and_round_trips(
    area: str, birth: dt.date, seq: int
) -> None:
    number = make_id(area, birth, seq)
    check = resident_id_check(number, today=TODAY, current_areas=CURRENT)
    assert check.valid, check.errors
    assert check.normalized == number
    assert check.birth_date == birth
    assert check.sex == ("M" if seq % 2 else "F")
    assert check.area_code == area


@given(areas, birth_dates, sequences, st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_change_is_caught(
    area: str, birth: dt.date, seq: int, pos: int, delta: int
) -> None:
    number = make_id(area, birth, seq)
    changed = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1 :]
    check = resident_id_check(changed, today=TODAY, current_areas=CURRENT)
    # Either the date became impossible or the check character no longer matches; never valid.
    assert not check.valid
    assert {e.rule for e in check.errors} & {"checksum", "birth_date", "birth_date_future"}


@given(areas, birth_dates, sequences, st.integers(0, 15))
def test_adjacent_transpositions_are_caught(area: str, birth: dt.date, seq: int, pos: int) -> None:
    number = make_id(area, birth, seq)
    if number[pos] == number[pos + 1]:
        return
    swapped = number[:pos] + number[pos + 1] + number[pos] + number[pos + 2 :]
    assert not resident_id_check(swapped, today=TODAY, current_areas=CURRENT).valid


def test_lower_case_x_is_accepted_and_stored_upper_case() -> None:
    check = resident_id_check("11010519491231002x", today=TODAY)
    assert check.valid and check.normalized == "11010519491231002X"


def test_chongqing_number_of_someone_born_1985_is_valid_without_warning() -> None:
    number = make_id("500105", dt.date(1985, 6, 1), 123)
    check = resident_id_check(number, today=TODAY, current_areas=CURRENT)
    assert check.valid and check.warnings == []


def test_historical_area_code_is_a_warning_not_a_rejection() -> None:
    number = make_id("510124", dt.date(1980, 1, 1), 12)  # 郫县, now 郫都区 510117
    check = resident_id_check(number, today=TODAY, current_areas=CURRENT)
    assert check.valid
    assert [w.rule for w in check.warnings] == ["area_code_historical"]


def test_unknown_area_code_is_a_warning_not_a_rejection() -> None:
    check = resident_id_check(
        make_id("999999", dt.date(1980, 1, 1), 12), today=TODAY, current_areas=CURRENT
    )
    assert check.valid and [w.rule for w in check.warnings] == ["area_code_unknown"]


def test_fifteen_digit_number_is_converted_with_a_warning() -> None:
    check = resident_id_check("110105491231002", today=TODAY)
    assert check.valid
    assert check.normalized == "11010519491231002X"
    assert [w.rule for w in check.warnings] == ["legacy_15_digit"]


def test_impossible_and_future_birth_dates_are_rejected() -> None:
    assert (
        next(
            e.rule
            for e in resident_id_check(
                make_id("510104", dt.date(1990, 2, 28), 1)[:10] + "0230" + "0011", today=TODAY
            ).errors
        )
        == "birth_date"
    )
    future = resident_id_complete("51010420301231001")
    assert "birth_date_future" in {e.rule for e in resident_id_check(future, today=TODAY).errors}


def test_wrong_length_and_letters_are_rejected_with_their_rule() -> None:
    assert resident_id_check("5101041990", today=TODAY).errors[0].rule == "length"
    assert resident_id_check("51010419900101A23X", today=TODAY).errors[0].rule == "format"
    assert resident_id_check("", today=TODAY).errors[0].rule == "length"


uscc_bodies = st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17)


@given(uscc_bodies)
def test_every_completed_uscc_is_valid(body: str) -> None:
    code = uscc_complete(body)
    check = uscc_check(code)
    assert check.valid and check.normalized == code


@given(uscc_bodies, st.integers(0, 16), st.integers(1, 30))
def test_any_single_uscc_character_change_is_caught(body: str, pos: int, delta: int) -> None:
    code = uscc_complete(body)
    replacement = USCC_ALPHABET[(USCC_ALPHABET.index(code[pos]) + delta) % 31]
    changed = code[:pos] + replacement + code[pos + 1 :]
    check = uscc_check(changed)
    assert not check.valid and check.errors[0].rule == "checksum"


def test_uscc_letters_outside_the_alphabet_are_rejected() -> None:
    check = uscc_check("91510100MA6CXXXXIA")  # I is not in the alphabet
    assert not check.valid and check.errors[0].rule == "alphabet"
    assert uscc_check("915101").errors[0].rule == "length"


def test_lower_case_uscc_is_normalised() -> None:
    code = uscc_complete("91510100MA6CXXXX0")
    assert uscc_check(code.lower()).normalized == code


def test_masks() -> None:
    # One rule for every number: the first three and the last two characters stay.
    assert mask_resident_id("510104199001011237") == "510*************37"
    assert mask_resident_id("51010419900101123X") == "510*************3X"
    assert mask_phone("13812345678") == "138******78"
    assert mask_phone("028-12345678") == "028-******78"
    assert mask_phone("0281234") == "028**34"
    assert mask_phone("123456") == "******"
    assert mask_name("张三丰") == "张**"
    assert mask_resident_id("") == ""


@given(
    st.integers(min_value=0, max_value=999).map(lambda n: f"{n:03d}"),
    st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2020, 12, 31)),
)
def test_masked_id_with_birth_date_and_area_still_leaves_thousands_of_candidates(
    sequence: str, born: dt.date
) -> None:
    """What a masked answer may carry beside the ID (its age, its county) must not rebuild it:
    the mask hides the county digits, the birth date and the sequence, so even knowing the
    birth date exactly leaves every sequence number of every county of the prefecture."""
    number = resident_id_complete("510104" + born.strftime("%Y%m%d") + sequence)
    masked = mask_resident_id(number)
    hidden = [i for i, c in enumerate(masked) if c == "*"]
    assert set(range(3, 16)) <= set(hidden)
    assert born.strftime("%Y%m%d") not in masked and "510104" not in masked
