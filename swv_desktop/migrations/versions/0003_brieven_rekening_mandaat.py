"""brieven: rekeningnummer van het bestuur, mandaat, rechtsmiddel, evaluatiemomenten van de pilot

Create Date: 2026-12-01 10:30:00

- ``schoolbestuur.iban``: the board's bank account, which the letters name for the payment.
- ``organisatie.mandaatbesluit_op``, ``rechtsmiddel_soort`` / ``_adres`` / ``_email``: the mandate
  decision and where a request for heroverweging (or a bezwaar) goes.
- The remedy clause of schema 0001 (term counted from the letter date, no address) and the
  generic mandate line are replaced by the standard texts (empty = standard).
- The pilot's evaluation moments become data of its schooljaren where they are missing: the
  interim evaluation at the end of 2021-2022 (31 July 2022), the final one on 31 May 2023.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import op

from swv_desktop.migrations.ops import add_columns, drop_columns, not_null

revision = "0003"
down_revision = "0002"

OLD_RECHTSMIDDEL = (
    "Bent u het niet eens met dit besluit, dan kunt u binnen zes weken na de dagtekening van "
    "deze brief schriftelijk en gemotiveerd om heroverweging verzoeken bij het bestuur van het "
    "samenwerkingsverband, onder vermelding van het kenmerk van deze brief."
)
OLD_NAMENS = "namens het bestuur van het samenwerkingsverband"


def upgrade() -> None:
    add_columns("schoolbestuur", not_null("iban", sa.String(length=34), ""))
    add_columns(
        "organisatie",
        sa.Column("mandaatbesluit_op", sa.Date(), nullable=True),
        not_null("rechtsmiddel_soort", sa.String(length=20), "heroverweging"),
        not_null("rechtsmiddel_adres", sa.String(length=300), ""),
        not_null("rechtsmiddel_email", sa.String(length=200), ""),
    )
    organisatie = sa.table(
        "organisatie",
        sa.column("rechtsmiddel_tekst", sa.Text()),
        sa.column("namens_bestuur_regel", sa.String()),
    )
    op.execute(
        organisatie.update()
        .where(organisatie.c.rechtsmiddel_tekst == OLD_RECHTSMIDDEL)
        .values(rechtsmiddel_tekst="")
    )
    op.execute(
        organisatie.update()
        .where(organisatie.c.namens_bestuur_regel == OLD_NAMENS)
        .values(namens_bestuur_regel="")
    )
    jaar = sa.table(
        "schooljaar",
        sa.column("label", sa.String()),
        sa.column("tussenevaluatie_op", sa.Date()),
        sa.column("eindevaluatie_op", sa.Date()),
    )
    op.execute(
        jaar.update()
        .where(jaar.c.label == "2021-2022", jaar.c.tussenevaluatie_op.is_(None))
        .values(tussenevaluatie_op=date(2022, 7, 31))
    )
    op.execute(
        jaar.update()
        .where(jaar.c.label == "2022-2023", jaar.c.eindevaluatie_op.is_(None))
        .values(eindevaluatie_op=date(2023, 5, 31))
    )


def downgrade() -> None:
    drop_columns(
        "organisatie",
        "rechtsmiddel_email",
        "rechtsmiddel_adres",
        "rechtsmiddel_soort",
        "mandaatbesluit_op",
    )
    drop_columns("schoolbestuur", "iban")
