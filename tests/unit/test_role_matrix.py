"""The role x action matrix, generated from every public service function.

Every public function of ``swv_desktop.services`` that takes a database either is in ``OPEN``
(no pupil data, letters or reports: the settings a sign-in screen needs, key-slot plumbing),
runs inside a caller's open transaction (its second parameter is the ``session`` of a service
call that checked the actor), or takes an ``actor`` as second parameter and has a row in
``MATRIX``: who may call it, and how to call it. A new function without a row fails ``test_every_service_function_is_in_the_matrix``.
Each row is then called as every role, as a contactpersoon of another school, as a deactivated
account of each role and as a forged actor: the refused ones raise ``PermissionDenied`` and
change nothing (no audit entry); the allowed ones are not refused.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from loaded import aanvraag_versie
from office import vso_inzet
from signed_in import signed_in
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import update

import swv_desktop.services as services_package
from swv_desktop.errors import KnownError
from swv_desktop.errors import PermissionDenied
from swv_desktop.models import Afwikkeling
from swv_desktop.models import AuditEntry
from swv_desktop.models import Beoordeling
from swv_desktop.models import Gebruiker
from swv_desktop.models import LeerlingResultaat
from swv_desktop.models import Rol
from swv_desktop.models import Uitkomst
from swv_desktop.models.organisatie import REGELING_DEFAULTS
from swv_desktop.reports.evaluatie_data import EvaluatieSoort
from swv_desktop.services import scholen
from swv_desktop.services.common import Actor
from swv_desktop.services.opp_versies import OppInput
from swv_desktop.services.queries.base import ListFilter
from swv_desktop.services.queries.export import ExportColumn
from swv_desktop.services.voortgang import VoortgangInput

CP, PD, SEC, BEH = Rol.CONTACTPERSOON, Rol.PROGRAMMADIRECTEUR, Rol.SECRETARIAAT, Rol.BEHEERDER
ALL = frozenset(Rol)

OPEN = {
    "auth.authenticate",  # signing in itself
    "auth.count_users",  # 0 starts the first-run wizard
    "auth.list_contactpersonen",  # names for choice lists
    "instellingen.needs_first_run",
    "instellingen.first_run",  # makes the first beheerder
    "instellingen.get_settings",  # the organisation's name and address
    "schooljaren.list_schooljaren",
    "schooljaren.get_schooljaar",
    "scholen.get_bestuur",
    "scholen.get_school",
    "scholen.bestuur_choices",
    "scholen.school_choices",
    "budget.budget_overview",  # totals per year, no pupil
    "budget.status_counts",
    "beschikkingen.brieftekst.get_letter_texts",  # the template texts
    "sleutels.store_slot",  # key-slot plumbing, called by the user services
    "sleutels.has_slot",
    "sleutels.forget_slot",
    "sleutels.set_organisation",
    "reservekopieen.kept_elsewhere",  # a fixed text: a server keeps its own backups
    "toegangslog.schrijven.aanmeldingen_bijwerken",  # signing in itself (logs only an actor it issued)
}


def public_functions() -> dict[str, Callable[..., Any]]:
    """Every public function of the services package whose first parameter is ``db``."""
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.walk_packages(services_package.__path__, "swv_desktop.services."):
        module = importlib.import_module(info.name)
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn) or fn.__module__ != info.name:
                continue
            if info.name.split(".")[2] == "scope":
                continue  # the checks themselves (the package and its modules)
            params = list(inspect.signature(fn).parameters)
            if params and params[0] == "db":
                found[f"{info.name.removeprefix('swv_desktop.services.')}.{name}"] = fn
    return found


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


def _records(world: Any) -> Records:
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


Call = Callable[[Records, Actor], tuple[tuple[Any, ...], dict[str, Any]]]


def _a(*args: Any, **kwargs: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
    return args, kwargs


def _aanvraag_data(r: Records, aid: int) -> Any:
    from swv_desktop.services.aanvragen import use_cases as aanvragen

    return aanvragen.get_aanvraag(r.world.db, r.world.contactpersoon, aid).data


@dataclass(frozen=True)
class Row:
    """Who may call a function (``allowed``), whether it concerns one school's records
    (``scoped``: a contactpersoon of another school is refused) and how to call it."""

    allowed: frozenset[Rol]
    call: Call
    scoped: bool = False


def _row(allowed: set[Rol] | frozenset[Rol], call: Call, scoped: bool = False) -> Row:
    return Row(frozenset(allowed), call, scoped)


def _letter_rows(
    preview: str, pdf: str, issue: str, letter: Callable[[Records], Any]
) -> dict[str, Row]:
    """The three rows of a letter (a beschikking, a vaststelling): the contactpersoon of its
    school, the programmadirecteur and the secretariaat see its preview and its PDF; only the
    programmadirecteur issues it. ``letter`` gives it (made on first use)."""
    return {
        preview: _row({CP, PD, SEC}, lambda r, _: _a(letter(r)), True),
        pdf: _row({CP, PD, SEC}, lambda r, _: _a(letter(r)), True),
        issue: _row({PD}, lambda r, _: _a(letter(r))),
    }


YEAR = "2021-2022"
MATRIX: dict[str, Row] = {
    # applications: the route runs through the contactpersoon; the programmadirecteur decides
    "aanvragen.use_cases.create_aanvraag": _row(
        {CP}, lambda r, _a_: _a(r.world.individual(r.leerling, 10_000)), True
    ),
    "aanvragen.use_cases.update_aanvraag": _row(
        {CP}, lambda r, _: _a(r.concept, _aanvraag_data(r, r.concept)), True
    ),
    "aanvragen.stappen.submit": _row({CP}, lambda r, _: _a(r.concept), True),
    "aanvragen.stappen.record_discussion": _row(
        {CP},
        lambda r, _: _a(r.ingediend, datum=date(2021, 9, 28), notitie="Besproken."),
        True,
    ),
    "aanvragen.stappen.send_for_besluit": _row({CP}, lambda r, _: _a(r.besproken), True),
    "aanvragen.stappen.return_to_contactpersoon": _row(
        {PD}, lambda r, _: _a(r.ter_besluit, reden="Bedrag onderbouwen."), True
    ),
    "aanvragen.stappen.withdraw": _row(
        {CP, PD}, lambda r, _: _a(r.concept, reden="De school trekt in."), True
    ),
    "aanvragen.use_cases.get_aanvraag": _row({CP, PD}, lambda r, _: _a(r.concept), True),
    "besluiten.decide": _row(
        {PD},
        lambda r, _: _a(
            r.ter_besluit, uitkomst=Uitkomst.TOEGEKEND, bedrag_cents=50_000, motivering="Goed."
        ),
        True,
    ),
    "besluiten.revise": _row(
        {PD},
        lambda r, _: _a(
            r.decided().besluit,
            uitkomst=Uitkomst.GEDEELTELIJK,
            bedrag_cents=50_000,
            motivering="Herzien.",
        ),
        True,
    ),
    "besluiten.preview_besluit": _row({PD}, lambda r, _: _a(r.ter_besluit, 50_000), True),
    "voortgang.record_gesprek": _row(
        {CP},
        lambda r, _: _a(
            r.decided().toegekend,
            VoortgangInput(date(2021, 12, 1), "Mentor", "Gaat goed.", Beoordeling.VOLDOENDE),
        ),
        True,
    ),
    "voortgang.gesprekken_for": _row({CP, PD}, lambda r, _: _a(r.concept), True),
    "voortgang.overdue_gesprekken": _row({CP, PD}, lambda r, _: _a(date(2022, 1, 1))),
    "voortgang.gesprekken_pages": _row({CP, PD}, lambda r, _: _a(date(2022, 1, 1))),
    "voortgang.gesprekken_bekijken": _row({CP, PD}, lambda r, _: _a(date(2022, 1, 1))),
    # pupils and OPPs
    "leerlingen.save_leerling": _row(
        {CP},
        lambda r, _: _a(
            replace(_leerling_data(r), achternaam="Anders", versie=_leerling_data(r).versie),
            r.leerling,
        ),
        True,
    ),
    "opp_versies.add_opp_version": _row(
        {CP},
        lambda r, _: _a(
            r.leerling,
            OppInput(
                vastgesteld_op=date(2021, 9, 1),
                uitstroomprofiel="havo",
                inzet_maatwerkbudget="Coaching op planning.",
            ),
        ),
        True,
    ),
    "leerlingen.get_leerling": _row({CP, PD}, lambda r, _: _a(r.leerling), True),
    "uitkomsten.record_uitkomst": _row(
        {CP, PD},
        lambda r, _: _a(
            r.leerling,
            r.world.schooljaar_id,
            resultaat=LeerlingResultaat.REGULIER_VO,
            voortgang=Beoordeling.VOLDOENDE,
        ),
        True,
    ),
    "uitkomsten.list_uitkomsten": _row({CP, PD}, lambda r, _: _a(r.leerling), True),
    "leerlingen.export_leerling": _row({CP, PD}, lambda r, _: _a(r.leerling), True),
    "avg_kopie.make_avg_kopie": _row({CP, PD}, lambda r, _: _a(r.leerling), True),
    # letters
    **_letter_rows(
        "beschikkingen.uitgifte.render_preview",
        "beschikkingen.uitgifte.get_issued_pdf",
        "beschikkingen.uitgifte.issue_beschikking",
        lambda r: r.decided().beschikking,
    ),
    "beschikkingen.uitgifte.issue_pending": _row({PD}, lambda r, _: _a()),
    "beschikkingen.uitgifte.mark_sent": _row(
        {SEC, PD}, lambda r, _: _a([r.decided().beschikking], date(2021, 10, 6))
    ),
    "beschikkingen.uitgifte.combined_pdf": _row(
        {SEC, PD}, lambda r, _: _a([r.decided().beschikking])
    ),
    "beschikkingen.uitgifte.export_letters": _row(
        {SEC, PD}, lambda r, _: _a(YEAR, r.world.tmp / "brieven")
    ),
    "beschikkingen.uitgifte.preview_letter_text": _row(
        {BEH}, lambda r, _: _a("slot", "Met vriendelijke groet, {kenmerk}.")
    ),
    "beschikkingen.afdrukken.unsent_letters": _row({SEC, PD}, lambda r, _: _a(YEAR)),
    "beschikkingen.afdrukken.letter_for_print": _row(
        {SEC, PD}, lambda r, _: _a(r.decided().beschikking)
    ),
    "beschikkingen.afdrukken.record_printed": _row(
        {SEC, PD}, lambda r, _: _a([r.decided().beschikking], pages=2)
    ),
    "beschikkingen.brieftekst.save_letter_text": _row(
        {BEH}, lambda r, _: _a("slot", "Met vriendelijke groet, {kenmerk}.")
    ),
    "beschikkingen.brieftekst.reset_letter_text": _row({BEH}, lambda r, _: _a("slot")),
    # budget, reports and the dashboard
    "budget.budget_notes": _row({PD}, lambda r, _: _a()),
    "budget.mark_bestuur_informed": _row(
        {PD}, lambda r, _: _a(999_999, datum=date(2021, 10, 1), wat_gemeld="Per brief.")
    ),
    "evaluatie.use_cases.evaluation_figures": _row(
        {PD}, lambda r, _: _a(YEAR, EvaluatieSoort.TUSSEN)
    ),
    "evaluatie.use_cases.get_conclusions": _row(
        ALL, lambda r, _: _a(r.world.schooljaar_id, EvaluatieSoort.TUSSEN)
    ),
    "evaluatie.use_cases.save_conclusions": _row(
        {PD}, lambda r, _: _a(r.world.schooljaar_id, EvaluatieSoort.TUSSEN, "Conclusie.")
    ),
    "evaluatie.use_cases.get_answers": _row(
        ALL, lambda r, _: _a(r.world.schooljaar_id, EvaluatieSoort.TUSSEN)
    ),
    "evaluatie.use_cases.save_answers": _row(
        {PD}, lambda r, _: _a(r.world.schooljaar_id, EvaluatieSoort.TUSSEN, {}, "Conclusie.")
    ),
    "evaluatie.use_cases.report_pdf": _row(
        {PD}, lambda r, _: _a(YEAR, EvaluatieSoort.TUSSEN, concept=True)
    ),
    "evaluatie.use_cases.report_xlsx": _row({PD}, lambda r, _: _a(YEAR, EvaluatieSoort.TUSSEN)),
    "evaluatie.use_cases.suggested_peildatum": _row({PD}, lambda r, _: _a(YEAR)),
    "evaluatie.use_cases.write_report": _row(
        {PD}, lambda r, _: _a(YEAR, EvaluatieSoort.TUSSEN, r.world.tmp / "rapport.pdf")
    ),
    "dashboard.load_dashboard": _row(ALL, lambda r, _: _a(r.world.schooljaar_id, date(2022, 1, 1))),
    "queries.export.export_list": _row(
        ALL, lambda r, _: _a("school", [ExportColumn("naam", "Naam")])
    ),
    "queries.export.export_gesprekken": _row({CP, PD}, lambda r, _: _a(date(2022, 1, 1))),
    "voortgang.upcoming_gesprekken": _row({CP, PD}, lambda r, _: _a(date(2022, 1, 1))),
    "queries.lists.fetch": _row(ALL, lambda r, _: _a("school", ListFilter())),
    "queries.lists.count": _row(ALL, lambda r, _: _a("school", ListFilter())),
    "queries.lists.searchable": _row(ALL, lambda r, _: _a("leerling", ListFilter())),
    "queries.lists.get_row": _row(ALL, lambda r, _: _a("school", r.world.school_id)),
    # organisation, users, settings, backups
    "scholen.save_bestuur": _row(
        {SEC, BEH},
        lambda r, _: _a(
            replace(scholen.get_bestuur(r.world.db, r.world.bestuur_id), plaats="Elders"),
            r.world.bestuur_id,
        ),
    ),
    "scholen.save_school": _row(
        {SEC, BEH},
        lambda r, _: _a(
            replace(scholen.get_school(r.world.db, r.world.school_id), plaats="Elders"),
            r.world.school_id,
        ),
    ),
    "auth.create_user": _row(
        {BEH},
        lambda r, a: _a(
            gebruikersnaam=f"nieuw-{a.id}",
            volledige_naam="Nieuwe Collega",
            rol=CP,
            wachtwoord="een-lang-wachtwoord",
        ),
    ),
    "auth.update_user": _row(
        {BEH},
        lambda r, _: _a(
            r.world.secretariaat.id,
            volledige_naam="Sanne Secretariaat",
            email="",
            rol=SEC,
            actief=True,
            versie=1,
        ),
    ),
    "auth.list_users": _row({BEH}, lambda r, _: _a()),
    "instellingen.update_settings": _row({BEH}, lambda r, _: _a(_settings(r))),
    "schooljaren.save_schooljaar": _row(
        {BEH, PD},
        lambda r, _: _a(label="2022-2023", **REGELING_DEFAULTS),
    ),
    "reservekopieen.list_backups": _row({BEH}, lambda r, _: _a()),
    "reservekopieen.make_backup_now": _row({BEH}, lambda r, _: _a()),
    "reservekopieen.restore_backup": _row({BEH}, lambda r, _: _a(r.world.tmp / "bestaat-niet.db")),
    "sleutels.take_recovery_key": _row({BEH}, lambda r, _: _a()),
    # retention: anyone signed in applies the terms; the register is for beheer and directie
    "bewaren.opschonen.purge": _row(ALL, lambda r, _: _a(proef=True)),
    "bewaren.opschonen.list_register": _row({BEH, PD}, lambda r, _: _a()),
    "bewaren.herstel.reapply": _row(ALL, lambda r, _: _a([])),
    "over.about_lines": _row(ALL, lambda r, _: _a()),
    # the access log: written for anyone signed in, read by beheer and directie
    "toegangslog.schrijven.lijst_bekeken": _row(ALL, lambda r, _: _a("leerling", gefilterd=False)),
    "toegangslog.schrijven.afmelding": _row(ALL, lambda r, _: _a()),
    "toegangslog.schrijven.export_gemaakt": _row(
        ALL, lambda r, _: _a(objectsoort="lijst_leerling", omschrijving="Leerlingen naar Excel")
    ),
    "toegangslog.lezen.lijst": _row({BEH, PD}, lambda r, _: _a()),
    "toegangslog.lezen.personen": _row({BEH, PD}, lambda r, _: _a()),
    "toegangslog.lezen.exporteren": _row({BEH, PD}, lambda r, _: _a()),
    # the team's laptops (devices): the beheerder lists and revokes them, makes recovery codes
    "apparaten.list_apparaten": _row({BEH}, lambda r, _: _a()),
    "apparaten.revoke_apparaat": _row({BEH}, lambda r, _: _a(999_999)),
    "apparaten.make_recovery_code": _row({BEH}, lambda r, _: _a(999_999)),
    # DUO import of schools and boards
    "duo.vergelijken.plan_import": _row({SEC, BEH}, lambda r, _: _a([DUO_FILE])),
    "duo.importeren.apply_import": _row({SEC, BEH}, lambda r, _: _a(_duo_plan(r))),
    # the pupil's dossier
    "queries.dossier.leerling_dossier": _row({CP, PD}, lambda r, _: _a(r.leerling), True),
    # the money after the award
    "verantwoording.overzicht.geldstroom": _row(
        {CP, PD, SEC}, lambda r, _: _a(r.decided().toegekend), True
    ),
    "verantwoording.overzicht.overdue_verantwoordingen": _row(
        {CP, PD}, lambda r, _: _a(date(2022, 12, 1))
    ),
    "verantwoording.overzicht.verantwoordingen_due": _row(
        {CP, PD}, lambda r, _: _a(date(2022, 12, 1))
    ),
    "verantwoording.geldoverzicht.geld_overzicht": _row(
        {PD, SEC}, lambda r, _: _a(r.world.schooljaar_id)
    ),
    "verantwoording.betalingen.record_betaling": _row(
        {SEC, PD},
        lambda r, _: _a(r.decided().toegekend, _betaling()),
        True,
    ),
    "verantwoording.betalingen.save_verantwoording": _row(
        {CP, PD},
        lambda r, _: _a(
            r.decided().toegekend,
            _verantwoording(),
        ),
        True,
    ),
    "verantwoording.use_cases.vaststellen": _row(
        {PD},
        lambda r, _: _a(r.decided().toegekend, _vaststelling()),
        True,
    ),
    **_letter_rows(
        "verantwoording.use_cases.render_vaststelling_preview",
        "verantwoording.use_cases.get_vaststelling_pdf",
        "verantwoording.use_cases.issue_vaststelling",
        lambda r: r.settled().vaststelling,
    ),
    "verantwoording.use_cases.mark_vaststelling_sent": _row(
        {SEC, PD}, lambda r, _: _a(r.settled().vaststelling, date(2021, 10, 4))
    ),
    "verantwoording.betalingen.record_terugbetaling": _row(
        {SEC, PD}, lambda r, _: _a(r.settled().vaststelling, _betaling(20_000))
    ),
    # the VSO expertise register (no pupil data; a contactpersoon keeps her own schools')
    "vso_expertise.save_inzet": _row(
        {CP, PD}, lambda r, _: _a(vso_inzet(r.world.schooljaar_id, r.world.school_id)), True
    ),
    "vso_expertise.get_inzet": _row({CP, PD}, lambda r, _: _a(r.vso().inzet), True),
    "vso_expertise.delete_inzet": _row({CP, PD}, lambda r, _: _a(r.vso().inzet, 1), True),
    "vso_expertise.list_inzet": _row({CP, PD}, lambda r, _: _a(r.world.schooljaar_id)),
    "vso_expertise.export_xlsx": _row({CP, PD}, lambda r, _: _a(r.world.schooljaar_id)),
    "vso_expertise.vso_cijfers": _row({PD}, lambda r, _: _a([r.world.schooljaar_id])),
}

DUO_FILE = (
    "02-alle-vestigingen-vo.csv",
    (Path(__file__).parent.parent / "data" / "duo" / "02-alle-vestigingen-vo.csv").read_bytes(),
)


def _duo_plan(r: Records) -> Any:
    from swv_desktop.services.duo.vergelijken import plan_import

    return plan_import(r.world.db, r.world.secretariaat, [DUO_FILE], gemeenten=["Teststad"])


def _betaling(cents: int = 50_000) -> Any:
    from swv_desktop.services.verantwoording.betalingen import BetalingInput

    return BetalingInput(date(2021, 10, 4), cents, "BT-1")


def _verantwoording() -> Any:
    from swv_desktop.services.verantwoording.betalingen import VerantwoordingInput

    return VerantwoordingInput(date(2021, 10, 4), ondersteuning_cents=90_000)


def _vaststelling() -> Any:
    from swv_desktop.services.verantwoording.use_cases import VaststellingInput

    return VaststellingInput(date(2021, 10, 4), Afwikkeling.TERUGBETALEN)


def _leerling_data(r: Records) -> Any:
    from swv_desktop.services import leerlingen

    return leerlingen.get_leerling(r.world.db, r.world.contactpersoon, r.leerling).data


def _settings(r: Records) -> Any:
    from swv_desktop.services import instellingen

    return instellingen.get_settings(r.world.db)


def test_every_service_function_is_in_the_matrix() -> None:
    functions = public_functions()
    for name, fn in functions.items():
        params = list(inspect.signature(fn).parameters)
        if params[1:2] == ["session"]:
            continue  # runs inside the open transaction of a service call that checked the actor
        if name in OPEN:
            assert "actor" not in params, f"{name} neemt een actor: haal hem uit OPEN"
            continue
        assert params[:2] == ["db", "actor"], f"{name}: de tweede parameter moet 'actor' zijn"
        assert name in MATRIX, f"{name} staat niet in de rol-x-actiematrix"
    assert set(MATRIX) <= set(functions), set(MATRIX) - set(functions)
    assert set(functions) >= OPEN, OPEN - set(functions)


def _audit_count(world: Any) -> int:
    with world.db.read() as session:
        return int(session.scalar(select(func.count(AuditEntry.id))) or 0)


def _deactivated(world: Any) -> dict[str, Actor]:
    out = {}
    for rol in Rol:
        actor = signed_in(world.db, rol, f"uit-dienst-{rol.value}")
        out[f"uitgeschakelde {rol.label.lower()}"] = actor
    with world.db.transaction() as session:
        session.execute(
            update(Gebruiker)
            .where(Gebruiker.gebruikersnaam.like("uit-dienst-%"))
            .values(actief=False)
        )
    return out


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_role_matrix(name: str, world: Any, tmp_path: Path) -> None:
    fn = public_functions()[name]
    row = MATRIX[name]
    world.tmp = tmp_path
    records = _records(world)
    stranger = world.contactpersoon_of(world.andere_school_id)
    real = {
        CP: world.contactpersoon,
        PD: world.directeur,
        SEC: world.secretariaat,
        BEH: world.beheerder,
    }
    forged = Actor(world.directeur.id, "programmadirecteur", "Dirk Directeur", PD)
    refused: dict[str, Actor] = {
        f"{rol.label.lower()}": a for rol, a in real.items() if rol not in row.allowed
    }
    refused |= _deactivated(world)
    refused["nagemaakte programmadirecteur"] = forged
    if row.scoped or CP not in row.allowed:
        refused["contactpersoon van een andere school"] = stranger
    for who, actor in refused.items():
        args, kwargs = row.call(records, actor)
        before = _audit_count(world)
        with pytest.raises(PermissionDenied):
            fn(world.db, actor, *args, **kwargs)
            pytest.fail(f"{name} liet {who} toe")
        assert _audit_count(world) == before, f"{name}: de weigering van {who} liet een spoor na"
    allowed = [real[rol] for rol in sorted(row.allowed)]
    if not row.scoped and CP in row.allowed:
        allowed.append(stranger)
    for actor in allowed:
        args, kwargs = row.call(records, actor)
        try:
            fn(world.db, actor, *args, **kwargs)
        except PermissionDenied as exc:
            pytest.fail(f"{name} weigerde {actor.rol.label.lower()} {actor.gebruikersnaam}: {exc}")
        except KnownError:
            pass  # the state of the records may refuse it; the role was let through
