"""The rule defects found by hand, each at its boundary: the talk clock across a herziening,
a schooljaar in use, budgets and caps below what is awarded, letter dates, ASCII-only codes and
the VO niveaus."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC
from datetime import date
from datetime import datetime

import pytest
from loaded import decide
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.errors import ValidationError
from swv_desktop.models import AuditEntry
from swv_desktop.models import Beoordeling
from swv_desktop.models import BudgetNotitie
from swv_desktop.models import Schooljaar
from swv_desktop.models import Uitkomst
from swv_desktop.services import instellingen
from swv_desktop.services import leerlingen
from swv_desktop.services import scholen
from swv_desktop.services import schooljaren
from swv_desktop.services import voortgang
from swv_desktop.services.beschikkingen.uitgifte import issue_beschikking
from swv_desktop.services.instellingen import REGELING_DEFAULTS
from swv_desktop.services.instellingen import BudgetVerlaging
from swv_desktop.services.leerlingen import niveau_is_valid
from swv_desktop.services.voortgang import VoortgangInput


def _award(world, nummer: str, cents: int = 300_000, on: date = date(2021, 10, 1)):
    aid = world.ready_for_besluit(world.individual(world.add_leerling(nummer), cents))
    world.clock.set_date(on)
    result = world.award(aid, Uitkomst.TOEGEKEND, cents, "Voldoet.")
    issue_beschikking(world.db, world.directeur, result.beschikking_id)
    return aid, result


def _revise(world, result, on: date, cents: int = 250_000, **kw):
    world.clock.set_date(on)
    return world.revise(result.besluit_id, Uitkomst.GEDEELTELIJK, cents, "Minder uren.", **kw)


def _audits(world) -> int:
    with world.db.read() as s:
        return s.scalar(select(func.count(AuditEntry.id))) or 0


# --- a herziening and the talk clock -------------------------------------------------------


def test_herziening_keeps_the_original_talk_schedule(world):
    # awarded 1 October: first talk due 1 January 2022, a Saturday and Nieuwjaarsdag, so
    # Monday 3 January; the herziening of 15 December keeps that date
    aid, first = _award(world, "700001")
    _revise(world, first, date(2021, 12, 15))
    assert voortgang.overdue_gesprekken(world.db, world.directeur, date(2022, 1, 3)) == []
    overdue = voortgang.overdue_gesprekken(world.db, world.directeur, date(2022, 1, 4))
    assert [(o.aanvraag_id, o.due) for o in overdue] == [(aid, date(2022, 1, 3))]


def test_a_talk_held_before_the_herziening_can_be_recorded(world):
    aid, first = _award(world, "700002")
    _revise(world, first, date(2021, 12, 15))
    world.clock.set_date(date(2021, 12, 20))
    talk = VoortgangInput(date(2021, 11, 20), "Mentor", "Loopt goed.", Beoordeling.GOED)
    assert world.talk(aid, talk)
    before_award = VoortgangInput(date(2021, 9, 30), "Mentor", "Te vroeg.", Beoordeling.GOED)
    with pytest.raises(ValidationError, match="vóór de datum van het besluit"):
        world.talk(aid, before_award)


# --- letter dates ----------------------------------------------------------------------------


def test_a_first_letter_is_dated_within_its_schooljaar(world):
    leerling = world.add_leerling("700003")
    aid = world.ready_for_besluit(world.individual(leerling, 200_000))
    decision = (world.db, world.directeur, aid, Uitkomst.TOEGEKEND, 200_000, "Voldoet.")
    before = _audits(world)
    for wrong, match in (
        (date(2022, 8, 1), "na 31 juli 2022, het einde van schooljaar 2021-2022"),
        (date(9999, 1, 1), "na 31 juli 2022"),
        (date(2021, 9, 19), "vóór de datum van de aanvraag"),  # aanvraag of 20 September
        (datetime(2021, 10, 1, tzinfo=UTC), "geen datum"),
    ):
        with pytest.raises(ValidationError, match=match) as exc:
            decide(*decision, briefdatum=wrong)
        assert exc.value.fields == {"briefdatum"}
    assert _audits(world) == before
    done = decide(*decision, briefdatum=date(2022, 7, 31))
    assert done.kenmerk


def test_a_herziening_is_dated_within_or_just_after_its_schooljaar(world):
    _aid, first = _award(world, "700008")
    with pytest.raises(ValidationError, match="hoogstens 3 maanden daarna"):
        _revise(world, first, date(2022, 11, 1), briefdatum=date(2022, 11, 1))
    revised = _revise(world, first, date(2022, 10, 31), briefdatum=date(2022, 10, 31))
    with world.db.read() as s:
        from swv_desktop.models import Besluit

        besluit = s.get(Besluit, revised.besluit_id)
        assert (besluit.periode_start, besluit.periode_eind) == (
            date(2021, 10, 1),
            date(2022, 7, 31),
        )


def test_a_revising_letter_is_not_dated_before_the_letter_it_revises(world):
    _aid, first = _award(world, "700004", on=date(2021, 11, 10))
    with pytest.raises(ValidationError, match="vóór die van beschikking MWB-2021-001"):
        _revise(world, first, date(2021, 12, 1), briefdatum=date(2021, 11, 9))
    assert _revise(world, first, date(2021, 12, 1), briefdatum=date(2021, 11, 10)).kenmerk


# --- a schooljaar in use -----------------------------------------------------------------------


def _save_year(world, label="2021-2022", **figures):
    values = {**REGELING_DEFAULTS, **figures}
    return schooljaren.save_schooljaar(
        world.db,
        world.beheerder,
        label=label,
        schooljaar_id=world.schooljaar_id,
        versie=schooljaren.get_schooljaar(world.db, world.schooljaar_id).versie,
        **values,
    )


def test_a_schooljaar_with_aanvragen_keeps_its_label_and_dates(world):
    assert _save_year(world, "2025-2026").label == "2025-2026"  # no aanvragen yet: may move
    _save_year(world, "2021-2022")
    _award(world, "700005")
    with pytest.raises(ValidationError, match="liggen daarom vast") as exc:
        _save_year(world, "2025-2026")
    assert exc.value.fields == {"label"}
    with world.db.read() as s:
        jaar = s.get(Schooljaar, world.schooljaar_id)
        assert (jaar.label, jaar.start_datum) == ("2021-2022", date(2021, 8, 1))


def test_budget_below_awarded_needs_a_reason_and_makes_the_board_note(world):
    _award(world, "700006", cents=300_000)
    assert _save_year(world, budget_cents=300_000).budget_cents == 300_000  # equal: no question
    before = _audits(world)
    with pytest.raises(BudgetVerlaging, match="€ 0,01 overschreden"):
        _save_year(world, budget_cents=299_999)
    assert _audits(world) == before
    _save_year(world, budget_cents=299_999, verlaging_reden="Bijdrage gemeente vervalt.")
    with world.db.read() as s:
        note = s.scalars(select(BudgetNotitie)).one()
        assert note.overschrijding_cents == 1
        assert note.besluit_id is None and "Bijdrage gemeente vervalt." in note.reden
        assert s.get(Schooljaar, world.schooljaar_id).budget_cents == 299_999


def test_a_cap_below_an_award_in_force_is_refused(world):
    _award(world, "700007", cents=300_000)
    assert _save_year(world, individueel_max_cents=300_000).individueel_max_cents == 300_000
    with pytest.raises(ValidationError, match="al € 3.000,00 toegekend") as exc:
        _save_year(world, individueel_max_cents=299_999)
    assert exc.value.fields == {"individueel_max_cents"}


def test_a_group_cap_or_minimum_beyond_an_awarded_group_is_refused(world):
    ids = [world.add_leerling(f"7100{i:02d}") for i in range(6)]
    aid = world.ready_for_besluit(world.group(ids))
    world.award(aid, Uitkomst.TOEGEKEND, 2_000_000, "Goed plan.")
    assert _save_year(world, groep_max_cents=2_000_000, groep_min_leerlingen=6)
    with pytest.raises(ValidationError) as exc:
        _save_year(world, groep_max_cents=1_999_999, groep_min_leerlingen=7)
    assert exc.value.fields == {"groep_max_cents", "groep_min_leerlingen"}


def test_schooljaar_figures_of_2_to_the_63_are_refused_in_dutch(world):
    with pytest.raises(ValidationError, match="niet hoger zijn dan € 100.000.000,00"):
        _save_year(world, budget_cents=2**63)
    with pytest.raises(ValidationError, match="niet hoger zijn dan € 10.000.000,00"):
        _save_year(world, individueel_max_cents=10**30)
    with pytest.raises(ValidationError, match="geen bedrag in hele centen"):
        _save_year(world, groep_max_cents=True)


# --- codes and niveaus -------------------------------------------------------------------------


@pytest.mark.parametrize("brin", ["١٢AB", "12ÄB", "¹²AB", "12ab\u0301"])
def test_brin_is_ascii_digits_and_letters(world, brin):
    school = scholen.SchoolInput("S", brin, brin + "00", world.bestuur_id)
    with pytest.raises(ValidationError) as exc:
        scholen.save_school(world.db, world.secretariaat, school)
    assert exc.value.fields == {"brin", "vestigingsnummer"}


@pytest.mark.parametrize(
    ("nummer", "postcode", "field"),
    [
        ("⁴⁵⁶⁷", "1234 AB", "bevoegd_gezag_nummer"),
        ("١٢٣٤٥", "", "bevoegd_gezag_nummer"),
        ("4567", "⁴⁵⁶⁷ AB", "postcode"),
        ("4567", "١٢٣٤ AB", "postcode"),
    ],
)
def test_board_codes_are_ascii_digits(world, nummer, postcode, field):
    before = _audits(world)
    with pytest.raises(ValidationError) as exc:
        scholen.save_bestuur(
            world.db, world.secretariaat, scholen.BestuurInput("B", nummer, postcode=postcode)
        )
    assert exc.value.fields == {field}
    assert _audits(world) == before


def test_ascii_codes_are_accepted_and_normalised(world):
    bid = scholen.save_bestuur(
        world.db, world.secretariaat, scholen.BestuurInput("B", "4567", postcode="1234ab")
    )
    assert scholen.get_bestuur(world.db, bid).postcode == "1234 AB"
    sid = scholen.save_school(
        world.db, world.secretariaat, scholen.SchoolInput("S", "56cd", "56cd01", bid)
    )
    assert scholen.get_school(world.db, sid).vestigingsnummer == "56CD01"


@pytest.mark.parametrize(
    "niveau",
    [
        "vmbo-tl",
        "vmbo-gl",
        "vmbo-gt",
        "vmbo-bb/kb",
        "vmbo-gl/tl",
        "vmbo-gt/havo",
        "havo/vwo",
        "pro",
        "VWO",
    ],
)
def test_real_niveaus_and_combined_classes_are_accepted(niveau):
    assert niveau_is_valid(niveau)


@pytest.mark.parametrize(
    "niveau",
    [
        "havo/havo",
        "vmbo-tl/tl",
        "mbo",
        "havo/",
        "/havo",
        "vmbo-xx",
        "vwo/gymnasium",
        "",
        "hаvo",
    ],  # the last one has a Cyrillic а
)
def test_other_niveaus_are_refused(niveau):
    assert not niveau_is_valid(niveau)


def test_e_mail_needs_a_domain_with_a_dot(world):
    from swv_desktop.models import Rol
    from swv_desktop.services import auth

    with pytest.raises(ValidationError, match="geen geldig e-mailadres") as exc:
        auth.create_user(
            world.db,
            world.beheerder,
            gebruikersnaam="sanne",
            volledige_naam="Sanne Voorbeeld",
            rol=Rol.SECRETARIAAT,
            wachtwoord="lang-genoeg-wachtwoord",
            email="sanne@voorbeeld",
        )
    assert exc.value.fields == {"email"}


def test_pupil_name_longer_than_its_column_is_refused(world):
    data = leerlingen.LeerlingInput(
        "700100", "A" * 101, "Jansen", date(2008, 1, 1), world.school_id, "havo", 2
    )
    with pytest.raises(ValidationError, match="De voornaam is te lang: 101 tekens, hoogstens 100"):
        leerlingen.save_leerling(world.db, world.contactpersoon, data)


def _png(width: int = 2, height: int = 2, fmt: str = "PNG") -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (width, height), "navy").save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize(
    ("logo", "match"),
    [
        (b"\x00" * 100, "geen PNG- of JPEG-afbeelding"),
        (_png()[:30], "beschadigde afbeelding"),
        (b"GIF89a" + b"\x00" * 40, "geen PNG- of JPEG-afbeelding"),
        (_png(4001, 1), "4001 bij 1 pixels"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * (2 * 1024 * 1024), "te groot"),
        ("logo.png", "geen afbeelding"),
    ],
)
def test_a_logo_must_really_be_a_png_or_jpeg_of_sane_size(world, logo, match):
    data = replace(instellingen.get_settings(world.db), logo_png=logo)
    before = _audits(world)
    with pytest.raises(ValidationError, match=match) as exc:
        instellingen.update_settings(world.db, world.beheerder, data)
    assert exc.value.fields == {"logo_png"}
    assert _audits(world) == before


def test_a_real_png_or_jpeg_logo_is_accepted(world):
    for logo in (_png(), _png(4000, 30), _png(fmt="JPEG")):
        data = replace(instellingen.get_settings(world.db), logo_png=logo)
        assert instellingen.update_settings(world.db, world.beheerder, data).logo_png == logo
