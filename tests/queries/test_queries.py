"""The list queries: filters, free text, sorting, paging and counts happen in SQL."""

from __future__ import annotations

from signed_in import a_directeur
from ui.fixtures import Seed

from swv_desktop.db import Database
from swv_desktop.models import Status
from swv_desktop.services.queries import lists as queries
from swv_desktop.services.queries.lists import ListFilter


def test_counts_of_every_list(db: Database, seed: Seed) -> None:
    assert queries.count(db, a_directeur(db), "leerling") == 12
    assert queries.count(db, a_directeur(db), "aanvraag") == 5
    assert queries.count(db, a_directeur(db), "beschikking") == 1
    assert queries.count(db, a_directeur(db), "school") == 3
    assert queries.count(db, a_directeur(db), "bestuur") == 2


def test_free_text_needs_every_word(db: Database, seed: Seed) -> None:
    rows = queries.fetch(db, a_directeur(db), "leerling", ListFilter(tekst="emma vries"))
    assert [r.naam for r in rows] == ["Vries, Emma de"]
    assert queries.count(db, a_directeur(db), "leerling", ListFilter(tekst="emma jansen")) == 0
    assert queries.count(db, a_directeur(db), "leerling", ListFilter(tekst="L1003")) == 1
    # a wildcard typed by the user is a plain character, not "everything"
    assert queries.count(db, a_directeur(db), "leerling", ListFilter(tekst="%")) == 12


def test_leerling_filters(db: Database, seed: Seed) -> None:
    by_school = ListFilter(school_id=seed.schools[1])
    assert queries.count(db, a_directeur(db), "leerling", by_school) == 2
    by_cp = ListFilter(contactpersoon_id=seed.users["cp2"])
    assert {r.school for r in queries.fetch(db, a_directeur(db), "leerling", by_cp)} == {
        "Scholengemeenschap De Brug"
    }
    # pupils with an application in the year: 4 individual + 5 in the group (overlapping)
    in_year = ListFilter(schooljaar_id=seed.schooljaar_id)
    assert queries.count(db, a_directeur(db), "leerling", in_year) == 5
    assert (
        queries.count(
            db, a_directeur(db), "leerling", ListFilter(schooljaar_id=seed.schooljaar2_id)
        )
        == 0
    )


def test_aanvraag_filters_and_rows(db: Database, seed: Seed) -> None:
    waiting = queries.fetch(
        db, a_directeur(db), "aanvraag", ListFilter(status=Status.TER_BESLUITVORMING.value)
    )
    assert [a.nummer for a in waiting] == ["2021-002"]
    assert (
        queries.count(
            db, a_directeur(db), "aanvraag", ListFilter(contactpersoon_id=seed.users["cp2"])
        )
        == 1
    )
    group = queries.get_row(db, a_directeur(db), "aanvraag", seed.aanvragen["groep"])
    assert group.leerling == "Groepsaanpak (5 leerlingen)"
    awarded = queries.get_row(db, a_directeur(db), "aanvraag", seed.aanvragen["toegekend"])
    assert awarded.toegekend_cents == 600_000
    assert queries.get_row(db, a_directeur(db), "aanvraag", 9999) is None


def test_beschikking_stand_filter(db: Database, seed: Seed) -> None:
    assert queries.count(db, a_directeur(db), "beschikking", ListFilter(status="concept")) == 1
    assert queries.count(db, a_directeur(db), "beschikking", ListFilter(status="verzonden")) == 0
    row = queries.fetch(db, a_directeur(db), "beschikking")[0]
    assert (row.kenmerk, row.stand) == ("MWB-2021-001", "concept")


def test_sort_and_paging(db: Database, seed: Seed) -> None:
    asc = [r.naam for r in queries.fetch(db, a_directeur(db), "leerling", sort="naam")]
    desc = [
        r.naam for r in queries.fetch(db, a_directeur(db), "leerling", sort="naam", descending=True)
    ]
    assert asc == sorted(asc, key=str.lower) and desc == list(reversed(asc))
    pages = [queries.fetch(db, a_directeur(db), "leerling", offset=o, limit=5) for o in (0, 5, 10)]
    assert [len(p) for p in pages] == [5, 5, 2]
    assert [r.naam for p in pages for r in p] == asc
    amounts = [
        a.aangevraagd_cents
        for a in queries.fetch(db, a_directeur(db), "aanvraag", sort="aangevraagd_cents")
    ]
    assert amounts == sorted(amounts)
    for kind in queries.SPECS:
        for column in queries.sort_columns(kind):
            assert len(
                queries.fetch(db, a_directeur(db), kind, sort=column, descending=True)
            ) == queries.count(db, a_directeur(db), kind)


def test_school_and_bestuur_rows(db: Database, seed: Seed) -> None:
    school = queries.fetch(db, a_directeur(db), "school", ListFilter(tekst="noorderlicht"))[0]
    assert (school.brin, school.leerlingen, school.contactpersoon) == ("01AA", 8, "Anouk Contact")
    besturen = queries.fetch(db, a_directeur(db), "bestuur", sort="scholen", descending=True)
    assert [(b.naam, b.scholen) for b in besturen][0] == ("Stichting Voortgezet Onderwijs Noord", 2)


def test_every_sort_holds_across_pages(db: Database, seed: Seed) -> None:
    """Pages of 5 put together are the whole sorted list, for every sort key of every list
    (sorting pupils by contactpersoon once sorted within one page only)."""
    for kind in queries.SPECS:
        total = queries.count(db, a_directeur(db), kind)
        for column in queries.sort_columns(kind):
            for descending in (False, True):
                whole = [
                    r.id
                    for r in queries.fetch(
                        db, a_directeur(db), kind, sort=column, descending=descending
                    )
                ]
                paged = [
                    r.id
                    for offset in range(0, total, 5)
                    for r in queries.fetch(
                        db,
                        a_directeur(db),
                        kind,
                        sort=column,
                        descending=descending,
                        offset=offset,
                        limit=5,
                    )
                ]
                assert paged == whole, (kind, column, descending)


def test_pupils_sorted_by_contactpersoon_over_pages(db: Database, seed: Seed) -> None:
    names = [
        r.contactpersoon
        for offset in (0, 5, 10)
        for r in queries.fetch(
            db, a_directeur(db), "leerling", sort="contactpersoon", offset=offset, limit=5
        )
    ]
    assert sorted(set(names)) == ["Anouk Contact", "Bram Contact"]
    assert names == sorted(names)
