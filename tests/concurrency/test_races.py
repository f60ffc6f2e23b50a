"""Two real OS processes racing on one database, released by a barrier right before the call:
the budget, the per-pupil cap, numbering and withdraw-against-decide hold, and each test proves
the two transactions overlapped in time (so it cannot pass by running one after the other).

The tests take the database from the ``world`` fixture and hand its URL to the children, so they
run on whatever backend the ``db`` fixture provides.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial

from sqlalchemy import func
from sqlalchemy import select

from concurrency import jobs
from concurrency.racing import DbTarget
from concurrency.racing import assert_overlapped
from concurrency.racing import overlapping_pairs
from concurrency.racing import race
from swv_desktop.models import Aanvraag
from swv_desktop.models import Besluit
from swv_desktop.models import BudgetNotitie
from swv_desktop.models import Status
from swv_desktop.models import StatusWijziging
from swv_desktop.services import instellingen
from swv_desktop.services import leerlingen
from swv_desktop.services import schooljaren

ENGLISH = re.compile(r"constraint|failed|locked|error|integrity|database is", re.IGNORECASE)


def _set_figures(world, **figures: int) -> None:
    jaar = schooljaren.get_schooljaar(world.db, world.schooljaar_id)
    values = {**instellingen.REGELING_DEFAULTS, **figures}
    schooljaren.save_schooljaar(
        world.db,
        world.beheerder,
        label=jaar.label,
        schooljaar_id=jaar.id,
        versie=jaar.versie,
        **values,
    )


def _race_awards(world, first: int, second: int, cents: int):
    """The programmadirecteur awards ``first`` and ``second`` (``cents`` each) in two processes
    at once; their outcomes by name, after proving the two transactions overlapped."""
    award = partial(jobs.award, actor=world.directeur, cents=cents)
    outcomes = race(
        DbTarget.of(world.db),
        {"a": partial(award, aanvraag_id=first), "b": partial(award, aanvraag_id=second)},
    )
    assert_overlapped(outcomes["a"], outcomes["b"])
    return outcomes


def _one_ok_one_refused(outcomes):
    ok = [o for o in outcomes.values() if o.ok]
    refused = [o for o in outcomes.values() if not o.ok]
    assert len(ok) == 1 and len(refused) == 1, outcomes
    return ok[0], refused[0]


def test_two_awards_cannot_both_pass_the_budget(world):
    _set_figures(world, budget_cents=100_000)
    first = world.ready_for_besluit(world.individual(world.add_leerling("500001"), 80_000))
    second = world.ready_for_besluit(world.individual(world.add_leerling("500002"), 80_000))
    outcomes = _race_awards(world, first, second, 80_000)
    ok, refused = _one_ok_one_refused(outcomes)
    assert refused.error_type == "BudgetOverschrijding"
    assert "boven het budget van € 1.000,00" in refused.error
    with world.db.read() as s:
        assert s.scalar(select(func.sum(Besluit.toegekend_cents))) == 80_000
        assert s.scalar(select(func.count(BudgetNotitie.id))) == 0


def test_two_awards_for_one_pupil_cannot_both_pass_the_cap(world):
    pupil = world.add_leerling("500003")
    first = world.ready_for_besluit(world.individual(pupil, 600_000))
    second = world.ready_for_besluit(world.individual(pupil, 600_000))
    outcomes = _race_awards(world, first, second, 600_000)
    ok, refused = _one_ok_one_refused(outcomes)
    assert refused.error_type == "ValidationError"
    assert "al € 6.000,00" in refused.error and "meer dan € 8.000,00" in refused.error
    with world.db.read() as s:
        assert s.scalar(select(func.sum(Besluit.toegekend_cents))) == 600_000


def test_numbering_never_collides(world):
    count = 40
    data = world.individual(world.add_leerling("500004"), 100_000)
    outcomes = race(
        DbTarget.of(world.db),
        {
            "a": partial(jobs.create_many, actor=world.contactpersoon, data=data, count=count),
            "b": partial(jobs.create_many, actor=world.contactpersoon, data=data, count=count),
        },
        hold_s=0.0,
    )
    a, b = outcomes["a"], outcomes["b"]
    assert a.ok and b.ok, (a.error, b.error)
    assert not ENGLISH.search(a.error + b.error)
    numbers = a.value + b.value
    assert len(numbers) == 2 * count and len(set(numbers)) == 2 * count
    assert all(re.fullmatch(r"A2021-\d{3}", n) for n in numbers)
    # the two processes really took turns: many of their transactions overlapped in time
    assert overlapping_pairs(a, b) >= 5, (len(a.transactions), len(b.transactions))
    with world.db.read() as s:
        stored = s.scalars(select(Aanvraag.nummer)).all()
    assert sorted(stored) == sorted(numbers)


def test_withdraw_and_decide_at_once_only_one_wins(world):
    aid = world.ready_for_besluit(world.individual(world.add_leerling("500005"), 300_000))
    outcomes = race(
        DbTarget.of(world.db),
        {
            "beslissen": partial(jobs.award, actor=world.directeur, aanvraag_id=aid, cents=300_000),
            "intrekken": partial(jobs.withdraw, actor=world.contactpersoon, aanvraag_id=aid),
        },
    )
    assert_overlapped(outcomes["beslissen"], outcomes["intrekken"])
    ok, refused = _one_ok_one_refused(outcomes)
    assert refused.error_type == "StateError"
    with world.db.read() as s:
        status = s.get(Aanvraag, aid).status
        besluiten = s.scalar(select(func.count(Besluit.id)).where(Besluit.aanvraag_id == aid))
        steps = s.scalars(
            select(StatusWijziging.naar).where(StatusWijziging.aanvraag_id == aid)
        ).all()
    if ok.name == "beslissen":
        assert status is Status.TOEGEKEND and besluiten == 1
        assert "is toegekend" in refused.error
        assert Status.INGETROKKEN not in steps
    else:
        assert status is Status.INGETROKKEN and besluiten == 0
        assert "is ingetrokken" in refused.error
        assert Status.TOEGEKEND not in steps


def test_two_people_saving_the_same_pupil_form_one_is_told_who_changed_it(world):
    lid = world.add_leerling("500006")
    loaded = leerlingen.get_leerling(world.db, world.contactpersoon, lid).data
    outcomes = race(
        DbTarget.of(world.db),
        {
            "contactpersoon": partial(
                jobs.save_leerling,
                actor=world.contactpersoon,
                leerling_id=lid,
                data=replace(loaded, achternaam="Doorcontact"),
            ),
            "tweede venster": partial(
                jobs.save_leerling,
                actor=world.contactpersoon,
                leerling_id=lid,
                data=replace(loaded, achternaam="Doorvenster"),
            ),
        },
    )
    assert_overlapped(outcomes["contactpersoon"], outcomes["tweede venster"])
    ok, refused = _one_ok_one_refused(outcomes)
    assert refused.error_type == "StaleEdit"
    assert "Leerling 500006 is intussen gewijzigd door Fenna Contact op 4 oktober 2021" in (
        refused.error
    )
    now = leerlingen.get_leerling(world.db, world.contactpersoon, lid).data
    assert (
        now.achternaam
        == {"contactpersoon": "Doorcontact", "tweede venster": "Doorvenster"}[ok.name]
    )
    assert now.versie == loaded.versie + 1
