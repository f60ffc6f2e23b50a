"""Property tests: whatever the amount, the individual cap holds and a refusal saves nothing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlalchemy import select

from swv_desktop.errors import ValidationError
from swv_desktop.models import Aanvraag
from swv_desktop.services.aanvragen import use_cases as aanvragen


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cents=st.integers(min_value=-(10**7), max_value=10**8))
def test_individual_amount_is_accepted_exactly_within_the_cap(world, cents):
    if not hasattr(world, "_leerling"):
        world._leerling = world.add_leerling("700001")
    with world.db.read() as s:
        before = s.scalar(select(func.count(Aanvraag.id)))
    data = world.individual(world._leerling, cents)
    if 0 < cents <= 800_000:
        aanvragen.create_aanvraag(world.db, world.contactpersoon, data)
        expected = before + 1
    else:
        with pytest.raises(ValidationError) as exc:
            aanvragen.create_aanvraag(world.db, world.contactpersoon, data)
        assert exc.value.fields == {"aangevraagd_cents"}
        expected = before
    with world.db.read() as s:
        assert s.scalar(select(func.count(Aanvraag.id))) == expected
