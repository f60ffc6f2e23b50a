"""The rules behind the letters at their boundaries: deadlines under the Algemene termijnenwet,
initials with tussenvoegsels, the board's IBAN (mod 97), salutation, signatory, remedy clause and
the pilot's evaluation moments."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from datetime import timedelta

import pytest

from swv_desktop.errors import ValidationError
from swv_desktop.models import Organisatie
from swv_desktop.models import Schooljaar
from swv_desktop.models.leerling import initialen
from swv_desktop.services import instellingen
from swv_desktop.services import scholen
from swv_desktop.services import schooljaren
from swv_desktop.services.beschikkingen.onderdelen import accounting_deadline
from swv_desktop.services.beschikkingen.onderdelen import evaluation_moments
from swv_desktop.services.beschikkingen.onderdelen import interval_words
from swv_desktop.services.beschikkingen.onderdelen import remedy_clause
from swv_desktop.services.beschikkingen.onderdelen import salutation
from swv_desktop.services.beschikkingen.onderdelen import without_call_name
from swv_desktop.services.iban import format_iban
from swv_desktop.services.iban import iban_problem
from swv_desktop.services.iban import make_iban
from swv_desktop.services.iban import normalize_iban
from swv_desktop.services.termijnen import deadline
from swv_desktop.services.termijnen import easter_sunday
from swv_desktop.services.termijnen import gelijkgestelde_dagen
from swv_desktop.services.termijnen import holidays
from swv_desktop.services.termijnen import is_working_day
from swv_desktop.services.termijnen import kings_day
from swv_desktop.services.termijnen import next_working_day
from swv_desktop.services.voortgang import gesprek_deadlines

# --- Algemene termijnenwet -------------------------------------------------------------------

KNOWN_EASTER = {
    2021: date(2021, 4, 4),
    2022: date(2022, 4, 17),
    2023: date(2023, 4, 9),
    2024: date(2024, 3, 31),
    2025: date(2025, 4, 20),
    2026: date(2026, 4, 5),
    2038: date(2038, 4, 25),
}


@pytest.mark.parametrize(("year", "easter"), KNOWN_EASTER.items())
def test_easter_sunday(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


def test_the_holidays_of_2022_are_those_of_the_atw() -> None:
    assert sorted(holidays(2022)) == [
        date(2022, 1, 1),  # Nieuwjaarsdag
        date(2022, 4, 15),  # Goede Vrijdag (art. 3 lid 2)
        date(2022, 4, 18),  # tweede Paasdag
        date(2022, 4, 27),  # Koningsdag
        date(2022, 5, 5),  # 5 mei, every year
        date(2022, 5, 26),  # Hemelvaartsdag
        date(2022, 6, 6),  # tweede Pinksterdag
        date(2022, 12, 25),
        date(2022, 12, 26),
    ]


def test_kings_day_moves_to_saturday_when_27_april_is_a_sunday() -> None:
    assert kings_day(2025) == date(2025, 4, 26)  # 27 April 2025 is a Sunday
    assert kings_day(2023) == date(2023, 4, 27)
    assert kings_day(2013) == date(2013, 4, 30)  # Koninginnedag before 2014


@pytest.mark.parametrize("year", range(2020, 2041))
def test_every_holiday_of_a_year_is_distinct_and_not_a_working_day(year: int) -> None:
    days = holidays(year)
    assert len(days) == 9
    assert all(not is_working_day(d) for d in days)
    assert all(d.year == year for d in days)


def test_next_working_day_skips_weekends_and_holidays() -> None:
    assert next_working_day(date(2022, 9, 11)) == date(2022, 9, 12)  # Sunday -> Monday
    assert next_working_day(date(2022, 4, 15)) == date(2022, 4, 19)  # Good Friday .. Easter Monday
    assert next_working_day(date(2021, 12, 25)) == date(2021, 12, 27)
    # 5 May 2022 is a Thursday: the Friday after it is on a par with a holiday (art. 3 lid 3)
    assert next_working_day(date(2022, 5, 5)) == date(2022, 5, 9)
    assert next_working_day(date(2022, 5, 4)) == date(2022, 5, 4)
    assert next_working_day(date(2022, 5, 26)) == date(2022, 5, 30)  # Hemelvaart and its Friday


def test_the_days_on_a_par_with_holidays_in_the_pilot_years() -> None:
    """Art. 3 lid 3 Atw: the days the decrees add by their standing rule."""
    assert gelijkgestelde_dagen(2021) == {
        date(2021, 4, 26): "maandag vóór Koningsdag",  # Koningsdag on a Tuesday
        date(2021, 5, 14): "vrijdag na Hemelvaartsdag",
    }
    assert gelijkgestelde_dagen(2022) == {
        date(2022, 5, 6): "vrijdag na 5 mei",  # 5 May on a Thursday
        date(2022, 5, 27): "vrijdag na Hemelvaartsdag",
    }
    assert gelijkgestelde_dagen(2023) == {
        date(2023, 4, 28): "vrijdag na Koningsdag",
        date(2023, 5, 19): "vrijdag na Hemelvaartsdag",
    }
    assert date(2024, 12, 27) in gelijkgestelde_dagen(2024)  # tweede Kerstdag on a Thursday
    assert date(2018, 12, 31) in gelijkgestelde_dagen(2018)  # Nieuwjaarsdag 2019 on a Tuesday
    assert date(2043, 5, 6) in gelijkgestelde_dagen(2043)  # Hemelvaartsdag on 7 May
    for year in range(2020, 2041):
        days = gelijkgestelde_dagen(year)
        assert all(d.weekday() in (0, 2, 4) and d.year == year for d in days)
        assert not set(days) & set(holidays(year))
        assert all(not is_working_day(d) for d in days)


def test_a_short_term_holds_two_working_days() -> None:
    """Art. 2 Atw: three days from Wednesday 25 May 2022 end on Monday 30 May by art. 1, but
    then hold only that one working day (Hemelvaart, its Friday, the weekend): 31 May."""
    assert deadline(date(2022, 5, 25), 3) == date(2022, 5, 31)
    assert deadline(date(2022, 9, 5), 3) == date(2022, 9, 8)  # an ordinary week: no change
    assert deadline(date(2022, 9, 7), 3) == date(2022, 9, 12)  # Saturday -> Monday (art. 1)
    for start in (date(2021, 8, 1) + timedelta(days=i) for i in range(800)):
        end = deadline(start, 3)
        working = [start + timedelta(days=k) for k in range(1, (end - start).days + 1)]
        assert is_working_day(end) and sum(map(is_working_day, working)) >= 2


def test_no_letter_deadline_falls_on_a_weekend_or_holiday() -> None:
    """Every start day of ten schooljaren: the talk and accounting deadlines are working days,
    within a few days of the plain date, and talks run from the start of the period."""
    day = date(2021, 8, 1)
    while day < date(2031, 7, 31):
        end = date(day.year + (day.month >= 8), 7, 31)
        talks = gesprek_deadlines(day, end, 3)
        if end - day > timedelta(days=92):
            assert talks, day
        assert all(is_working_day(t) for t in talks), day
        if talks:
            assert talks[0] - (day + timedelta(days=89)) < timedelta(days=10), day
        due = accounting_deadline(end)
        assert is_working_day(due) and timedelta(0) <= due - (end + timedelta(42)) < timedelta(5)
        day += timedelta(days=5)


# --- initials ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("voornaam", "tussenvoegsel", "achternaam", "expected"),
    [
        ("Jesse", "van 't", "Bosch", "J. van 't B."),
        ("Sanne", "de", "Vries", "S. de V."),
        ("Julia", "van der", "Linden", "J. van der L."),
        ("Noor", "Van Den", "Berg", "N. van den B."),
        ("Daan", "", "Jansen", "D. J."),
        ("Anne-Fleur", "", "Jansen-de Wit", "A.-F. J."),
        ("Mohammed Ali", "", "El Idrissi", "M. A. E."),
        ("émile", "", "Ölçer", "É. Ö."),
        ("Kim", "  in  't ", "Veld", "K. in 't V."),
    ],
)
def test_initials_keep_the_tussenvoegsel(
    voornaam: str, tussenvoegsel: str, achternaam: str, expected: str
) -> None:
    assert initialen(voornaam, tussenvoegsel, achternaam) == expected
    assert "'." not in expected


# --- IBAN ------------------------------------------------------------------------------------


def test_iban_checks() -> None:
    assert iban_problem("NL91 ABNA 0417 1643 00") is None
    assert iban_problem("nl91abna0417164300") is None
    assert iban_problem("") is None  # optional
    assert "controlegetal" in (iban_problem("NL91ABNA0417164301") or "")
    assert "18 tekens" in (iban_problem("NL91ABNA041716430") or "")
    assert "geen IBAN" in (iban_problem("12345") or "")
    assert iban_problem("BE68 5390 0754 7034") is None
    assert normalize_iban(" nl91 abna 0417.1643 00 ") == "NL91ABNA0417164300"
    assert format_iban("NL91ABNA0417164300") == "NL91 ABNA 0417 1643 00"
    for n in range(50):
        assert iban_problem(make_iban("TEST", f"{n:010d}")) is None


def test_bestuur_iban_is_validated_and_stored_without_spaces(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        scholen.save_bestuur(
            world.db,
            world.secretariaat,
            scholen.BestuurInput("Stichting X", "12345", iban="NL91ABNA0417164301"),
        )
    assert exc.value.fields == {"iban"}
    bid = scholen.save_bestuur(
        world.db,
        world.secretariaat,
        scholen.BestuurInput("Stichting X", "12345", iban="nl91 abna 0417 1643 00"),
    )
    assert scholen.get_bestuur(world.db, bid).iban == "NL91 ABNA 0417 1643 00"
    from swv_desktop.models import Schoolbestuur

    with world.db.read() as session:
        assert session.get(Schoolbestuur, bid).iban == "NL91ABNA0417164300"


# --- salutation, signatory, remedy, evaluation moments -------------------------------------


@pytest.mark.parametrize(
    ("tav", "expected"),
    [
        ("mevrouw J. Nieuwenhuis", "Geachte mevrouw Nieuwenhuis,"),
        ("de heer R. Lemmens", "Geachte heer Lemmens,"),
        ("de heer R.J. van Dam", "Geachte heer Van Dam,"),
        ("mw. A. de Boer", "Geachte mevrouw De Boer,"),
        ("J. Peeters", "Geachte heer, mevrouw,"),
        ("", "Geachte heer, mevrouw,"),
        # every form of address, in any case, the dot and the space after it optional
        ("mevr. A. de Boer", "Geachte mevrouw De Boer,"),
        ("Mevr. A. de Boer", "Geachte mevrouw De Boer,"),
        ("MEVROUW A. de Boer", "Geachte mevrouw De Boer,"),
        ("mevr Jansen", "Geachte mevrouw Jansen,"),
        ("mevr.Jansen", "Geachte mevrouw Jansen,"),
        ("Mw P. Smit", "Geachte mevrouw Smit,"),
        ("dhr. K. Peeters", "Geachte heer Peeters,"),
        ("Dhr.Peeters", "Geachte heer Peeters,"),
        ("dhr Peeters", "Geachte heer Peeters,"),
        ("De Heer van Dam", "Geachte heer Van Dam,"),
        ("de  heer   R. Lemmens", "Geachte heer Lemmens,"),
        # initials, academic titles, a call name and a first name are left out
        ("mevr. Th. Smit", "Geachte mevrouw Smit,"),
        ("dhr. ir. K. Peeters", "Geachte heer Peeters,"),
        ("mevr. drs. Anna de Boer", "Geachte mevrouw De Boer,"),
        ("mevrouw Anna Jansen", "Geachte mevrouw Jansen,"),
        ("mevrouw Ab van der Berg", "Geachte mevrouw Van der Berg,"),
        ("dhr. J. van 't Bosch", "Geachte heer Van 't Bosch,"),
        ("mevrouw M.J. (Marieke) van Doorn-Schepers", "Geachte mevrouw Van Doorn-Schepers,"),
        # after initials every word is the surname, also a double one without a hyphen
        ("mevrouw J. Jansen Bakker", "Geachte mevrouw Jansen Bakker,"),
        ("dhr. drs. P.K. de Vries van Dam", "Geachte heer De Vries van Dam,"),
        ("mevrouw Anna Jansen Bakker", "Geachte mevrouw Anna Jansen Bakker,"),
        # a form of address without a name, or a word that only starts like one: neutral
        ("mevrouw", "Geachte heer, mevrouw,"),
        ("dhr.", "Geachte heer, mevrouw,"),
        ("mevr. J.", "Geachte heer, mevrouw,"),
        ("de heer drs.", "Geachte heer, mevrouw,"),
        ("mevrouwe Jansen", "Geachte heer, mevrouw,"),
        ("de heerlijke Jansen", "Geachte heer, mevrouw,"),
        ("Dhrx Jansen", "Geachte heer, mevrouw,"),
        ("dhr./mevr. Jansen", "Geachte heer, mevrouw,"),
        ("Mevrouwenhuis", "Geachte heer, mevrouw,"),
    ],
)
def test_salutation_uses_the_tav_person(tav: str, expected: str) -> None:
    assert salutation(tav) == expected


def test_signatory_without_call_name_and_interval_in_words() -> None:
    assert without_call_name("Petra (Pet) Directeur") == "Petra Directeur"
    assert interval_words(3) == "iedere drie maanden"
    assert interval_words(1) == "iedere maand"


def _org(**kw: object) -> Organisatie:
    base: dict[str, object] = {
        "naam": "SWV Test",
        "adres": "Markt 1",
        "postcode": "1234 AB",
        "plaats": "Stad",
        "email": "bureau@test.example",
        "rechtsmiddel_tekst": "",
        "rechtsmiddel_soort": "heroverweging",
        "rechtsmiddel_adres": "",
        "rechtsmiddel_email": "",
    }
    base.update(kw)
    return Organisatie(**base)


def test_remedy_clause_follows_the_setting() -> None:
    values = {"organisatie": "SWV Test", "kenmerk": "MWB-2021-001"}
    heroverweging = remedy_clause(_org(), values)
    assert "geen bezwaar open" in heroverweging and "heroverweging" in heroverweging
    assert "na de dag waarop deze brief is verzonden" in heroverweging
    assert "Markt 1, 1234 AB Stad, of per e-mail naar bureau@test.example" in heroverweging
    bezwaar = remedy_clause(
        _org(rechtsmiddel_soort="bezwaar", rechtsmiddel_email="bezwaar@test.example"), values
    )
    assert "bezwaar maken" in bezwaar and "geen bezwaar" not in bezwaar
    assert "bezwaar@test.example" in bezwaar and "MWB-2021-001" in bezwaar
    own = remedy_clause(_org(rechtsmiddel_tekst="Bel ons over {kenmerk}."), values)
    assert own == "Bel ons over MWB-2021-001."


def test_settings_refuse_an_unknown_remedy_and_a_bad_email(world) -> None:  # type: ignore[no-untyped-def]
    data = replace(
        instellingen.get_settings(world.db),
        rechtsmiddel_soort="beroep",
        rechtsmiddel_email="geen adres",
    )
    with pytest.raises(ValidationError) as exc:
        instellingen.update_settings(world.db, world.beheerder, data)
    assert exc.value.fields == {"rechtsmiddel_soort", "rechtsmiddel_email"}


def _jaar(label: str, tussen: date | None = None, eind: date | None = None) -> Schooljaar:
    return Schooljaar(label=label, tussenevaluatie_op=tussen, eindevaluatie_op=eind)


def test_evaluation_moments_are_those_of_the_pilot_still_to_come() -> None:
    jaren = [
        _jaar("2021-2022", tussen=date(2022, 7, 31)),
        _jaar("2022-2023", eind=date(2023, 5, 31)),
        _jaar("2023-2024"),
    ]
    assert evaluation_moments(jaren, date(2021, 10, 4)) == (
        "de tussenevaluatie (31 juli 2022) en de eindevaluatie (31 mei 2023) van de pilot"
    )
    assert evaluation_moments(jaren, date(2022, 10, 3)) == (
        "de eindevaluatie (31 mei 2023) van de pilot"
    )
    assert evaluation_moments(jaren, date(2023, 10, 2)) == (
        "de monitoring en evaluatie van het samenwerkingsverband"
    )


def test_a_pilot_year_gets_its_evaluation_moment_from_the_regulation(world) -> None:  # type: ignore[no-untyped-def]
    jaar = schooljaren.save_schooljaar(
        world.db, world.beheerder, label="2022-2023", **instellingen.REGELING_DEFAULTS
    )
    with world.db.read() as session:
        row = session.get(Schooljaar, jaar.id)
        assert row.eindevaluatie_op == date(2023, 5, 31)
        assert row.tussenevaluatie_op is None


def test_herziening_may_end_the_period_earlier_but_not_later(world) -> None:  # type: ignore[no-untyped-def]
    from swv_desktop.models import Besluit
    from swv_desktop.models import Uitkomst
    from swv_desktop.services.beschikkingen.uitgifte import issue_beschikking

    pupil = world.add_leerling("400081")
    aid = world.ready_for_besluit(world.individual(pupil, 600_000))
    first = world.award(aid, Uitkomst.TOEGEKEND, 600_000, "Past binnen de regeling.")
    issue_beschikking(world.db, world.directeur, first.beschikking_id)
    with world.db.read() as session:
        old = session.get(Besluit, first.besluit_id)
        start, end = old.periode_start, old.periode_eind
    with pytest.raises(ValidationError) as exc:
        world.revise(
            first.besluit_id,
            Uitkomst.GEDEELTELIJK,
            300_000,
            "De leerling is vertrokken.",
            periode_eind=end + timedelta(days=1),
        )
    assert exc.value.fields == {"periode_eind"}
    left = start + timedelta(days=60)
    revised = world.revise(
        first.besluit_id,
        Uitkomst.GEDEELTELIJK,
        300_000,
        "De leerling is vertrokken.",
        periode_eind=left,
    )
    with world.db.read() as session:
        new = session.get(Besluit, revised.besluit_id)
        assert (new.periode_start, new.periode_eind) == (start, left)


# --- the SWV's own bank account (settings) ---------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NL91 ABNA 0417 1643 01", "klopt niet (controlegetal)"),
        ("NL91 ABNA 0417 1643 0", "Een IBAN uit NL heeft 18 tekens; deze heeft er 17"),
        ("91 ABNA 0417 1643 00", "is geen IBAN: die begint met de landcode"),
        ("NL91 ÄBNA 0417 1643 00", "Een IBAN bestaat uit letters (A-Z) en cijfers (0-9)"),
    ],
)
def test_the_swv_iban_is_refused_in_dutch_and_nothing_changes(
    world, typed: str, message: str
) -> None:
    before = instellingen.get_settings(world.db)
    data = replace(before, rekening_iban=typed)
    with pytest.raises(ValidationError, match=re.escape(message)) as caught:
        instellingen.update_settings(world.db, world.beheerder, data)
    assert [e.field for e in caught.value.errors] == ["rekening_iban"]
    assert instellingen.get_settings(world.db) == before


def test_the_swv_iban_is_stored_without_spaces_and_needed_for_a_tenaamstelling(world) -> None:
    before = instellingen.get_settings(world.db)
    with pytest.raises(ValidationError, match="ook het rekeningnummer"):
        instellingen.update_settings(
            world.db, world.beheerder, replace(before, rekening_tenaamstelling="Stichting SWV")
        )
    saved = instellingen.update_settings(
        world.db,
        world.beheerder,
        replace(before, rekening_iban=" nl91 abna 0417 1643 00 ", rekening_tenaamstelling="X"),
    )
    assert saved.rekening_iban == "NL91ABNA0417164300"
    stored = instellingen.get_settings(world.db)
    assert (stored.rekening_iban, stored.rekening_tenaamstelling) == ("NL91ABNA0417164300", "X")
    # emptied again: no account (the letter then names none)
    cleared = replace(stored, rekening_iban="", rekening_tenaamstelling="")
    assert instellingen.update_settings(world.db, world.beheerder, cleared).rekening_iban == ""
