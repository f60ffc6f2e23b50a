"""No lost update: every editable record carries a version, a save names the version its form
loaded, and a stale save is refused in Dutch with who changed the record and when."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC
from datetime import datetime

import pytest
from loaded import aanvraag_versie
from sqlalchemy import inspect
from sqlalchemy import select

from swv_desktop import models
from swv_desktop.errors import StaleEdit
from swv_desktop.models import Organisatie
from swv_desktop.services import instellingen
from swv_desktop.services import leerlingen
from swv_desktop.services import scholen
from swv_desktop.services import schooljaren
from swv_desktop.services.aanvragen import stappen
from swv_desktop.services.aanvragen import use_cases as aanvragen

EDITABLE = [
    "Aanvraag",
    "BriefTekst",
    "EvaluatieTekst",
    "Gebruiker",
    "Leerling",
    "Organisatie",
    "School",
    "Schoolbestuur",
    "Schooljaar",
]  # the models, by name


@pytest.mark.parametrize("name", EDITABLE)
def test_every_editable_record_is_versioned(name):
    model = getattr(models, name)
    assert inspect(model).version_id_col is model.__table__.c.versie


def test_a_stale_pupil_save_is_refused_and_names_who_and_when(world):
    lid = world.add_leerling("700001")
    loaded = leerlingen.get_leerling(world.db, world.contactpersoon, lid).data
    assert loaded.versie == 1
    world.clock.now = datetime(2021, 10, 5, 14, 20, tzinfo=UTC)
    leerlingen.save_leerling(  # in a second window (or offline on her laptop)
        world.db, world.contactpersoon, replace(loaded, achternaam="Eerste"), lid
    )
    with pytest.raises(StaleEdit) as refused:
        leerlingen.save_leerling(
            world.db, world.contactpersoon, replace(loaded, achternaam="Tweede"), lid
        )
    message = str(refused.value)
    assert "Leerling 700001 is intussen gewijzigd door Fenna Contact op 5 oktober 2021 16:20" in (
        message
    )
    assert "niet opgeslagen" in message
    now = leerlingen.get_leerling(world.db, world.contactpersoon, lid).data
    assert (now.achternaam, now.versie) == ("Eerste", 2)
    # after reloading, the same change goes through
    leerlingen.save_leerling(world.db, world.contactpersoon, replace(now, achternaam="Tweede"), lid)


def test_changing_only_a_condition_still_counts_the_version_up(world):
    lid = world.add_leerling("700002")
    aid = aanvragen.create_aanvraag(world.db, world.contactpersoon, world.individual(lid, 100_000))
    data = aanvragen.get_aanvraag(world.db, world.contactpersoon, aid).data
    data.voorwaarden[0].toelichting = "Alleen deze toelichting is nieuw."
    aanvragen.update_aanvraag(world.db, world.contactpersoon, aid, data)
    assert aanvragen.get_aanvraag(world.db, world.contactpersoon, aid).data.versie == 2
    with pytest.raises(StaleEdit, match="Aanvraag A2021-001 is intussen gewijzigd door Fenna"):
        aanvragen.update_aanvraag(world.db, world.contactpersoon, aid, data)


def test_a_workflow_step_makes_an_open_form_stale(world):
    lid = world.add_leerling("700003")
    aid = aanvragen.create_aanvraag(world.db, world.contactpersoon, world.individual(lid, 100_000))
    data = aanvragen.get_aanvraag(world.db, world.contactpersoon, aid).data
    stappen.submit(world.db, world.contactpersoon, aid, versie=aanvraag_versie(world.db, aid))
    with pytest.raises(StaleEdit, match="door Fenna Contact"):
        aanvragen.update_aanvraag(world.db, world.contactpersoon, aid, data)


def test_school_board_schooljaar_settings_and_user_refuse_stale_saves(world):
    school = scholen.get_school(world.db, world.school_id)
    scholen.save_school(world.db, world.secretariaat, replace(school, plaats="A"), world.school_id)
    with pytest.raises(StaleEdit, match="School Het Testcollege is intussen gewijzigd"):
        scholen.save_school(world.db, world.beheerder, replace(school, plaats="B"), world.school_id)

    bestuur = scholen.get_bestuur(world.db, world.bestuur_id)
    scholen.save_bestuur(
        world.db, world.secretariaat, replace(bestuur, plaats="A"), world.bestuur_id
    )
    with pytest.raises(StaleEdit, match="Bestuur Stichting Testonderwijs"):
        scholen.save_bestuur(
            world.db, world.beheerder, replace(bestuur, plaats="B"), world.bestuur_id
        )

    jaar = schooljaren.get_schooljaar(world.db, world.schooljaar_id)
    figures = {**instellingen.REGELING_DEFAULTS, "budget_cents": 10_000_000}
    kwargs = {"label": jaar.label, "schooljaar_id": jaar.id, "versie": jaar.versie}
    schooljaren.save_schooljaar(world.db, world.beheerder, **kwargs, **figures)
    with pytest.raises(StaleEdit, match="Schooljaar 2021-2022 is intussen gewijzigd door Bram"):
        schooljaren.save_schooljaar(world.db, world.directeur, **kwargs, **figures)

    settings = instellingen.get_settings(world.db)
    saved = instellingen.update_settings(world.db, world.beheerder, replace(settings, plaats="X"))
    assert saved.versie == settings.versie + 1
    with pytest.raises(StaleEdit, match="De instellingen zijn intussen gewijzigd door Bram Beheer"):
        instellingen.update_settings(world.db, world.beheerder, replace(settings, plaats="Y"))
    with world.db.read() as s:
        assert s.scalars(select(Organisatie.plaats)).one() == "X"


def test_a_change_without_the_loaded_version_is_refused_in_dutch(world):
    bestuur = scholen.get_bestuur(world.db, world.bestuur_id)
    with pytest.raises(StaleEdit, match="Niet bekend is van welke versie van bestuur"):
        scholen.save_bestuur(
            world.db,
            world.secretariaat,
            replace(bestuur, versie=None, plaats="Z"),
            world.bestuur_id,
        )
    assert scholen.get_bestuur(world.db, world.bestuur_id) == bestuur
