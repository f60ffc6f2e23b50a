"""Bank account numbers (IBAN): normalised without spaces, checked with the ISO 13616 mod-97
check and, for Dutch accounts, the fixed length of 18 characters; shown in groups of four."""

from __future__ import annotations

import re

_SHAPE = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$")
LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "LU": 20, "FR": 27}
"""The fixed IBAN lengths of the countries a board in the region may bank in."""


def normalize_iban(value: str) -> str:
    """``nl91 abna 0417 1643 00`` -> ``NL91ABNA0417164300`` (spaces and dots removed)."""
    return re.sub(r"[\s.\-]", "", value).upper()


def iban_problem(value: str) -> str | None:
    """The Dutch message for an invalid IBAN, or ``None`` when it is valid (or empty)."""
    iban = normalize_iban(value)
    if not iban:
        return None
    if not _SHAPE.match(iban):
        return (
            f"'{value.strip()}' is geen IBAN: die begint met de landcode en twee cijfers, "
            "bijvoorbeeld NL91 ABNA 0417 1643 00."
        )
    expected = LENGTHS.get(iban[:2])
    if expected is not None and len(iban) != expected:
        return f"Een IBAN uit {iban[:2]} heeft {expected} tekens; deze heeft er {len(iban)}."
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    if int(number) % 97 != 1:
        return f"IBAN {format_iban(iban)} klopt niet (controlegetal); controleer de cijfers."
    return None


def format_iban(value: str) -> str:
    """``NL91ABNA0417164300`` -> ``NL91 ABNA 0417 1643 00`` (non-breaking spaces not used)."""
    iban = normalize_iban(value)
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def make_iban(bank: str, account: str, country: str = "NL") -> str:
    """The IBAN of ``account`` at ``bank`` with its check digits (for fictional demo data)."""
    body = f"{bank}{account}".upper()
    number = "".join(str(int(ch, 36)) for ch in body + country + "00")
    return f"{country}{98 - int(number) % 97:02d}{body}"
