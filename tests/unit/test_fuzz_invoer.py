"""Fuzzing every public mutating service and every amount/date parser with what a person can
type or paste: only a ``KnownError`` with a Dutch message (and nothing saved) or success.
Then the Excel export, a letter and both evaluation PDFs render from the database that the
accepted inputs filled.

Bounded: ``FUZZ_EXAMPLES`` examples per target (default 25), no deadline, no example database.
``FUZZ_EXAMPLES=400 pytest tests/unit/test_fuzz_invoer.py -s`` runs a long campaign by hand.
"""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from fuzz_inputs import CommitWatch
from fuzz_inputs import Outcomes
from fuzz_inputs import dates_or_junk
from fuzz_inputs import logos
from fuzz_inputs import numbers
from fuzz_inputs import texts
from fuzz_render import render_everything
from fuzz_render import store_accepted_extremes
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from loaded import aanvraag_versie
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.models import Beoordeling
from swv_desktop.models import Doel
from swv_desktop.models import Instroomroute
from swv_desktop.models import KostenSoort
from swv_desktop.models import LeerlingResultaat
from swv_desktop.models import Opp
from swv_desktop.models import Rol
from swv_desktop.models import Toestemming
from swv_desktop.models import Uitkomst
from swv_desktop.models import Voorwaarde
from swv_desktop.models import VsoBetrokkenheid
from swv_desktop.services import auth
from swv_desktop.services import besluiten
from swv_desktop.services import budget
from swv_desktop.services import instellingen
from swv_desktop.services import leerlingen
from swv_desktop.services import opp_versies
from swv_desktop.services import scholen
from swv_desktop.services import schooljaren
from swv_desktop.services import uitkomsten
from swv_desktop.services import voortgang as gesprekken
from swv_desktop.services.aanvragen import stappen
from swv_desktop.services.aanvragen import use_cases as aanvragen
from swv_desktop.services.aanvragen.regels import GroepsplanInput
from swv_desktop.services.aanvragen.regels import KostenregelInput
from swv_desktop.services.aanvragen.regels import VoorwaardeInput
from swv_desktop.services.beschikkingen import brieftekst
from swv_desktop.services.beschikkingen import uitgifte
from swv_desktop.services.evaluatie import use_cases as evaluatie

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TOTALS: dict[str, int] = {"tried": 0, "raw": 0}


@pytest.fixture
def backend() -> str:
    """SQLite only: "nothing saved" is seen through SQLite's ``data_version`` (a commit counter
    PostgreSQL does not offer a second connection)."""
    return "sqlite"


def enums(kind: type) -> st.SearchStrategy[object]:
    return st.one_of(st.sampled_from(list(kind)), st.sampled_from(list(kind)), texts)


def _awarded(world, nummer: str) -> tuple[int, besluiten.BesluitResult]:
    aid = world.ready_for_besluit(world.individual(world.add_leerling(nummer), 300_000))
    result = world.award(aid, Uitkomst.TOEGEKEND, 300_000, "Voldoet aan de voorwaarden.")
    uitgifte.issue_beschikking(world.db, world.directeur, result.beschikking_id)
    return aid, result


def _run_services(world, out: Outcomes) -> None:  # noqa: PLR0915 - one list of targets
    db, cp, pd, sec, beh = (
        world.db,
        world.contactpersoon,
        world.directeur,
        world.secretariaat,
        world.beheerder,
    )
    leerling = world.add_leerling("900001")
    award_id, award = _awarded(world, "900002")
    decided = world.add_leerling("900003")
    in_force = {"besluit": award.besluit_id}
    group_ids = [world.add_leerling(f"9001{i:02d}") for i in range(5)]

    @FUZZ
    @given(texts, texts, texts, texts, texts, st.booleans())
    def bestuur(naam, nummer, adres, postcode, plaats, existing):
        target = world.bestuur_id if existing else None
        versie = scholen.get_bestuur(db, world.bestuur_id).versie if existing else None
        data = scholen.BestuurInput(naam, nummer, adres, postcode, plaats, versie=versie)
        out.check("save_bestuur", lambda: scholen.save_bestuur(db, sec, data, target))

    @FUZZ
    @given(texts, texts, texts, texts, texts, st.one_of(st.just(world.bestuur_id), numbers))
    def school(naam, brin, vestiging, postcode, coordinator, bestuur_id):
        data = scholen.SchoolInput(
            naam,
            brin,
            vestiging,
            bestuur_id,
            postcode=postcode,
            ondersteuningscoordinator=coordinator,
            versie=scholen.get_school(db, world.school_id).versie,
        )
        out.check("save_school", lambda: scholen.save_school(db, sec, data, world.school_id))

    @FUZZ
    @given(texts, texts, texts, dates_or_junk, texts, numbers, enums(Instroomroute))
    def pupil(nummer, voornaam, achternaam, born, niveau, leerjaar, route):
        data = leerlingen.LeerlingInput(
            nummer,
            voornaam,
            achternaam,
            born,
            world.school_id,
            niveau,
            leerjaar,
            instroomroute=route,
            versie=leerlingen.get_leerling(db, cp, leerling).data.versie,
        )
        out.check("save_leerling", lambda: leerlingen.save_leerling(db, cp, data, leerling))

    @FUZZ
    @given(dates_or_junk, texts, texts, dates_or_junk, enums(Toestemming), dates_or_junk)
    def opp(vastgesteld, profiel, inzet, volgende, door, toestemming):
        data = opp_versies.OppInput(
            vastgesteld,
            profiel,
            inzet,
            volgende_evaluatie_op=volgende,
            toestemming_door=door,
            toestemming_datum=toestemming,
        )

        def add() -> int:  # from the newest version, as the form shows it (read without a log)
            with db.read() as session:
                newest = session.scalar(
                    select(func.max(Opp.versie)).where(Opp.leerling_id == leerling)
                )
            return opp_versies.add_opp_version(db, cp, leerling, data, vorige_versie=newest or 0)

        out.check("add_opp_version", add)

    @FUZZ
    @given(enums(LeerlingResultaat), enums(Beoordeling), texts)
    def uitkomst(resultaat, beoordeling, opmerkingen):
        out.check(
            "record_uitkomst",
            lambda: uitkomsten.record_uitkomst(
                db,
                cp,
                leerling,
                world.schooljaar_id,
                resultaat=resultaat,
                voortgang=beoordeling,
                opmerkingen=opmerkingen,
            ),
        )

    conditions = st.lists(
        st.builds(VoorwaardeInput, enums(Voorwaarde), st.booleans(), dates_or_junk, texts),
        max_size=5,
    )

    @FUZZ
    @given(dates_or_junk, numbers, texts, enums(Doel), enums(VsoBetrokkenheid), texts, conditions)
    def individual(datum, cents, omschrijving, doel, vso, vso_school, voorwaarden):
        data = world.individual(
            leerling,
            cents,
            doel=doel,
            aanvraagdatum=datum,
            omschrijving=omschrijving,
            vso_betrokkenheid=vso,
            vso_school=vso_school,
            voorwaarden=voorwaarden,
        )
        out.check("create_aanvraag", lambda: aanvragen.create_aanvraag(db, cp, data))

    lines = st.lists(st.builds(KostenregelInput, texts, enums(KostenSoort), numbers), max_size=3)

    @FUZZ
    @given(texts, texts, dates_or_junk, dates_or_junk, lines, st.lists(numbers, max_size=3))
    def group(ondersteuning, doelen, start, end, kosten, extra_ids):
        plan = GroepsplanInput(
            group_ids + extra_ids, ondersteuning, doelen, "Observatie.", start, end, kosten
        )
        data = world.group(group_ids)
        data.groepsplan = plan
        out.check("create_aanvraag (groep)", lambda: aanvragen.create_aanvraag(db, cp, data))

    @FUZZ
    @given(dates_or_junk, texts, texts)
    def workflow(datum, notitie, reden):
        aid = aanvragen.create_aanvraag(db, cp, world.individual(leerling, 100_000))
        stappen.submit(db, cp, aid, versie=aanvraag_versie(db, aid))
        out.check(
            "record_discussion",
            lambda: stappen.record_discussion(
                db, cp, aid, datum=datum, notitie=notitie, versie=aanvraag_versie(db, aid)
            ),
        )
        out.check(
            "withdraw",
            lambda: stappen.withdraw(db, cp, aid, reden=reden, versie=aanvraag_versie(db, aid)),
        )

    @FUZZ
    @given(texts)
    def send_back(reden):
        aid = world.ready_for_besluit(world.individual(decided, 100_000))
        out.check(
            "return_to_contactpersoon",
            lambda: stappen.return_to_contactpersoon(
                db, cp, aid, reden=reden, versie=aanvraag_versie(db, aid)
            ),
        )

    @FUZZ
    @given(enums(Uitkomst), numbers, texts, texts, dates_or_junk)
    def decide(uitkomst, cents, motivering, reden, briefdatum):
        kwargs = dict(
            uitkomst=uitkomst,
            bedrag_cents=cents,
            motivering=motivering,
            overschrijding_reden=reden,
            briefdatum=briefdatum,
        )
        aid = world.ready_for_besluit(world.individual(decided, 100_000))
        out.check(
            "decide",
            lambda: besluiten.decide(db, pd, aid, **kwargs, versie=aanvraag_versie(db, aid)),
        )
        revised = out.check(
            "revise", lambda: besluiten.revise(db, pd, in_force["besluit"], **kwargs)
        )
        if isinstance(revised, besluiten.BesluitResult):
            uitgifte.issue_beschikking(db, pd, revised.beschikking_id)
            in_force["besluit"] = revised.besluit_id

    @FUZZ
    @given(dates_or_junk, texts, texts, enums(Beoordeling), dates_or_junk)
    def talk(datum, deelnemers, notities, beoordeling, volgende):
        data = gesprekken.VoortgangInput(datum, deelnemers, notities, beoordeling, volgende)
        out.check("record_gesprek", lambda: gesprekken.record_gesprek(db, cp, award_id, data))

    @FUZZ
    @given(dates_or_junk, texts, st.lists(numbers, max_size=3), dates_or_junk)
    def letters(datum, gemeld, ids, verzonden):
        out.check(
            "mark_bestuur_informed",
            lambda: budget.mark_bestuur_informed(db, pd, 1, datum=datum, wat_gemeld=gemeld),
        )
        out.check("mark_sent", lambda: uitgifte.mark_sent(db, sec, ids, verzonden))
        out.check(
            "mark_sent (echt)",
            lambda: uitgifte.mark_sent(db, sec, [award.beschikking_id], verzonden),
        )

    @FUZZ
    @given(texts, st.sampled_from([*brieftekst.DEFAULT_TEKSTEN, "onbekend"]), texts)
    def texts_of_letters_and_reports(conclusies, sleutel, tekst):
        out.check(
            "save_conclusions",
            lambda: evaluatie.save_conclusions(
                db,
                pd,
                world.schooljaar_id,
                "interim",
                conclusies,
                versie=evaluatie.get_answers(db, pd, world.schooljaar_id, "interim").versie,
            ),
        )
        loaded = {t.sleutel: t.versie for t in brieftekst.get_letter_texts(db)}
        out.check(
            "save_letter_text",
            lambda: brieftekst.save_letter_text(
                db, beh, sleutel, tekst, versie=loaded.get(sleutel, 0)
            ),
        )
        out.check(
            "preview_letter_text", lambda: uitgifte.preview_letter_text(db, beh, sleutel, tekst)
        )

    @FUZZ
    @given(texts, texts, texts, texts, texts, logos, numbers)
    def settings_(naam, email, prefix, plaats, functie, logo, termijn):
        data = replace(
            instellingen.get_settings(db),
            naam=naam,
            email=email,
            kenmerk_prefix=prefix,
            plaats=plaats,
            programmadirecteur_functie=functie,
            logo_png=logo,
            bewaartermijn_audit_jaren=termijn,
        )
        out.check("update_settings", lambda: instellingen.update_settings(db, beh, data))

    @FUZZ
    @given(texts, numbers, numbers, numbers, numbers, numbers, texts, st.booleans())
    def schooljaar(label, budget_, individueel, groep, minimum, interval, reden, existing):
        out.check(
            "save_schooljaar",
            lambda: schooljaren.save_schooljaar(
                db,
                beh,
                label=label,
                budget_cents=budget_,
                individueel_max_cents=individueel,
                groep_max_cents=groep,
                groep_min_leerlingen=minimum,
                voortgang_interval_maanden=interval,
                schooljaar_id=world.schooljaar_id if existing else None,
                versie=schooljaren.get_schooljaar(db, world.schooljaar_id).versie,
                verlaging_reden=reden,
            ),
        )

    @FUZZ
    @given(texts, texts, texts, texts, enums(Rol))
    def users(login, naam, wachtwoord, email, rol):
        out.check(
            "update_user",
            lambda: auth.update_user(
                db,
                beh,
                sec.id,
                volledige_naam=naam,
                email=email,
                rol=rol,
                actief=True,
                versie=next(u.versie for u in auth.list_users(db, beh) if u.id == sec.id),
            ),
        )
        if len(wachtwoord) < auth.MIN_PASSWORD_LENGTH:  # an accepted one costs an argon2 hash
            out.check(
                "create_user",
                lambda: auth.create_user(
                    db,
                    beh,
                    gebruikersnaam=login,
                    volledige_naam=naam,
                    rol=rol,
                    wachtwoord=wachtwoord,
                    email=email,
                ),
            )

    @FUZZ
    @given(texts, texts, texts, texts, texts)
    def first_run(naam, login, volledige_naam, wachtwoord, label):
        out.check(
            "first_run",
            lambda: instellingen.first_run(
                db,
                organisatie=instellingen.OrganisatieData(naam=naam),
                gebruikersnaam=login,
                volledige_naam=volledige_naam,
                wachtwoord=wachtwoord,
                schooljaar_label=label,
            ),
        )

    @settings(FUZZ, max_examples=max(5, EXAMPLES // 3))  # each attempt costs an argon2 hash
    @given(texts, texts)
    def sign_in(login, wachtwoord):
        out.check("authenticate", lambda: auth.authenticate(db, login, wachtwoord))

    for target in (
        bestuur,
        school,
        pupil,
        opp,
        uitkomst,
        individual,
        group,
        workflow,
        send_back,
        decide,
        talk,
        letters,
        texts_of_letters_and_reports,
        settings_,
        schooljaar,
        users,
        first_run,
        sign_in,
    ):
        target()


def test_every_mutating_service_answers_in_dutch_and_saves_nothing_on_refusal(world):
    out = Outcomes(CommitWatch(world.db.path, world.db.key))
    try:
        _run_services(world, out)
    finally:
        out.watch.close()
        TOTALS["tried"] += out.tried
        TOTALS["raw"] += len(out.raw)
        print(f"\nservices: {out.tried} inputs, {out.accepted} accepted, {out.refused} refused")
        print(", ".join(f"{name} {n}" for name, n in sorted(out.per_target.items())))
    assert out.raw == []
    assert out.accepted and out.refused
    store_accepted_extremes(world)
    render_everything(world)


@pytest.fixture(scope="module", autouse=True)
def _report_totals():
    yield
    print(f"\nfuzz: {TOTALS['tried']} inputs tried, {TOTALS['raw']} raw exceptions")
