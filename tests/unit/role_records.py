"""What the calls of the role x action matrix (``role_matrix.MATRIX``) work on: records of the
test world's own school made through the services (``make_records``; an award, a settlement and a
VSO entry made on first use), and the arguments the rows pass that are read from them or built."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from loaded import aanvraag_versie
from office import vso_inzet

from swv_desktop.models import Afwikkeling
from swv_desktop.models import Uitkomst
from swv_desktop.services import scholen

IBAN = "NL91ABNA0417164300"


@dataclass
class Records:
    """What the calls work on: records of the world's own school, made through the services."""

    world: Any
    leerling: int = 0
    concept: int = 0
    ingediend: int = 0
    besproken: int = 0
    ter_besluit: int = 0
    toegekend: int = 0
    besluit: int = 0
    beschikking: int = 0
    vaststelling: int = 0
    inzet: int = 0

    def decided(self) -> Records:
        """Make (once) an awarded application with its issued beschikking."""
        if not self.besluit:
            from swv_desktop.services.beschikkingen.uitgifte import issue_beschikking

            w = self.world
            self.toegekend = w.ready_for_besluit(w.individual(self.leerling, 100_000))
            result = w.award(
                self.toegekend, Uitkomst.TOEGEKEND, 100_000, "Voldoet aan alle voorwaarden."
            )
            self.besluit, self.beschikking = result.besluit_id, result.beschikking_id
            issue_beschikking(w.db, w.directeur, self.beschikking)
        return self

    def settled(self) -> Records:
        """Make (once) a paid, accounted and settled award with its letter issued."""
        if not self.vaststelling:
            from swv_desktop.services.verantwoording import betalingen
            from swv_desktop.services.verantwoording import use_cases as geld

            w = self.decided().world
            scholen.save_bestuur(
                w.db,
                w.secretariaat,
                replace(scholen.get_bestuur(w.db, w.bestuur_id), iban=IBAN),
                w.bestuur_id,
            )
            betalingen.record_betaling(
                w.db,
                w.secretariaat,
                self.toegekend,
                betalingen.BetalingInput(date(2021, 10, 4), 100_000),
            )
            betalingen.save_verantwoording(
                w.db,
                w.contactpersoon,
                self.toegekend,
                betalingen.VerantwoordingInput(
                    date(2021, 10, 4),
                    ondersteuning_cents=80_000,
                    gecontroleerd_op=date(2021, 10, 4),
                ),
            )
            result = geld.vaststellen(
                w.db,
                w.directeur,
                self.toegekend,
                geld.VaststellingInput(date(2021, 10, 4), Afwikkeling.TERUGBETALEN),
            )
            self.vaststelling = result.vaststelling_id
            geld.issue_vaststelling(w.db, w.directeur, self.vaststelling)
        return self

    def vso(self) -> Records:
        """Make (once) an entry of the VSO expertise register at the world's own school."""
        if not self.inzet:
            from swv_desktop.services import vso_expertise

            w = self.world
            self.inzet = vso_expertise.save_inzet(
                w.db, w.contactpersoon, vso_inzet(w.schooljaar_id, w.school_id)
            )
        return self


def make_records(world: Any) -> Records:
    """The records of the world's own school: a pupil and an application in each state of the
    route up to the decision."""
    from swv_desktop.services.aanvragen import stappen
    from swv_desktop.services.aanvragen import use_cases as aanvragen

    w, cp = world, world.contactpersoon
    r = Records(world=w, leerling=w.add_leerling("M0001"))
    r.concept = aanvragen.create_aanvraag(w.db, cp, w.individual(r.leerling, 50_000))
    r.ingediend = aanvragen.create_aanvraag(w.db, cp, w.individual(r.leerling, 50_000))
    stappen.submit(w.db, cp, r.ingediend, versie=aanvraag_versie(w.db, r.ingediend))
    r.besproken = aanvragen.create_aanvraag(w.db, cp, w.individual(r.leerling, 50_000))
    stappen.submit(w.db, cp, r.besproken, versie=aanvraag_versie(w.db, r.besproken))
    stappen.record_discussion(
        w.db,
        cp,
        r.besproken,
        datum=date(2021, 9, 28),
        notitie="Besproken op school.",
        versie=aanvraag_versie(w.db, r.besproken),
    )
    r.ter_besluit = w.ready_for_besluit(w.individual(r.leerling, 50_000))
    return r


# --- the arguments the rows pass ------------------------------------------------------------


def aanvraag_data(r: Records, aid: int) -> Any:
    """The stored input of application ``aid``, as its form would send it back."""
    from swv_desktop.services.aanvragen import use_cases as aanvragen

    return aanvragen.get_aanvraag(r.world.db, r.world.contactpersoon, aid).data


DUO_FILE = (  # the DUO list of VO branches in tests/data, as the import takes it: name, bytes
    "02-alle-vestigingen-vo.csv",
    (Path(__file__).parent.parent / "data" / "duo" / "02-alle-vestigingen-vo.csv").read_bytes(),
)


def duo_plan(r: Records) -> Any:
    """The plan of a DUO import of ``DUO_FILE`` (the schools of Teststad)."""
    from swv_desktop.services.duo.vergelijken import plan_import

    return plan_import(r.world.db, r.world.secretariaat, [DUO_FILE], gemeenten=["Teststad"])


def betaling_input(cents: int = 50_000) -> Any:
    """A payment (or repayment) of ``cents`` on the clock's day."""
    from swv_desktop.services.verantwoording.betalingen import BetalingInput

    return BetalingInput(date(2021, 10, 4), cents, "BT-1")


def verantwoording_input() -> Any:
    """A school's account of what the award was spent on."""
    from swv_desktop.services.verantwoording.betalingen import VerantwoordingInput

    return VerantwoordingInput(date(2021, 10, 4), ondersteuning_cents=90_000)


def vaststelling_input() -> Any:
    """A settlement in which the school pays back what it did not spend."""
    from swv_desktop.services.verantwoording.use_cases import VaststellingInput

    return VaststellingInput(date(2021, 10, 4), Afwikkeling.TERUGBETALEN)


def leerling_data(r: Records) -> Any:
    """The stored input of the records' pupil, as its form would send it back."""
    from swv_desktop.services import leerlingen

    return leerlingen.get_leerling(r.world.db, r.world.contactpersoon, r.leerling).data


def current_settings(r: Records) -> Any:
    """The organisation's settings as stored."""
    from swv_desktop.services import instellingen

    return instellingen.get_settings(r.world.db)
