"""The AVG copy on the pupil's record (programmadirecteur; a contactpersoon for her schools):
one click asks where to save the PDF, writes it and the machine-readable JSON beside it (named by
the leerlingnummer, never the name) and says what was written. The copy itself comes from
``services.avg_kopie``; on a team laptop the server makes it (``Laptop.avg_kopie``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QPushButton
from PySide6.QtWidgets import QWidget

from swv_desktop import paths
from swv_desktop.errors import KnownError
from swv_desktop.services import scope
from swv_desktop.services.avg_kopie import AvgKopie
from swv_desktop.services.avg_kopie import avg_file_names
from swv_desktop.services.avg_kopie import make_avg_kopie
from swv_desktop.services.scope import Recht
from swv_desktop.sync import status as team
from swv_desktop.sync.replica import OnlineOnly
from swv_desktop.ui.context import UiContext
from swv_desktop.ui.dialogs import form_base

SavePathAsker = Callable[[QWidget | None, str, str], str | None]


def avg_button(ctx: UiContext) -> QPushButton:
    """The button, shown to whoever may make the copy (``Recht.AVG_KOPIE``)."""
    button = QPushButton("AVG-kopie maken (PDF en JSON)…")
    button.setObjectName("avg_kopie")
    button.setAutoDefault(False)
    button.setToolTip(
        "Alle gegevens over deze leerling als leesbaar PDF-document en als JSON-bestand, voor "
        "ouders of de leerling zelf (recht op inzage, artikel 15 AVG)."
    )
    button.setVisible(scope.may(ctx.actor, Recht.AVG_KOPIE))
    return button


def _make(ctx: UiContext, leerling_id: int, json_naam: str) -> AvgKopie:
    """On a team laptop the server makes the copy from all the data (the replica holds part of
    it); standalone the service makes it from this database."""
    if ctx.team is not None:
        return ctx.team.laptop.avg_kopie(leerling_id, json_naam)
    if team.is_replica(ctx.db):
        raise OnlineOnly(
            "De AVG-kopie maakt de server, uit alle gegevens van het samenwerkingsverband; "
            "deze laptop is niet met de server verbonden."
        )
    return make_avg_kopie(ctx.db, ctx.actor, leerling_id, json_naam=json_naam)


def save_avg_copy(
    parent: QWidget,
    ctx: UiContext,
    leerling_id: int,
    leerlingnummer: str,
    ask_path: SavePathAsker,
    on_error: Callable[[KnownError], None],
) -> Path | None:
    """Ask for the PDF's place, make the copy, write both files; the PDF's path when written."""
    pdf_name, _json_name = avg_file_names(leerlingnummer)
    chosen = ask_path(parent, "AVG-kopie van de leerling opslaan", pdf_name)
    if not chosen:
        return None
    pdf_path = Path(chosen)
    if pdf_path.suffix.lower() != ".pdf":
        pdf_path = pdf_path.with_name(pdf_path.name + ".pdf")
    json_path = pdf_path.with_suffix(".json")
    try:
        kopie = _make(ctx, leerling_id, json_path.name)
        paths.write_atomic(pdf_path, kopie.pdf)
        paths.write_atomic(json_path, kopie.json.encode("utf-8"))
    except KnownError as error:
        on_error(error)
        return None
    except OSError as error:
        form_base.show_message(
            parent,
            "Niet opgeslagen",
            f"De AVG-kopie kon niet worden opgeslagen ({error.strerror or error}). "
            "Kies een andere map.",
        )
        return None
    form_base.show_message(
        parent,
        "AVG-kopie opgeslagen",
        f"De AVG-kopie van leerling {leerlingnummer} staat in\n{pdf_path}\nmet de gegevens in "
        f"machineleesbare vorm in\n{json_path}.\n\nBeide bestanden bevatten bijzondere "
        "persoonsgegevens: geef ze alleen aan de ouders of de leerling zelf, verstuur ze "
        "beveiligd en verwijder ze na gebruik.",
        "information",
    )
    return pdf_path
