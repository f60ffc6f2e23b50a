"""The test world: a fixed clock and a small, realistic SWV built through the services (one user
per role, schooljaar 2021-2022, a board, two schools, pupils), with the steps the tests take in
it. The fixtures that make them (``clock``, ``world``) are in ``tests/conftest.py``; tests import
the classes from here (a conftest may be loaded twice under two names, a plain module once)."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import date
from datetime import datetime
from typing import Any

from loaded import aanvraag_versie
from loaded import decide
from office import add_opp
from office import add_pupil
from office import draft

from swv_desktop.db import Database
from swv_desktop.models import Beoordeling
from swv_desktop.models import Doel
from swv_desktop.models import KostenSoort
from swv_desktop.models import LeerlingResultaat
from swv_desktop.models import Rol
from swv_desktop.models import School
from swv_desktop.models import Soort
from swv_desktop.models import Uitkomst
from swv_desktop.services import besluiten
from swv_desktop.services import uitkomsten
from swv_desktop.services import voortgang
from swv_desktop.services.aanvragen import stappen
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.aanvragen.regels import AanvraagInput
from swv_desktop.services.aanvragen.regels import GroepsplanInput
from swv_desktop.services.aanvragen.regels import KostenregelInput
from swv_desktop.services.common import Actor

FIXED_NOW = datetime(2021, 10, 4, 9, 30, tzinfo=UTC)


class FakeClock:
    """A settable clock, injected into the Database; never monkeypatch time."""

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set_date(self, day: date) -> None:
        self.now = datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)


TEST_PASSWORD = "test-wachtwoord-1"
"""The password of every user of the world (its hash is made once per session)."""


@dataclass
class World:
    """A SWV with one user per role, schooljaar 2021-2022, a board, two schools and pupils."""

    db: Database
    clock: FakeClock
    contactpersoon: Actor
    directeur: Actor
    secretariaat: Actor
    beheerder: Actor
    schooljaar_id: int
    bestuur_id: int
    school_id: int
    andere_school_id: int
    leerlingen: list[int] = field(default_factory=list)

    def contactpersoon_of(self, school_id: int) -> Actor:
        """The contactpersoon of a school (a colleague, assigned on first need, for a school
        other than the world's own: only a school's own contactpersoon records its pupils)."""
        if school_id == self.school_id:
            return self.contactpersoon
        from signed_in import signed_in
        from sqlalchemy import update

        collega = signed_in(self.db, Rol.CONTACTPERSOON, f"collega-{school_id}")
        with self.db.transaction() as session:
            session.execute(
                update(School)
                .where(School.id == school_id, School.contactpersoon_id.is_(None))
                .values(contactpersoon_id=collega.id)
            )
        return collega

    def add_leerling(self, nummer: str, *, school_id: int | None = None, opp: bool = True) -> int:
        school = school_id or self.school_id
        actor = self.contactpersoon_of(school)
        opp_on = date(2021, 9, 1) if opp else None
        return add_pupil(self.db, actor, nummer, school, born=date(2008, 3, 14), opp_on=opp_on)

    def add_opp(
        self, leerling_id: int, on: date, inzet: str, *, vorige_versie: int, **fields: object
    ) -> int:
        """The contactpersoon adds an OPP version (``office.add_opp``)."""
        return add_opp(
            self.db,
            self.contactpersoon,
            leerling_id,
            on,
            inzet,
            vorige_versie=vorige_versie,
            **fields,
        )

    def _draft(self, soort: Soort, doel: Doel, **fields: object) -> AanvraagInput:
        return draft(
            soort,
            doel,
            contactpersoon=self.contactpersoon,
            schooljaar_id=self.schooljaar_id,
            school_id=self.school_id,
            on=date(2021, 9, 20),
            **fields,
        )

    def individual(self, leerling_id: int, cents: int, **overrides: object) -> AanvraagInput:
        data = self._draft(
            Soort.INDIVIDUEEL,
            Doel.SOCIAAL_EMOTIONEEL,
            aangevraagd_cents=cents,
            leerling_id=leerling_id,
            omschrijving="Coaching op weerbaarheid",
        )
        for key, value in overrides.items():
            setattr(data, key, value)
        return data

    def group(
        self, leerling_ids: list[int], lines: list[KostenregelInput] | None = None
    ) -> AanvraagInput:
        return self._draft(
            Soort.GROEP,
            Doel.LEERVOORWAARDEN,
            groepsplan=GroepsplanInput(
                leerling_ids=leerling_ids,
                ondersteuning="Wekelijkse groepstraining executieve functies door een orthopedagoog.",
                doelen="Leerlingen plannen hun huiswerk zelfstandig.",
                evaluatiewijze="Observatie en planningslogboek, evaluatie na 10 weken.",
                periode_start=date(2021, 10, 1),
                periode_eind=date(2022, 6, 30),
                kostenregels=lines
                or [KostenregelInput("Orthopedagoog 40 uur", KostenSoort.ONDERSTEUNING, 2_000_000)],
            ),
        )

    def ready_for_besluit(self, data: AanvraagInput) -> int:
        aid = aanvragen.create_aanvraag(self.db, self.contactpersoon, data)
        stappen.submit(self.db, self.contactpersoon, aid, versie=aanvraag_versie(self.db, aid))
        stappen.record_discussion(
            self.db,
            self.contactpersoon,
            aid,
            datum=date(2021, 9, 28),
            notitie="Besproken op school.",
            versie=aanvraag_versie(self.db, aid),
        )
        stappen.send_for_besluit(
            self.db, self.contactpersoon, aid, versie=aanvraag_versie(self.db, aid)
        )
        return aid

    def award(
        self,
        aanvraag_id: int,
        uitkomst: Uitkomst,
        cents: int,
        motivering: str,
        *,
        versie: int | None = None,
    ) -> besluiten.BesluitResult:
        """The programmadirecteur decides ``aanvraag_id``: ``uitkomst`` for ``cents``, from the
        version ``versie`` (default: as stored now, a person who just opened it)."""
        return decide(
            self.db, self.directeur, aanvraag_id, uitkomst, cents, motivering, versie=versie
        )

    def talk(self, aanvraag_id: int, data: voortgang.VoortgangInput) -> int:
        """The contactpersoon records a voortgangsgesprek on ``aanvraag_id``."""
        return voortgang.record_gesprek(self.db, self.contactpersoon, aanvraag_id, data)

    def outcome(
        self,
        leerling_id: int,
        resultaat: LeerlingResultaat,
        beoordeling: Beoordeling,
        opmerkingen: str = "",
    ) -> int:
        """The contactpersoon records a pupil's outcome for the world's schooljaar."""
        return uitkomsten.record_uitkomst(
            self.db,
            self.contactpersoon,
            leerling_id,
            self.schooljaar_id,
            resultaat=resultaat,
            voortgang=beoordeling,
            opmerkingen=opmerkingen,
        )

    def revise(
        self, besluit_id: int, uitkomst: Uitkomst, cents: int, motivering: str, **extra: Any
    ) -> besluiten.BesluitResult:
        """The programmadirecteur revises the decision ``besluit_id`` (a herziening); ``extra``
        are the form's other fields (periode_eind, briefdatum...)."""
        return besluiten.revise(
            self.db,
            self.directeur,
            besluit_id,
            uitkomst=uitkomst,
            bedrag_cents=cents,
            motivering=motivering,
            **extra,
        )
