import pytest

from hireflow.platform.contact import ContactError, normalize_email, normalize_name, normalize_phone


@pytest.mark.parametrize(
    "raw",
    [
        13800138000,
        13800138000.0,
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+86 138 0013 8000",
        "+86-13800138000",
        "0086 13800138000",
        "8613800138000",
        "１３８００１３８０００",  # full-width digits
        "＋８６ １３８００１３８０００",
        " 13800138000\u3000",  # ideographic space
    ],
)
def test_mainland_mobiles_in_every_shape_hr_files_hold(raw):
    assert normalize_phone(raw) == "+8613800138000"


def test_international_numbers_keep_their_country_code():
    assert normalize_phone("+852 9123 4567") == "+85291234567"
    assert normalize_phone("00447911123456") == "+447911123456"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (None, "missing"),
        ("", "missing"),
        ("12345", "not a mainland mobile number"),
        ("+86 12345678901", "not a valid mainland China mobile"),
        ("1.38001E+10", "scientific notation"),
        ("138OO138000", "characters other than digits"),
    ],
)
def test_bad_phone_numbers_say_why(raw, reason):
    with pytest.raises(ContactError, match=reason):
        normalize_phone(raw)


def test_emails_are_normalised_and_checked():
    assert normalize_email(" Li.Lei＠Example.COM ") == "li.lei@example.com"
    with pytest.raises(ContactError, match="not a valid e-mail"):
        normalize_email("li.lei@")
    with pytest.raises(ContactError, match="missing"):
        normalize_email("  ")


def test_names_collapse_spaces_and_keep_chinese():
    assert normalize_name("  李　雷 ") == "李 雷"
    with pytest.raises(ContactError):
        normalize_name(None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+1 (202) 555-0123", "+12025550123"),
        ("+49 1512 3456789", "+4915123456789"),
        ("0044 20 7946 0958", "+442079460958"),  # landlines abroad are numbers too
        ("013800138000", "+8613800138000"),  # a trunk 0 before a mainland mobile
    ],
)
def test_numbers_are_checked_against_each_countrys_numbering_plan(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("+999 1234 5678", "not a valid international phone number"),  # no such country
        ("+1 555 0123", "not a valid international phone number"),  # too short
        ("+86", "not a valid mainland China mobile"),
        ("+86 21 1234 5678", "not a valid mainland China mobile"),  # a Shanghai landline
        ("021 1234 5678", "not a mainland mobile number"),
        ("16000000000", "not a mainland mobile number"),  # 160 is no mobile range
    ],
)
def test_numbers_outside_the_numbering_plans_are_refused(raw, reason):
    with pytest.raises(ContactError, match=reason):
        normalize_phone(raw)
