"""The role x action matrix: for every public service function, either it is ``OPEN`` (no pupil
data, letters or reports) or its row in ``MATRIX`` says who may call it, whether it concerns one
school's records (a contactpersoon of another school is refused) and how to call it on the records
of ``role_records``. ``test_role_matrix.py`` checks that every function is here and calls each row
as every role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace
from datetime import date
from typing import Any

from office import vso_inzet
from role_records import DUO_FILE
from role_records import Records
from role_records import aanvraag_data
from role_records import betaling_input
from role_records import current_settings
from role_records import duo_plan
from role_records import leerling_data
from role_records import vaststelling_input
from role_records import verantwoording_input

from swv_desktop.models import Beoordeling
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


Call = Callable[[Records, Actor], tuple[tuple[Any, ...], dict[str, Any]]]


def _a(*args: Any, **kwargs: Any) -> tuple[tuple[Any, ...], dict[str, Any]]:
    return args, kwargs


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
        {CP}, lambda r, _: _a(r.concept, aanvraag_data(r, r.concept)), True
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
            replace(leerling_data(r), achternaam="Anders", versie=leerling_data(r).versie),
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
    "instellingen.update_settings": _row({BEH}, lambda r, _: _a(current_settings(r))),
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
    "duo.importeren.apply_import": _row({SEC, BEH}, lambda r, _: _a(duo_plan(r))),
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
        lambda r, _: _a(r.decided().toegekend, betaling_input()),
        True,
    ),
    "verantwoording.betalingen.save_verantwoording": _row(
        {CP, PD},
        lambda r, _: _a(
            r.decided().toegekend,
            verantwoording_input(),
        ),
        True,
    ),
    "verantwoording.use_cases.vaststellen": _row(
        {PD},
        lambda r, _: _a(r.decided().toegekend, vaststelling_input()),
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
        {SEC, PD}, lambda r, _: _a(r.settled().vaststelling, betaling_input(20_000))
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
