"""The server's certificate on Beheer > Server (and in the Team dialog): ``CertificateBox``.

One line says which certificate this laptop trusts (its SHA-256 fingerprint, kept at the first
connection), or that the connection is not secure (``http://`` on this computer, for
development). When the server shows another certificate the box shows the Dutch warning with
the old and the new fingerprint, and only then the button that trusts the new one, after a
question that repeats both (``Laptop.accept_certificate``, which records who confirmed and
when). The rules are in ``sync.trust``; this is the view.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QFrame
from PySide6.QtWidgets import QLabel
from PySide6.QtWidgets import QMessageBox
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtWidgets import QVBoxLayout
from PySide6.QtWidgets import QWidget

from swv_desktop.sync import replica
from swv_desktop.sync import status as team
from swv_desktop.sync import trust
from swv_desktop.sync import weergave
from swv_desktop.ui.widgets.controls import button_row
from swv_desktop.ui.widgets.controls import push_button
from swv_desktop.ui.widgets.controls import wrapping_label

if TYPE_CHECKING:
    from swv_desktop.ui.team_panel import TeamPanel

WARNING_STYLE = (
    "QFrame#team_certificaat_waarschuwing { background: #fdecea; border: 1px solid #e0a5a0; }"
    " QLabel { color: #8a1c1c; border: none; }"
)


def _label(name: str) -> QLabel:
    label = wrapping_label(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


ADVICE = (
    "Is het certificaat van de server vervangen, dan geeft de beheerder u de nieuwe "
    "vingerafdruk; komt die overeen, bevestig hem dan met de knop hieronder. Weet u het niet "
    "zeker, bevestig dan niet: iemand kan zich voor de server uitgeven."
)


class CertificateBox(QWidget):
    """The certificate line, the warning and its button (see the module docstring)."""

    def __init__(self, panel: TeamPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.certificate = _label("team_certificaat")
        self.warning = QFrame()
        self.warning.setObjectName("team_certificaat_waarschuwing")
        self.warning.setStyleSheet(WARNING_STYLE)
        self.title = _label("team_certificaat_titel")
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.old = _label("team_certificaat_oud")
        self.new = _label("team_certificaat_nieuw")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for label in (self.old, self.new):
            label.setFont(mono)
        inner = QVBoxLayout(self.warning)
        inner.setContentsMargins(8, 6, 8, 6)
        for label in (self.title, self.old, self.new):
            inner.addWidget(label)
        self.advice = _label("team_certificaat_advies")
        self.advice.setText(ADVICE)
        self.button = push_button(
            "Nieuw certificaat vertrouwen…", "team_certificaat_bevestigen", self.confirm
        )
        # its full height, always: the lists below give way (their rows scroll)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.certificate)
        layout.addWidget(self.warning)
        layout.addWidget(self.advice)
        layout.addLayout(button_row([self.button]))
        self.show_state()

    def trusted(self) -> str | None:
        """The fingerprint this replica trusts (``None``: none yet, or no replica)."""
        db = self.panel.ctx.db
        if not team.is_replica(db):
            return None
        return replica.get_state(db, trust.STATE_KEY) or None

    def _since(self, known: str) -> str:
        """Since when this laptop trusts ``known``: the first connection, or a confirmation."""
        try:
            confirmed = json.loads(replica.get_state(self.panel.ctx.db, trust.CONFIRMED_KEY))
        except ValueError:
            confirmed = None
        if isinstance(confirmed, dict) and confirmed.get("nieuw") == known:
            return (
                f"Bevestigd door {confirmed.get('door', '?')} op "
                f"{weergave.moment(str(confirmed.get('op', '')))}."
            )
        return "Deze laptop vertrouwt dit certificaat sinds de eerste verbinding."

    def changed(self, exc: trust.CertificateChanged) -> None:
        """A connection test met another certificate: the warning and the button appear."""
        if self.panel.laptop is not None:
            self.panel.laptop.untrusted = exc
        self.show_state()

    def warning_text(self) -> str:
        """What the warning says (its three lines)."""
        return "\n".join(label.text() for label in (self.title, self.old, self.new))

    def show_state(self) -> None:
        address = self.panel.address.text().strip().lower()
        known = self.trusted()
        if address.startswith("http://"):
            text = (
                f"{trust.UNSAFE.capitalize()} (http://): alleen voor ontwikkeling op deze "
                "computer. Op kantoor gebruikt de server https:// met een certificaat."
            )
        elif known:
            text = f"Certificaat van de server (SHA-256): {known}. {self._since(known)}"
        else:
            text = (
                "Bij de eerste verbinding toont en bewaart deze laptop de vingerafdruk "
                "(SHA-256) van het certificaat van de server."
            )
        self.certificate.setText(text)
        laptop = self.panel.laptop
        changed = None if laptop is None else laptop.untrusted
        if changed is not None:
            self.title.setText(
                "Pas op: de server laat een ander certificaat zien dan deze laptop kent. Er is "
                "niets verstuurd (ook uw wachtwoord niet)."
            )
            self.old.setText(f"Bekend: {changed.old}")
            self.new.setText(f"Nu:     {changed.new}")
        for widget in (self.warning, self.advice, self.button):
            widget.setVisible(changed is not None)
        self.certificate.setVisible(changed is None)  # the warning names the known one

    def confirm(self) -> None:
        """Trust the new certificate, after the question with both fingerprints."""
        laptop = self.panel.laptop
        changed = None if laptop is None else laptop.untrusted
        if laptop is None or changed is None:
            return
        choice = QMessageBox.question(
            self,
            "Nieuw certificaat vertrouwen",
            "Vertrouw dit certificaat alleen als de beheerder u heeft verteld dat het "
            "certificaat van de server is vervangen, en de nieuwe vingerafdruk gelijk is aan "
            f"wat de beheerder heeft doorgegeven.\n\nNieuw:  {changed.new}\n"
            f"Oud:      {changed.old}\n\nHet nieuwe certificaat vertrouwen?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if choice != QMessageBox.StandardButton.Yes:
            return
        new = laptop.accept_certificate(self.panel.ctx.actor)
        self.panel.answer.setText(
            f"Het nieuwe certificaat (SHA-256 {new}) is bewaard; de laptop verbindt opnieuw."
        )
        self.panel.reload()
        self.panel.sync_now()
