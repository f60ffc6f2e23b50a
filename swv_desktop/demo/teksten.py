"""Fictional material for the demo database: names, places, schools and the texts of OPPs,
applications, group plans, decisions and progress talks.

Every name here is invented (or a common Dutch first or last name combined at random); no real
school, board or person is meant. Lists are tuples so nothing is built at import time.
"""

from __future__ import annotations

ORGANISATIE = {
    "naam": "Samenwerkingsverband VO Rivierenland-Oost",
    "adres": "Uiterwaardenlaan 14",
    "postcode": "4191 KX",
    "plaats": "Waalmonde",
    "telefoon": "0344 - 55 21 00",
    "email": "bureau@swv-rivierenland-oost.example",
    "website": "www.swv-rivierenland-oost.example",
    "programmadirecteur_naam": "drs. M.J. (Marieke) van Doorn-Schepers",
    "programmadirecteur_functie": "Programmadirecteur Kwaliteit en beleid",
    "kenmerk_prefix": "MWB",
    "rekening_iban": "NL56TEST0312457896",  # fictional bank code (make_iban("TEST", ...))
    "rekening_tenaamstelling": "Stichting SWV VO Rivierenland-Oost",
}

# (gebruikersnaam, rol value, volledige naam)
DEMO_ACCOUNTS = (
    ("contactpersoon", "contactpersoon", "Anouk Verbeek"),
    ("contactpersoon2", "contactpersoon", "Joost Hoogendam"),
    ("contactpersoon3", "contactpersoon", "Fatima el Idrissi"),
    ("programmadirecteur", "programmadirecteur", "Marieke van Doorn-Schepers"),
    ("secretariaat", "secretariaat", "Ingrid Brouwers"),
    ("beheerder", "beheerder", "Ruben Kampstra"),
)
DEMO_PASSWORD = "demo-welkom-2021"

PLAATSEN = (
    ("Waalmonde", "4191"),
    ("Lingestein", "4153"),
    ("Dijkerveld", "4004"),
    ("Kribbendam", "4021"),
    ("Uiterwaarde", "4033"),
    ("Polderhaven", "4112"),
    ("Meanderwijk", "4061"),
    ("Zandweerd", "4175"),
    ("Oude Kolk", "4132"),
    ("Hoefslag", "4197"),
)
STRATEN = (
    "Dijkstraat",
    "Schoolweg",
    "Kerkpad",
    "Molenkade",
    "Uiterwaardenlaan",
    "Wilgenhof",
    "Populierenlaan",
    "Veerweg",
    "Steenovenstraat",
    "Kribweg",
    "Boogerdlaan",
    "Graaf Reinaldstraat",
)

BESTUUR_NAMEN = (
    "Stichting Voortgezet Onderwijs Stroomland",
    "Vereniging Christelijk Onderwijs De Bandijk",
    "Stichting Openbaar VO Lingestein e.o.",
    "Onderwijsgroep Meander & Kolk",
    "Stichting Katholiek Onderwijs Uiterwaarde",
    "Stichting Praktijkgericht Leren Rivierenland-Oost",
)
BESTUUR_WOORDEN = (
    "Stroomland",
    "Bandijk",
    "Kribbenland",
    "Waalweide",
    "Lingedal",
    "Zomerbed",
    "Hoefslag",
    "Kolkveld",
    "Zandplaat",
    "Wilgenwaard",
)
BESTUUR_SOORTEN = (
    "Stichting Voortgezet Onderwijs",
    "Onderwijsgroep",
    "Vereniging Christelijk Onderwijs",
    "Stichting Openbaar VO",
)

SCHOOL_NAMEN = (
    "Het Zilverwilg College",
    "Scholengemeenschap De Kribbe",
    "Stroomdal Lyceum",
    "Bandijk College",
    "Praktijkschool Het Veer",
    "Christelijk Lyceum Waalmonde",
    "Openbare Scholengemeenschap Lingestein",
    "Montessori Scholengemeenschap De Meander",
    "Vakcollege Polderhaven",
    "Het Uiterwaard Atheneum",
    "Kolkveld Mavo",
    "Scholengemeenschap Zandweerd",
    "Dijkerveld College",
    "Het Hoefslag Lyceum",
)
SCHOOL_SOORTEN = ("College", "Lyceum", "Scholengemeenschap", "Mavo", "Vakcollege", "Atheneum")
SCHOOL_WOORDEN = (
    "Zilverwilg",
    "Kribbe",
    "Stroomdal",
    "Bandijk",
    "Veerpont",
    "Meander",
    "Zomerdijk",
    "Wilgenwaard",
    "Steenoven",
    "Kolkveld",
    "Zandplaat",
    "Hoefslag",
    "Boogerd",
    "Waalweide",
    "Lingedal",
    "Polderkade",
)

VSO_SCHOLEN = (
    "VSO De Wissel (Waalmonde)",
    "VSO Het Baken (Lingestein)",
    "Cluster 4-school De Overstap (Dijkerveld)",
    "VSO De Steiger (Polderhaven)",
)

VOORNAMEN = (
    "Sanne",
    "Daan",
    "Lotte",
    "Sem",
    "Noor",
    "Milan",
    "Emma",
    "Luuk",
    "Julia",
    "Finn",
    "Zoë",
    "Jesse",
    "Yara",
    "Thijs",
    "Fenna",
    "Bram",
    "Amira",
    "Ruben",
    "Lieke",
    "Mohamed",
    "Isa",
    "Stijn",
    "Nina",
    "Levi",
    "Sara",
    "Mees",
    "Eva",
    "Noah",
    "Jasmijn",
    "Ayoub",
    "Roos",
    "Tim",
    "Femke",
    "Dewi",
    "Gijs",
    "Esmee",
)
# First names of the adults at the schools (the ondersteuningscoördinator), by the title they are
# addressed with: "mevrouw" for the first list, "de heer" for the second.
VOORNAMEN_VROUW = (
    "Anke",
    "Marloes",
    "Petra",
    "Yvonne",
    "Saskia",
    "Esther",
    "Hanneke",
    "Nadia",
    "Ingeborg",
    "Wendy",
)
VOORNAMEN_MAN = (
    "Peter",
    "Mark",
    "Erik",
    "Hans",
    "Rob",
    "Martijn",
    "Jeroen",
    "Bas",
    "Karim",
    "Wouter",
)
TUSSENVOEGSELS = ("", "", "", "", "", "van", "de", "van der", "van den", "ter", "van 't")
ACHTERNAMEN = (
    "Aalbers",
    "Bosman",
    "Claassen",
    "Dekkers",
    "Evers",
    "Gerritsen",
    "Hendriks",
    "Jansen",
    "Kuipers",
    "Lammers",
    "Meijer",
    "Nieuwenhuis",
    "Otten",
    "Peeters",
    "Roelofs",
    "Schouten",
    "Timmer",
    "Verhoeven",
    "Wouters",
    "Zwart",
    "Bakker",
    "Smit",
    "Yilmaz",
    "Boukhari",
    "Mulder",
    "Visser",
    "Brink",
    "Hoekstra",
)

UITSTROOMPROFIELEN = {
    "pro": "Arbeid (praktijkonderwijs), met entree-opleiding als optie",
    "vmbo-bb": "Vervolgonderwijs mbo niveau 2",
    "vmbo-kb": "Vervolgonderwijs mbo niveau 2-3",
    "vmbo-gt": "Vervolgonderwijs mbo niveau 3-4",
    "havo": "Vervolgonderwijs hbo",
    "vwo": "Vervolgonderwijs wo",
}
BELEMMEREND = (
    "Faalangst en vermijdend gedrag bij toetsen en presentaties.",
    "Moeite met plannen en organiseren; raakt snel het overzicht kwijt.",
    "Snel overprikkeld in drukke situaties; trekt zich dan terug of reageert heftig.",
    "Langdurig verzuim in het vorige schooljaar; de terugkeer verloopt moeizaam.",
    "Moeite met het reguleren van emoties bij conflicten met medeleerlingen.",
    "Weinig zelfvertrouwen na een moeizame overstap naar het voortgezet onderwijs.",
)
BEVORDEREND = (
    "Gemotiveerd, wil graag op deze school blijven.",
    "Betrokken ouders die nauw met de mentor samenwerken.",
    "Goede band met de mentor en de ondersteuningscoördinator.",
    "Sterk in praktische vakken; heeft een duidelijk toekomstbeeld.",
    "Sportief en sociaal in een kleine, vaste groep.",
)
ONDERWIJSBEHOEFTEN = (
    "Heeft een voorspelbare dag nodig met een vast aanspreekpunt.",
    "Heeft baat bij korte, duidelijke instructies en een visuele planning.",
    "Heeft een rustige werkplek nodig en een time-outmogelijkheid.",
    "Heeft wekelijkse coaching nodig op plannen en organiseren.",
    "Heeft begeleiding nodig bij het opbouwen van contact met leeftijdgenoten.",
)
AFWIJKINGEN = (
    "Aangepast rooster in de eerste periode; deels vrijstelling van lichamelijke opvoeding.",
    "Toetsen in een aparte ruimte en met extra tijd.",
    "Geen afwijkingen van het programma.",
    "Tijdelijk verminderd lesprogramma met opbouw naar volledig rooster.",
)
ONDERSTEUNING = (
    "Mentorbegeleiding, ondersteuningsuur en begeleiding door de zorgcoördinator.",
    "Wekelijks gesprek met de ondersteuningscoördinator; inzet van het steunpunt.",
    "Begeleiding door de orthopedagoog van de school en huiswerkbegeleiding op school.",
)
INZET_INDIVIDUEEL = (
    "Individuele coaching op executieve functies (plannen, organiseren), {n} sessies per week.",
    "Sociaal-emotionele begeleiding door een externe jeugdcoach, gericht op faalangst.",
    "Inzet van een ambulant begeleider (VSO-expertise) voor gedragsregulatie in de klas.",
    "Training sociale vaardigheden in een kleine groep en coaching op school.",
    "Begeleiding bij de terugkeer na verzuim door een vaste begeleider op school.",
)
INZET_GROEP = "Deelname aan de groepsaanpak '{titel}' (plan van aanpak, maatwerkbudget {jaar})."

OMSCHRIJVING_INDIVIDUEEL = (
    "Coaching op plannen en organiseren, zodat de leerling het lesprogramma kan volgen.",
    "Begeleiding bij faalangst en het opbouwen van zelfvertrouwen in de klas.",
    "Ambulante begeleiding met VSO-expertise om verwijzing naar het VSO te voorkomen.",
    "Ondersteuning bij emotieregulatie en het herstellen van contact met medeleerlingen.",
    "Opbouw van aanwezigheid na langdurig verzuim met een vaste begeleider.",
)
# (for which pupils the title fits, title): "onderbouw" = leerjaar 1 and 2, "examen" = the last
# leerjaar of the pupil's niveau, "pro" = praktijkonderwijs, "" = any group.
GROEP_TITELS = (
    ("onderbouw", "Rustpunt: prikkelverwerking in de onderbouw"),
    ("", "Sterk in je vel: training sociale vaardigheden"),
    ("onderbouw", "Plan je week: executieve functies in leerjaar 1 en 2"),
    ("", "Terug naar de klas: groepsaanpak bij schoolverzuim"),
    ("examen", "Samen sterk: faalangstreductie voor examenklassen"),
    ("pro", "Grip op gedrag: emotieregulatie in de praktijkklas"),
)
GROEP_ONDERSTEUNING = (
    "Twee begeleiders geven wekelijks een groepstraining van 90 minuten en coachen de leerlingen "
    "daarnaast individueel tijdens een vast uur op school."
)
GROEP_DOELEN = (
    "De leerlingen volgen aan het eind van de periode ten minste 90% van hun lessen, plannen hun "
    "huiswerk zelfstandig met een weekplanner en kunnen benoemen wat zij nodig hebben bij spanning."
)
GROEP_EVALUATIE = (
    "Nulmeting en eindmeting met een vragenlijst; aanwezigheidscijfers per periode; driemaandelijks "
    "voortgangsgesprek met de contactpersoon en een evaluatie met leerlingen en ouders."
)
KOSTEN_OMSCHRIJVINGEN = (
    "Groepstraining door externe trainer",
    "Individuele coaching tijdens het vaste begeleidingsuur",
    "Inzet ambulant begeleider VSO",
    "Materialen en licentie trainingsprogramma",
    "Oudergesprekken en terugkoppeling door de begeleider",
)

BESPREKING_NOTITIES = (
    "Mogelijkheden van het maatwerkbudget besproken met de ondersteuningscoördinator en mentor.",
    "Gesprek op school; alternatieven binnen de basis- en extra ondersteuning zijn nagelopen.",
    "Aanvraag doorgenomen; afspraken gemaakt over de driemaandelijkse voortgangsgesprekken.",
)
MOTIVERING_TOEGEKEND = (
    "Aan alle voorwaarden van de regeling is voldaan. De ondersteuning is gericht op "
    "{doel} en kan niet uit de basis- of extra ondersteuning worden geboden; het OPP vermeldt de "
    "inzet van het budget en de aanvraag is besproken met de contactpersoon."
)
MOTIVERING_GEDEELTELIJK = (
    "De aanvraag voldoet aan de voorwaarden, maar een deel van de begrote kosten betreft "
    "ondersteuning die de school uit de extra ondersteuning kan bekostigen. Daarom wordt een deel "
    "van het aangevraagde bedrag toegekend."
)
MOTIVERING_AFGEWEZEN = (
    "De gevraagde ondersteuning kan naar ons oordeel worden geboden vanuit de extra ondersteuning "
    "van het schoolbestuur. Daarmee is niet voldaan aan de eerste voorwaarde van de regeling."
)
AFWIJZING_TOELICHTING = (
    "De school kan deze ondersteuning bekostigen uit de extra ondersteuning van het bestuur."
)
INTREK_REDENEN = (
    "Ingetrokken op verzoek van de school: de leerling is verhuisd.",
    "Ingetrokken: de ondersteuning wordt toch uit de extra ondersteuning bekostigd.",
    "Ingetrokken: ouders hebben geen toestemming gegeven voor het handelingsdeel.",
)

GESPREK_DEELNEMERS = (
    "mentor, ondersteuningscoördinator, contactpersoon",
    "ondersteuningscoördinator, ouders, leerling, contactpersoon",
    "mentor, begeleider, contactpersoon",
)
GESPREK_NOTITIES = (
    "De leerling is vaker aanwezig en gebruikt de planner. Afspraken voortgezet.",
    "Voortgang besproken; de begeleiding wordt afgebouwd naar eens per twee weken.",
    "Wisselend beeld: goede weken en terugval rond de toetsweek. Extra afspraak met ouders.",
    "Doelen grotendeels behaald; volgende periode gericht op zelfstandigheid.",
    "Weinig vooruitgang; inzet van VSO-expertise wordt verkend.",
)
UITKOMST_ANDERS = "Verhuisd naar een andere regio; overgedragen aan het samenwerkingsverband daar."
# Only for a pupil in the last leerjaar of vmbo or praktijkonderwijs.
UITKOMST_ANDERS_EXAMEN = {
    "vmbo": "Na het behalen van het vmbo-diploma doorgestroomd naar het mbo.",
    "pro": "Na het praktijkonderwijs doorgestroomd naar een entree-opleiding in het mbo.",
}
UITKOMST_OPMERKINGEN = (
    "Stabiel jaar; de leerling is bevorderd.",
    "Ondersteuning blijft nodig, maar de leerling functioneert in de klas.",
    "Na het tweede trimester duidelijke vooruitgang.",
    "",
)

VERANTWOORDING_OPMERKINGEN = (
    "Rapportage compleet; urenoverzicht van de begeleider bijgevoegd.",
    "Facturen van de externe begeleider bijgevoegd.",
    "Minder uren ingezet dan begroot; de leerling had in het voorjaar minder begeleiding nodig.",
    "Inzet van de VSO-ambulant begeleider apart verantwoord.",
    "",
)
"""Remarks with a school's account (verantwoording) in the demo."""
