"""A sealed PDF verifies as ours and unchanged; a changed byte, an update appended after
sealing, another key's seal, no seal and no PDF at all each say so (KMS on moto)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import boto3
import pytest
from fpdf import FPDF
from pyhanko.pdf_utils.generic import NameObject, pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from hireflow.platform import sealing
from hireflow.platform.sealing import KmsSealer, SealingNotConfigured
from hireflow.platform.settings import settings

SALARY = b"Monthly salary: 18000 CNY"


def signing_key() -> str:
    kms = boto3.client("kms", region_name="us-east-1")
    created = kms.create_key(
        KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY", Description="sealing key under test"
    )
    return created["KeyMetadata"]["KeyId"]


def letter() -> bytes:
    document = FPDF()
    document.set_compression(False)  # the page's text readable in the bytes, to change one
    document.add_page()
    document.set_font("helvetica", size=12)
    document.cell(text="Offer of employment", new_x="LMARGIN", new_y="NEXT")
    document.cell(text=SALARY.decode())
    return bytes(document.output())


@pytest.fixture
def key_id(aws: None) -> str:
    return signing_key()


@pytest.fixture
def sealer(key_id: str) -> KmsSealer:
    return KmsSealer(key_id, "Hireflow Demo Ltd")


@pytest.fixture
def sealed(sealer: KmsSealer) -> bytes:
    return sealer.seal(letter(), signer_name="Wang Fang", reason="Offer letter", location="上海")


def test_a_sealed_letter_is_ours_and_intact_with_its_signer_and_time(sealer, sealed):
    check = sealer.verify(sealed)
    assert check.valid and check.intact and check.ours and check.problem is None
    assert check.signer_name == "Wang Fang"
    assert check.signed_at is not None
    assert abs(datetime.now(UTC) - check.signed_at) < timedelta(minutes=1)
    # PAdES B-B: the CAdES subfilter, with the reason and place in the signature dictionary.
    assert b"/ETSI.CAdES.detached" in sealed
    assert b"(Offer letter)" in sealed


def test_one_changed_byte_of_the_page_breaks_the_seal(sealer, sealed):
    assert sealed.count(SALARY) == 1
    changed = sealed.replace(SALARY, SALARY.replace(b"18000", b"98000"))
    check = sealer.verify(changed)
    assert not check.intact and not check.valid
    assert check.problem == "digest_mismatch"


def test_an_update_appended_after_sealing_is_a_modification(sealer, sealed):
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed))
    writer.root[NameObject("/Lang")] = pdf_string("en")
    writer.update_root()
    appended = io.BytesIO()
    writer.write(appended)
    check = sealer.verify(appended.getvalue())
    assert check.ours and not check.intact and not check.valid
    assert check.problem == "modified_after_signing"


def test_a_seal_made_with_another_key_is_intact_but_not_ours(sealer, key_id):
    other = KmsSealer(signing_key(), "Hireflow Demo Ltd")  # same name, another key
    forged = other.seal(letter(), signer_name="Wang Fang", reason="Offer letter", location="上海")
    check = sealer.verify(forged)
    assert check.intact and not check.ours and not check.valid
    assert check.problem == "other_key"


def test_an_unsigned_pdf_and_bytes_that_are_no_pdf_say_so(sealer):
    unsigned = sealer.verify(letter())
    assert (unsigned.valid, unsigned.problem) == (False, "not_signed")
    garbage = sealer.verify(b"\x00not a pdf at all\xff" * 50)
    assert (garbage.valid, garbage.problem) == (False, "not_a_pdf")
    assert len(garbage.document_sha256) == 64


def test_sealing_without_a_key_names_the_setting(aws, monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("HIREFLOW_SEALING_KEY_ID", raising=False)
    settings.cache_clear()
    with pytest.raises(SealingNotConfigured, match="HIREFLOW_SEALING_KEY_ID"):
        sealing.configured_sealer()
    unsigned = tmp_path / "letter.pdf"
    unsigned.write_bytes(letter())
    assert sealing.main(["verify", str(unsigned)]) == 2  # not "invalid": nothing was checked
    assert "HIREFLOW_SEALING_KEY_ID" in capsys.readouterr().err


def test_the_command_line_exits_0_for_our_seal_and_1_otherwise(
    key_id, sealed, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("HIREFLOW_SEALING_KEY_ID", key_id)
    settings.cache_clear()
    good = tmp_path / "letter.pdf"
    good.write_bytes(sealed)
    assert sealing.main(["verify", str(good)]) == 0
    said = capsys.readouterr().out
    assert said.startswith("VALID") and "signer=Wang Fang" in said and "sha256=" in said

    changed = tmp_path / "changed.pdf"
    changed.write_bytes(sealed.replace(b"18000", b"98000"))
    assert sealing.main(["verify", str(changed)]) == 1
    assert capsys.readouterr().out.startswith("NOT VALID: the sealed content was changed")


def test_a_sealed_letter_can_be_sealed_again_and_names_in_chinese_survive(sealer, sealed):
    again = sealer.seal(sealed, signer_name="王芳", reason="录用通知书", location="深圳")
    check = sealer.verify(again)
    assert check.valid and check.signer_name == "王芳"  # the last seal, over the whole file
