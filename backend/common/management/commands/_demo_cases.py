"""The demo cases of ``manage.py demo``: who submits what where, and how far each has come.

``steps`` run after the submission through the real services (``_demo_data``); ``ago`` gives
the day of the submission and of each step, counted back from today.
"""

from __future__ import annotations

from dataclasses import dataclass, field

INTEGRATIONSBUDGET = "Integrationsbudget Essen"
VERFUEGUNGSFONDS = "Verfügungsfonds Soziale Stadt (Demo)"


@dataclass
class DemoCase:
    key: str
    quarter: str
    title: str
    association: str
    postal_code: str
    contact: str
    challenge: str
    affected: str
    intended_result: str
    target_groups: list[str]
    topics: list[str]
    cost: list[tuple[str, str]] = field(default_factory=list)  # cost lines
    steps: list[str] = field(default_factory=list)  # what happens after submission
    #: Days before today of the submission and of each step (so one more than ``steps``).
    ago: tuple[int, ...] = (0,)
    program: str = INTEGRATIONSBUDGET


CASES = [
    DemoCase(
        "sprachcafe-borbeck",
        "Borbeck-Mitte",
        "Sprachcafé für Eltern",
        "Kulturbrücke Borbeck e.V.",
        "45355",
        "Ayşe Demir",
        "Eltern ohne Deutschkenntnisse finden schwer Anschluss an Kita und Schule.",
        "Neu zugewanderte Eltern in Borbeck",
        "Eltern sprechen sicherer Deutsch und kennen die Angebote im Quartier.",
        ["familien", "neuzugewanderte"],
        ["sprache", "begegnung"],
        ago=(1,),
    ),
    DemoCase(
        "naehwerkstatt-dellwig",
        "Dellwig",
        "Nähwerkstatt für Frauen",
        "Frauenforum Dellwig e.V.",
        "45357",
        "Marija Kovač",
        "Frauen mit Fluchtgeschichte sind im Stadtteil kaum sichtbar und oft allein.",
        "Frauen mit Fluchtgeschichte",
        "Ein fester Treffpunkt mit Nähkursen und Austausch.",
        ["frauen", "gefluechtete"],
        ["begegnung", "arbeit"],
        cost=[("Nähmaschinen", "1200"), ("Stoffe und Garn", "400"), ("Kursleitung", "1600")],
        steps=["start_advice", "session", "plan", "submit_application", "request_changes"],
        ago=(30, 27, 25, 22, 18, 3),
    ),
    DemoCase(
        "hausaufgaben-frintrop",
        "Frintrop",
        "Hausaufgabenhilfe in vielen Sprachen",
        "Bildungsbrücke Frintrop e.V.",
        "45359",
        "Hassan Yilmaz",
        "Kinder aus zugewanderten Familien bekommen zu Hause wenig Hilfe bei Hausaufgaben.",
        "Grundschulkinder und ihre Eltern",
        "Bessere Noten und Eltern, die mitreden können.",
        ["kinder", "familien"],
        ["bildung", "sprache"],
        cost=[("Honorare Lernbegleitung", "3200"), ("Lernmaterial", "400")],
        steps=["start_advice", "session", "plan", "submit_application"],
        ago=(24, 20, 16, 14, 6),
    ),
    DemoCase(
        "strassenfussball-altendorf",
        "Altendorf",
        "Straßenfußball-Liga Altendorf",
        "SV Altendorf 1923 e.V.",
        "45143",
        "Jonas Becker",
        "Jugendliche treffen sich abends ohne Angebot auf dem Bolzplatz; es gibt Streit.",
        "Jugendliche zwischen 12 und 18",
        "Eine faire Liga mit eigenen Regeln und Trainer*innen aus dem Stadtteil.",
        ["jugendliche"],
        ["sport", "begegnung"],
        cost=[("Trainerhonorare", "2400"), ("Bälle und Trikots", "600")],
        steps=["start_advice", "plan", "submit_application", "request_changes"],
        ago=(45, 40, 33, 30, 4),
    ),
    DemoCase(
        "garten-altenessen",
        "Altenessen-Süd",
        "Interkultureller Nachbarschaftsgarten",
        "Grüne Mitte Altenessen e.V.",
        "45326",
        "Olena Shevchenko",
        "Nachbarinnen und Nachbarn verschiedener Herkunft begegnen sich kaum.",
        "Alle im Quartier",
        "Ein Gemeinschaftsgarten, den Nachbar*innen gemeinsam pflegen.",
        ["alle"],
        ["nachbarschaft", "begegnung"],
        cost=[("Hochbeete und Erde", "1800"), ("Werkzeug", "500"), ("Fest zur Eröffnung", "300")],
        steps=["start_advice", "session", "plan", "submit_application", "approve"],
        ago=(300, 296, 292, 290, 285, 270),  # the report comes due in about a week
    ),
    DemoCase(
        "theater-katernberg",
        "Katernberg",
        "Theaterprojekt „Unser Zollverein“",
        "Bühne Katernberg e.V.",
        "45327",
        "Samira El Amrani",
        "Jugendliche erzählen selten ihre eigene Geschichte des Stadtteils.",
        "Jugendliche aus Katernberg",
        "Ein Theaterstück mit drei Aufführungen im Stadtteil.",
        ["jugendliche"],
        ["kultur"],
        cost=[("Theaterpädagogik", "2500"), ("Raummiete", "700")],
        steps=[
            "start_advice",
            "plan",
            "submit_application",
            "approve",
            "waive",
            "payout",
            "receipts",
            "submit_report",
            "accept_report",
        ],
        ago=(320, 316, 312, 308, 300, 296, 294, 92, 90, 75),
    ),
    DemoCase(
        "sozialberatung-stadtkern",
        "Stadtkern",
        "Mehrsprachige Sozialberatung",
        "Netzwerk Migration Essen e.V.",
        "45127",
        "Dimitrios Papadopoulos",
        "Viele Menschen verstehen Bescheide von Ämtern nicht.",
        "Neuzugewanderte in der Innenstadt",
        "Beratung in fünf Sprachen an zwei Tagen pro Woche.",
        ["neuzugewanderte"],
        ["beratung"],
        steps=["refer"],
        ago=(62, 55),
    ),
    DemoCase(
        "seniorentreff-steele",
        "Steele",
        "Seniorentreff international",
        "Begegnung Steele e.V.",
        "45276",
        "Fatma Aydın",
        "Ältere Migrant*innen sind einsam, seit die Kinder weggezogen sind.",
        "Senior*innen mit Migrationsgeschichte",
        "Ein wöchentlicher Treff mit Ausflügen.",
        ["senioren"],
        ["begegnung", "freizeit"],
        cost=[("Ausflüge", "2000"), ("Verpflegung", "600")],
        steps=["start_advice", "plan", "submit_application", "reject"],
        ago=(95, 90, 86, 80, 60),
    ),
    DemoCase(
        "chor-ruettenscheid",
        "Rüttenscheid",
        "Interkultureller Chor",
        "Chorgemeinschaft Rüttenscheid e.V.",
        "45130",
        "Lena Wagner",
        "Es fehlt ein Ort, an dem Menschen verschiedener Sprachen gemeinsam singen.",
        "Erwachsene aller Herkunft",
        "Ein Chor mit Liedern aus den Herkunftsländern.",
        ["alle"],
        ["kultur", "begegnung"],
    ),
]
