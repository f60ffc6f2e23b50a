"""The Beheer tabs (accounts, schooljaren, settings) and the evaluation texts when someone else
saved first: the save is refused with who and when, the tab offers to reload, reloading shows
what is stored now, and the person's change then goes through. Driven like a person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace

import pytest
from loaded import save_account
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from swv_desktop.formatting import money_plain
from swv_desktop.models import Gebruiker
from swv_desktop.models import Organisatie
from swv_desktop.models import Rol
from swv_desktop.models import Schooljaar
from swv_desktop.reports.evaluatie_data import EvaluatieSoort
from swv_desktop.services import instellingen
from swv_desktop.services import schooljaren
from swv_desktop.services.evaluatie.use_cases import get_answers
from swv_desktop.services.evaluatie.use_cases import save_answers
from swv_desktop.ui.conclusies_editor import ConclusiesEditor
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base

from .fixtures import Seed
from .form_helpers import beheer_tab
from .messages import MessageLog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


class Reloads:
    """Stands in for the reload question: remembers it and answers 'Opnieuw laden'."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, _parent: QWidget | None, text: str) -> bool:
        self.asked.append(text)
        return True


@dataclass
class Stale:
    """What each test here starts from: the seeded database, a context per login, the message
    boxes and the reload question (answered 'Opnieuw laden')."""

    ctx_for: Callable[[str], UiContext]
    seed: Seed
    messages: MessageLog
    reloads: Reloads


@pytest.fixture
def stale(
    monkeypatch: pytest.MonkeyPatch,
    ctx_for: Callable[[str], UiContext],
    seed: Seed,
    messages: MessageLog,
) -> Stale:
    reloads = Reloads()
    monkeypatch.setattr(form_base, "ask_reload", reloads)
    return Stale(ctx_for, seed, messages, reloads)


def test_account_form_reloads_after_a_stale_save(qtbot: QtBot, stale: Stale) -> None:
    ctx = stale.ctx_for("beheer")
    _page, tab = beheer_tab(qtbot, ctx, "users_tab")  # the page owns the tab
    tab.select(stale.seed.users["cp2"])
    loaded = tab.editing
    assert loaded is not None
    # meanwhile, in another window, the account is renamed
    save_account(
        ctx.db,
        ctx.actor,
        loaded,
        volledige_naam="Cas Anders",
        nieuw_wachtwoord="een-ander-lang-wachtwoord",
    )
    tab.email.clear()
    qtbot.keyClicks(tab.email, "cas@voorbeeld.nl")
    tab.save_button.click()
    assert len(stale.reloads.asked) == 1 and "intussen gewijzigd door" in stale.reloads.asked[0]
    assert stale.messages.texts() == ""  # the refusal is the reload question, not a second box
    # reloaded: the form shows the stored account and its new version
    assert tab.volledige_naam.text() == "Cas Anders" and tab.email.text() == loaded.email
    assert tab.editing is not None and tab.editing.versie > loaded.versie
    with ctx.db.read() as s:
        assert s.get(Gebruiker, loaded.id).email == loaded.email
    tab.email.clear()
    qtbot.keyClicks(tab.email, "cas@voorbeeld.nl")
    tab.save_button.click()
    with ctx.db.read() as s:
        user = s.get(Gebruiker, loaded.id)
        assert (user.volledige_naam, user.email) == ("Cas Anders", "cas@voorbeeld.nl")


def test_schooljaar_form_reloads_after_a_stale_save(qtbot: QtBot, stale: Stale) -> None:
    ctx = stale.ctx_for("pd")
    _page, tab = beheer_tab(qtbot, ctx, "jaren_tab")  # the page owns the tab
    jaar = next(j for j in tab.rows if j.label == "2021-2022")
    tab.select(jaar.id)
    figures = {name: getattr(jaar, name) for name in instellingen.REGELING_DEFAULTS}
    schooljaren.save_schooljaar(
        ctx.db,
        stale.ctx_for("beheer").actor,
        label=jaar.label,
        schooljaar_id=jaar.id,
        versie=jaar.versie,
        **{**figures, "groep_max_cents": figures["groep_max_cents"] + 100_000},
    )
    tab.budget_cents.setText("")
    qtbot.keyClicks(tab.budget_cents, "990.000")
    tab.save_button.click()
    assert (
        len(stale.reloads.asked) == 1
        and "Schooljaar 2021-2022 is intussen gewijzigd" in (stale.reloads.asked[0])
    )
    assert schooljaren.get_schooljaar(ctx.db, jaar.id).budget_cents == jaar.budget_cents
    assert "Schooljaar 2021-2022 is opgeslagen" not in stale.messages.texts()
    # reloaded: the other person's figure is shown, the typed budget is gone
    stored = schooljaren.get_schooljaar(ctx.db, jaar.id)
    assert tab.editing is not None and tab.editing.versie == stored.versie > jaar.versie
    assert tab.budget_cents.text() == money_plain(jaar.budget_cents)
    assert tab.groep_max_cents.text() == money_plain(figures["groep_max_cents"] + 100_000)
    tab.budget_cents.setText("")
    qtbot.keyClicks(tab.budget_cents, "990.000")
    tab.save_button.click()
    with ctx.db.read() as s:
        row = s.get(Schooljaar, jaar.id)
        assert (row.budget_cents, row.groep_max_cents) == (
            99_000_000,
            figures["groep_max_cents"] + 100_000,
        )


def test_settings_form_reloads_after_a_stale_save(qtbot: QtBot, stale: Stale) -> None:
    ctx = stale.ctx_for("beheer")
    _page, tab = beheer_tab(qtbot, ctx, "settings_tab")  # the page owns the tab
    loaded = instellingen.get_settings(ctx.db)
    instellingen.update_settings(ctx.db, ctx.actor, replace(loaded, plaats="Elders"))
    tab.edits["naam"].clear()
    qtbot.keyClicks(tab.edits["naam"], "SWV VO Nieuwe Naam")
    assert tab.save() is False
    assert (
        len(stale.reloads.asked) == 1
        and "De instellingen zijn intussen gewijzigd" in (stale.reloads.asked[0])
    )
    assert tab.edits["plaats"].text() == "Elders"
    assert tab.edits["naam"].text() == loaded.naam
    with ctx.db.read() as s:
        assert s.scalars(select(Organisatie.naam)).one() == loaded.naam
    tab.edits["naam"].clear()
    qtbot.keyClicks(tab.edits["naam"], "SWV VO Nieuwe Naam")
    assert tab.save() is True
    with ctx.db.read() as s:
        org = s.scalars(select(Organisatie)).one()
        assert (org.naam, org.plaats) == ("SWV VO Nieuwe Naam", "Elders")


def test_evaluation_texts_reload_after_a_stale_save(qtbot: QtBot, stale: Stale) -> None:
    ctx = stale.ctx_for("pd")
    assert ctx.actor.rol is Rol.PROGRAMMADIRECTEUR
    with ctx.db.read() as s:
        jaar_id = s.scalars(select(Schooljaar.id).where(Schooljaar.label == "2021-2022")).one()
    editor = ConclusiesEditor(ctx)
    qtbot.addWidget(editor)
    editor.show()
    editor.load(jaar_id, EvaluatieSoort.TUSSEN)
    # another window saves a conclusion first
    save_answers(ctx.db, ctx.actor, jaar_id, EvaluatieSoort.TUSSEN, {}, "Eerst.", versie=0)
    qtbot.keyClicks(editor.conclusie, "Tweede.")
    editor.save()
    assert len(stale.reloads.asked) == 1 and "intussen gewijzigd door" in stale.reloads.asked[0]
    assert editor.conclusie.toPlainText() == "Eerst."
    assert get_answers(ctx.db, ctx.actor, jaar_id, EvaluatieSoort.TUSSEN).conclusie == "Eerst."
    editor.conclusie.clear()
    qtbot.keyClicks(editor.conclusie, "Tweede.")
    editor.save()
    assert get_answers(ctx.db, ctx.actor, jaar_id, EvaluatieSoort.TUSSEN).conclusie == "Tweede."
