"""Demo rows of the VSO expertise register: a few deployments per schooljaar that has started,
by the VSO schools of the region, on the questions teams in regular VO ask. Fictional."""

from __future__ import annotations

import random
from datetime import date
from datetime import datetime
from datetime import timedelta

from swv_desktop.demo.rijen import Jaar
from swv_desktop.demo.rijen import SchoolRef
from swv_desktop.demo.writer import RowWriter
from swv_desktop.models import Beoordeling
from swv_desktop.models import VraagSoort
from swv_desktop.models import VsoInzet

PARTNERS = (
    "De Ontdekking (VSO cluster 4)",
    "Het Baken, school voor VSO",
    "Mytylschool De Brug (cluster 3)",
    "Kentalis-team Zuid (cluster 2)",
)
QUESTIONS = (
    (
        VraagSoort.GEDRAG,
        "Hoe begeleiden we een klas waarin de spanning na de pauze oploopt?",
        "Twee klassenobservaties en een teambijeenkomst over de-escaleren.",
    ),
    (
        VraagSoort.SOCIAAL_EMOTIONEEL,
        "Hoe herkennen mentoren sombere en teruggetrokken leerlingen op tijd?",
        "Workshop voor het mentorenteam met casusbespreking.",
    ),
    (
        VraagSoort.LEREN,
        "Hoe differentiëren we in de les voor leerlingen met een grote "
        "achterstand in begrijpend lezen?",
        "Co-teaching in drie lessen en een nabespreking.",
    ),
    (
        VraagSoort.COMMUNICATIE,
        "Hoe maken we de uitleg toegankelijk voor leerlingen met een taalontwikkelingsstoornis?",
        "Advies over visuele ondersteuning en instructietaal.",
    ),
    (
        VraagSoort.KLASSENMANAGEMENT,
        "Hoe brengen we structuur in de overgangen tussen lessen in de onderbouw?",
        "Observatie van de wissel en afspraken met de teamleider.",
    ),
)
RESULTS = (
    "Het team past de aanpak toe; de onrust in de klas is merkbaar minder.",
    "Mentoren voelen zich zekerder en bespreken signalen eerder in het team.",
    "Docenten gebruiken de aanpak in meer lessen; een vervolg is gepland.",
)


def write_vso_register(
    rng: random.Random,
    w: RowWriter,
    jaren: list[Jaar],
    schools: list[SchoolRef],
    today: date,
    now: datetime,
) -> None:
    """About one deployment per three schools per started schooljaar (at least six)."""
    for jaar in jaren:
        if jaar.start > today:
            continue
        last = min(jaar.end, today)
        span = (last - jaar.start).days
        for _ in range(max(6, len(schools) // 3)):
            school = rng.choice(schools)
            soort, vraag, wat = rng.choice(QUESTIONS)
            start = jaar.start + timedelta(days=rng.randint(20, max(21, span - 10)))
            done = start + timedelta(days=rng.randint(7, 60))
            finished = done <= last
            w.add(
                VsoInzet,
                schooljaar_id=jaar.id,
                school_id=school.id,
                vso_partner=rng.choice(PARTNERS),
                vraag=vraag,
                vraag_soort=soort,
                wat_gedaan=wat,
                uitgevoerd_door=rng.choice(
                    ("Gedragsspecialist", "Orthopedagoog", "Ambulant begeleider")
                ),
                minuten=rng.choice((90, 120, 180, 240, 360, 480)),
                startdatum=start,
                einddatum=done if finished else None,
                opbrengst=rng.choice(RESULTS) if finished else "",
                beoordeling=rng.choice((Beoordeling.GOED, Beoordeling.GOED, Beoordeling.VOLDOENDE))
                if finished
                else None,
                vastgelegd_door_id=school.contactpersoon_id,
                aangemaakt_op=now,
                versie=1,
            )
