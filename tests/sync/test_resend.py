"""Fix and resend from the "Niet verwerkt" list, and online-only actions from a replica."""

from __future__ import annotations

from loaded import decide

from swv_desktop.models import Leerling
from swv_desktop.services import leerlingen
from swv_desktop.services.aanvragen import use_cases as aanvragen

from .harness import Team
from .harness import draft
from .harness import pupil_id
from .harness import to_besluit


def test_a_refused_edit_can_be_resent_on_the_current_version(online: Team) -> None:
    team = online
    cp = team.synced("cp1", "cp1-resend")
    other = team.synced("cp1", "cp1-resend-2")  # her other laptop
    pupil = pupil_id(cp)
    with cp.db.read() as s:
        data = leerlingen._leerling_input(s.get_one(Leerling, pupil))
    data.tussenvoegsel = "van"
    leerlingen.save_leerling(cp.db, cp.actor, data, pupil)  # waits: not pushed yet
    with other.db.read() as s:
        theirs = leerlingen._leerling_input(s.get_one(Leerling, pupil))
    theirs.leerjaar = 4
    leerlingen.save_leerling(other.db, other.actor, theirs, pupil)
    assert other.sync_round().exit_code == 0
    assert cp.sync_round().exit_code == 1
    [refused] = cp.not_processed()
    from swv_desktop.sync.niet_verwerkt import resend

    resend(cp, refused.uuid)  # she keeps her values, on the server's current version
    assert cp.not_processed() == []
    assert cp.sync_round().exit_code == 0
    with team.db.read() as s:
        assert s.get_one(Leerling, pupil).tussenvoegsel == "van"
    cp.close()
    other.close()


def test_an_online_only_action_on_a_replica_goes_to_the_server_at_once(online: Team) -> None:
    team = online
    cp = team.synced("cp1", "cp1-online")
    director = team.laptop("directeur", "directeur-online")
    pupil = pupil_id(cp)
    aid = aanvragen.create_aanvraag(
        cp.db, cp.actor, draft(cp.actor, team.schooljaar_id, team.school_a, pupil, 50_000)
    )
    to_besluit(cp.db, cp.actor, aid)
    assert cp.sync_round().exit_code == 0
    assert director.sync_round().exit_code == 0
    from swv_desktop.models import Aanvraag
    from swv_desktop.models import Status
    from swv_desktop.models import Uitkomst

    decide(director.db, director.actor, aid, Uitkomst.AFGEWEZEN, 0, "Past niet binnen de regeling.")
    assert director.waiting() == []  # not queued: decided on the server
    with director.db.read() as s:  # and pulled back at once
        assert s.get(Aanvraag, aid).status is Status.AFGEWEZEN
    cp.close()
    director.close()
