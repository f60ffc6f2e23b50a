"""A pupil's whole story: the individual and the group application the pupil is in, the decision,
the letter, the talk and the outcome, newest first, each naming the form that opens it; a pupil
of someone else's application is not mixed in, and only those who work with pupils may see it."""

from __future__ import annotations

from datetime import date

import pytest
from world import World

from swv_desktop.errors import NotFound
from swv_desktop.errors import PermissionDenied
from swv_desktop.models import Beoordeling
from swv_desktop.models import LeerlingResultaat
from swv_desktop.models import Uitkomst
from swv_desktop.services import voortgang
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.queries.dossier import leerling_dossier


def test_the_whole_story_newest_first(world: World) -> None:
    pupil = world.add_leerling("500001")
    other = world.add_leerling("500002")
    aid = world.ready_for_besluit(world.individual(pupil, 650_000))
    world.award(aid, Uitkomst.TOEGEKEND, 650_000, "Voldoet aan alle voorwaarden.")
    rest = [world.add_leerling(f"50002{n}") for n in range(3)]
    group = aanvragen.create_aanvraag(
        world.db, world.contactpersoon, world.group([pupil, other, *rest])
    )
    world.clock.set_date(date(2021, 12, 15))
    world.talk(
        aid,
        voortgang.VoortgangInput(
            date(2021, 12, 14), "Mentor, ouders", "Gaat goed.", Beoordeling.GOED
        ),
    )
    world.clock.set_date(date(2022, 7, 20))
    world.outcome(pupil, LeerlingResultaat.REGULIER_VO, Beoordeling.GOED)

    lines = leerling_dossier(world.db, world.directeur, pupil)
    assert [(line.soort, line.open_kind) for line in lines] == [
        ("Uitkomst", "uitkomst"),
        ("Voortgangsgesprek", "voortgang"),
        ("Beschikking", "beschikking"),
        ("Besluit", "besluit"),
        ("Aanvraag", "aanvraag"),  # the group application, also of 20 September
        ("Aanvraag", "aanvraag"),
    ]
    assert lines[3].omschrijving == "A2021-001: toegekend, € 6.500,00"
    assert lines[2].omschrijving.startswith("MWB-2021-001 bij A2021-001; ")
    assert lines[1].omschrijving == "A2021-001: goede voortgang"
    assert {lines[4].open_id, lines[5].open_id} == {aid, group}
    assert [line.open_id for line in leerling_dossier(world.db, world.contactpersoon, other)] == [
        group
    ]


def test_who_may_see_it(world: World) -> None:
    pupil = world.add_leerling("500010")
    assert leerling_dossier(world.db, world.contactpersoon, pupil) == []
    for actor in (world.secretariaat, world.beheerder):
        with pytest.raises(PermissionDenied):
            leerling_dossier(world.db, actor, pupil)
    with pytest.raises(NotFound):
        leerling_dossier(world.db, world.directeur, 99_999)
