"""indexen voor het volgende gesprek en de OPP-datum

The dashboard's talks due take, per aanvraag, the date the last talk set for the next one
(``max(volgende_op)``). With only the index on ``aanvraag_id`` every one of the 35,000 talks of
the 50,000-pupil demo was read from the table (long notes, many pages to decrypt): about 0.5 s.
An index on (``aanvraag_id``, ``volgende_op``) answers it from the index alone: about 0.1 s.
The same for the pupils list's newest OPP date per pupil (``max(vastgesteld_op)``): reading all
50,000 pupils for the search in memory read 69,000 OPPs from the table, about 6 s
(``bench/bench_ui.py``).

Create Date: 2026-12-01 19:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0015"


def upgrade() -> None:
    with op.batch_alter_table("voortgangsgesprek") as batch_op:
        batch_op.create_index(
            "ix_voortgangsgesprek_aanvraag_volgende", ["aanvraag_id", "volgende_op"], unique=False
        )
    with op.batch_alter_table("opp") as batch_op:
        batch_op.create_index(
            "ix_opp_leerling_vastgesteld", ["leerling_id", "vastgesteld_op"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("opp") as batch_op:
        batch_op.drop_index("ix_opp_leerling_vastgesteld")
    with op.batch_alter_table("voortgangsgesprek") as batch_op:
        batch_op.drop_index("ix_voortgangsgesprek_aanvraag_volgende")
