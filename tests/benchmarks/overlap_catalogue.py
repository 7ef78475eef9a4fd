# ruff: noqa: E501 - hand-written catalogue data, one offering text per line
"""Writes ``data/overlap_catalogue.csv``, the round-2 evaluation catalogue (issue #23).

``python -m tests.benchmarks.overlap_catalogue`` rewrites the file; the file is committed and
the evaluation reads the file, so the catalogue stays fixed unless someone reruns this.

Hand-written kinds of offering, each with several titles and descriptions in the words real
catalogues use (compounds, abbreviations such as DaZ/OGS/MSO/OT, gendered forms, typos,
long run-on texts where the activity is buried), placed in named quarters of all nine
districts of Essen (``../shared/data/essen-areas.csv``): several Sprachcafés, homework clubs,
women's breakfasts, youth and senior clubs per district, look-alikes with another purpose or
target group, and city-wide services, some with their address. An offering's id is
``kind-quarter`` (``-2`` for a second one in the same quarter), which the ideas' labels in
``data/overlap_ideas_round2.json`` name. Rotation, not randomness, picks each offering's
wording, so every variant is used.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "overlap_catalogue.csv"

# (kind, target_groups, topics, [(title, description)], [providers], [quarters]);
# "{q}" in a text is the quarter's name.
KINDS: list[tuple[str, str, str, list[tuple[str, str]], list[str], list[str]]] = [
    (
        "sprachcafe",
        "neuzugewanderte;gefluechtete;alle",
        "sprache;begegnung",
        [
            (
                "Sprachcafé {q}",
                "Offener Treff zum Deutschsprechen bei Kaffee und Tee. Ehrenamtliche unterhalten sich mit Neuzugewanderten über Alltagsthemen, ohne Anmeldung.",
            ),
            (
                "Sprachtreff {q}",
                "Wer Deutsch üben möchte, ist hier richtig: in kleinen Gesprächsrunden reden Geflüchtete und Nachbar*innen über Arbeit, Schule und Behörden.",
            ),
            (
                "Café Deutsch",
                "Jeden Donnerstag plaudern wir auf Deutsch, egal wie gut man es schon kann. Kinder dürfen mitkommen, Tee und Gebäck gibt es umsonst.",
            ),
            (
                "Sprachkaffee im Gemeindehaus",
                "Konversation in Deutsch für Menschen, die neu in Essen sind: Sprachpat:innen begleiten die Gespräche, alle Niveaus willkommen.",
            ),
            (
                "Internationaler Gesprächskreis",
                "Der Kreis trifft sich im Stadtteilzentrum {q}, um gemeinsam Deutsch zu sprechen, Fragen zum Alltag zu klären und sich kennenzulernen; angefangen hat er 2016 mit Geflüchteten aus der Unterkunft an der Hauptstraße, heute kommen Zugewanderte aus vielen Ländern.",
            ),
        ],
        [
            "Evangelische Kirchengemeinde {q}",
            "Caritas Essen",
            "Nachbarschaftsverein {q} e.V.",
            "MSO Brücke e.V.",
        ],
        [
            "Stadtkern",
            "Nordviertel",
            "Rüttenscheid",
            "Bergerhausen",
            "Altendorf",
            "Holsterhausen",
            "Borbeck-Mitte",
            "Dellwig",
            "Altenessen-Süd",
            "Karnap",
            "Katernberg",
            "Stoppenberg",
            "Steele",
            "Horst",
            "Kupferdreh",
            "Überruhr-Hinsel",
            "Werden",
            "Kettwig",
        ],
    ),
    (
        "deutschkurs",
        "neuzugewanderte;frauen",
        "sprache;bildung",
        [
            (
                "DaZ-Kurs für Frauen",
                "Deutsch als Zweitsprache mit Lehrbuch und Prüfungsvorbereitung A1 bis B1, vormittags, mit Kinderbetreuung.",
            ),
            (
                "Alphabetisierungskurs {q}",
                "Lesen und Schreiben lernen in lateinischer Schrift für Erwachsene, die keine Schule besuchen konnten. Kleine Gruppe, feste Anmeldung.",
            ),
            (
                "Deutschkurs am Vormittag",
                "Ein Integrationskurs-Vorbereitungskurs: Grammatik, Wortschatz und Hörverstehen in vier Wochenstunden für Zugewanderte.",
            ),
        ],
        ["VHS Essen", "Bildungswerk {q}", "Frauenzentrum {q}"],
        [
            "Ostviertel",
            "Rellinghausen",
            "Frohnhausen",
            "Bochold",
            "Altenessen-Nord",
            "Schonnebeck",
            "Kray",
            "Burgaltendorf",
            "Heidhausen",
        ],
    ),
    (
        "hausaufgaben",
        "kinder",
        "bildung",
        [
            (
                "Hausaufgabenhilfe {q}",
                "Schülerinnen und Schüler der Klassen 1 bis 4 bekommen nachmittags Unterstützung bei Hausaufgaben und beim Lesen, betreut von Lehramtsstudierenden.",
            ),
            (
                "Lernstube {q}",
                "Nach der Schule machen Grundschulkinder hier ihre Hausaufgaben, üben Lesen und Rechnen und bekommen einen kleinen Snack.",
            ),
            (
                "Hausaufgabenbetreuung in der OGS",
                "Ehrenamtliche Lernpat*innen helfen Kindern aus dem offenen Ganztag bei den Schulaufgaben, besonders Kindern mit DaZ-Förderbedarf.",
            ),
            (
                "Hausafgabenhilfe für Grundschüler",
                "Montag bis Donnerstag von 14 bis 16 Uhr helfen Rentner:innen aus der Gemeinde bei den Hausaufgaben, kostenlos und ohne Anmeldung.",
            ),
        ],
        [
            "Jugendhilfe Essen gGmbH",
            "Kinderschutzbund Essen",
            "Förderverein Grundschule {q}",
            "AWO {q}",
        ],
        [
            "Nordviertel",
            "Westviertel",
            "Rellinghausen",
            "Stadtwald",
            "Altendorf",
            "Frohnhausen",
            "Dellwig",
            "Frintrop",
            "Altenessen-Nord",
            "Vogelheim",
            "Katernberg",
            "Schonnebeck",
            "Kray",
            "Freisenbruch",
            "Überruhr-Holthausen",
            "Heisingen",
            "Kettwig",
            "Schuir",
        ],
    ),
    (
        "nachhilfe",
        "jugendliche",
        "bildung",
        [
            (
                "Nachhilfe für Jugendliche",
                "Schülerinnen und Schüler weiterführender Schulen bekommen kostenlose Nachhilfe in Mathe, Deutsch und Englisch, auch zur Prüfungsvorbereitung.",
            ),
            (
                "Lerncafé {q}",
                "Jugendliche ab Klasse 7 lernen hier in Ruhe, Studierende helfen bei Referaten, Bewerbungen für Praktika und Klassenarbeiten.",
            ),
        ],
        ["Jugendhilfe Essen gGmbH", "Stadtteilbüro {q}"],
        [
            "Südviertel",
            "Rüttenscheid",
            "Holsterhausen",
            "Borbeck-Mitte",
            "Altenessen-Süd",
            "Stoppenberg",
            "Steele",
            "Kupferdreh",
            "Werden",
        ],
    ),
    (
        "frauenfruehstueck",
        "frauen",
        "begegnung;nachbarschaft",
        [
            (
                "Internationales Frauenfrühstück {q}",
                "Frauen aus allen Ländern treffen sich zum gemeinsamen Frühstück und Austausch. Kinderbetreuung ist vorhanden.",
            ),
            (
                "Frauentreff {q}",
                "Ein geschützter Raum nur für Frauen: Gespräche, Ausflüge und Informationen zu Gesundheit, Schule und Behörden, mit Sprachmittlerinnen.",
            ),
            (
                "Frauencafé",
                "Jeden Mittwoch Vormittag Kaffee, Gespräche und Kreatives für Frauen mit und ohne Migrationsgeschichte; Babys dürfen mit.",
            ),
            (
                "Mütter-Frühstück",
                "Mütter aus der Nachbarschaft frühstücken zusammen, tauschen sich über Erziehung und Kita aus und lernen sich kennen.",
            ),
        ],
        [
            "Stadtteilbüro {q}",
            "Frauenzentrum Essen e.V.",
            "Diakoniewerk Essen",
            "Moscheegemeinde {q}",
        ],
        [
            "Ostviertel",
            "Südostviertel",
            "Bergerhausen",
            "Frohnhausen",
            "Fulerum",
            "Borbeck-Mitte",
            "Bergeborbeck",
            "Karnap",
            "Altenessen-Nord",
            "Katernberg",
            "Freisenbruch",
            "Leithe",
            "Burgaltendorf",
            "Byfang",
            "Kettwig",
            "Fischlaken",
            "Stoppenberg",
            "Huttrop",
        ],
    ),
    (
        "jugendtreff",
        "jugendliche",
        "freizeit;begegnung",
        [
            (
                "Jugendtreff {q}",
                "Offene Tür für Jugendliche von 12 bis 18 Jahren mit Kicker, Musik, Kochabenden und Ansprechpersonen.",
            ),
            (
                "OT {q}",
                "Die Offene Tür ist nachmittags für alle Jugendlichen offen: Billard, Playstation, Hausaufgabenplatz und Beratung bei Stress mit Schule oder Eltern.",
            ),
            (
                "Jugendcafé",
                "Ein Treffpunkt für junge Leute ab 14 mit günstigen Snacks, Turnieren und Ausflügen, geleitet von Sozialarbeiter*innen.",
            ),
            (
                "Jugendzentrum {q}",
                "Freizeit für Teenies: Tanz, Graffiti, Sport und ein offenes Ohr. Ferienprogramm in allen Schulferien.",
            ),
        ],
        [
            "Jugendzentrum Essen",
            "Katholische Jugend {q}",
            "Falken Essen",
            "Jugendhilfe Essen gGmbH",
        ],
        [
            "Westviertel",
            "Frillendorf",
            "Stadtwald",
            "Haarzopf",
            "Margarethenhöhe",
            "Bergeborbeck",
            "Gerschede",
            "Vogelheim",
            "Altenessen-Süd",
            "Katernberg",
            "Horst",
            "Leithe",
            "Kupferdreh",
            "Byfang",
            "Werden",
            "Bredeney",
            "Schonnebeck",
            "Rellinghausen",
        ],
    ),
    (
        "seniorentreff",
        "senioren",
        "begegnung;freizeit",
        [
            (
                "Seniorentreff {q}",
                "Kaffee, Kuchen und Gesellschaft für ältere Menschen aus dem Stadtteil, mit Gedächtnistraining und Ausflügen.",
            ),
            (
                "Seniorencafé",
                "Ältere Nachbar*innen treffen sich zu Gesprächen, Spielen und Vorträgen; ein Fahrdienst holt ab, wer schlecht zu Fuß ist.",
            ),
            (
                "Begegnungsstätte {q}",
                "Die Begegnungsstätte der AWO ist Treffpunkt für Seniorinnen und Senioren: Skat, Singkreis, Mittagstisch und Gymnastik.",
            ),
            (
                "Erzählcafé für Ältere",
                "Menschen im Ruhestand erzählen aus ihrem Leben, bei Kaffee und Kuchen, auch ältere Migrantinnen und Migranten sind herzlich eingeladen.",
            ),
        ],
        ["AWO {q}", "Seniorenbeirat Essen", "Caritas Essen", "Evangelische Kirchengemeinde {q}"],
        [
            "Südostviertel",
            "Huttrop",
            "Bergerhausen",
            "Rüttenscheid",
            "Holsterhausen",
            "Fulerum",
            "Schönebeck",
            "Bedingrade",
            "Karnap",
            "Vogelheim",
            "Stoppenberg",
            "Schonnebeck",
            "Steele",
            "Freisenbruch",
            "Heisingen",
            "Überruhr-Hinsel",
            "Bredeney",
            "Heidhausen",
        ],
    ),
    (
        "digital-senioren",
        "senioren",
        "bildung",
        [
            (
                "Sprachcafé 60+",
                "Ältere lernen hier, ihr Smartphone zu bedienen: WhatsApp, Videoanrufe mit den Enkeln, Fahrpläne und Online-Termine beim Bürgeramt.",
            ),
            (
                "Handy-Sprechstunde für Senioren",
                "Ehrenamtliche Digitalbegleiter*innen erklären Älteren Smartphone und Tablet, geduldig und Schritt für Schritt.",
            ),
            (
                "Computertreff Ü60",
                "Internet, E-Mail und Fotos am PC: ein Kurs für Menschen ab 60 in kleinen Gruppen.",
            ),
        ],
        ["Seniorenbeirat Essen", "Stadtbibliothek Essen", "AWO {q}"],
        [
            "Stadtkern",
            "Rüttenscheid",
            "Margarethenhöhe",
            "Borbeck-Mitte",
            "Altenessen-Süd",
            "Katernberg",
            "Steele",
            "Kupferdreh",
            "Werden",
        ],
    ),
    (
        "eltern-kind",
        "familien;kinder",
        "bildung;begegnung",
        [
            (
                "Eltern-Kind-Gruppe {q}",
                "Eltern mit Kindern bis drei Jahren spielen, singen und tauschen sich aus; eine Fachkraft beantwortet Fragen zu Entwicklung und Kita.",
            ),
            (
                "Krabbelgruppe",
                "Mütter und Väter mit Babys und Kleinkindern treffen sich zum Spielen und Kennenlernen, Tee für die Großen.",
            ),
            (
                "Kita-Einstieg {q}",
                "Spielgruppe für Kinder ohne Kitaplatz und ihre Eltern, die das Kita-System noch nicht kennen; Brückenprojekt des Landes.",
            ),
        ],
        ["Familienzentrum {q}", "Kinderschutzbund Essen", "Katholische Familienbildungsstätte"],
        [
            "Nordviertel",
            "Südviertel",
            "Altendorf",
            "Bedingrade",
            "Altenessen-Nord",
            "Katernberg",
            "Kray",
            "Heisingen",
            "Fischlaken",
        ],
    ),
    (
        "sozialberatung",
        "neuzugewanderte;gefluechtete",
        "beratung",
        [
            (
                "Sozialberatung {q}",
                "Hilfe bei Anträgen, Briefen vom Jobcenter und Behördenpost, Beratung zu Bürgergeld und Wohngeld, in Deutsch, Arabisch und Türkisch.",
            ),
            (
                "Anlaufstelle Integration {q}",
                "Offene Sprechstunde für Zugewanderte: wir helfen beim Ausfüllen von Formularen, erklären Behördenbriefe und vermitteln weiter.",
            ),
        ],
        ["Diakoniewerk Essen", "Caritas Essen", "Stadtteilbüro {q}"],
        [
            "Westviertel",
            "Bergerhausen",
            "Frohnhausen",
            "Borbeck-Mitte",
            "Altenessen-Süd",
            "Katernberg",
            "Steele",
            "Kupferdreh",
            "Kettwig",
        ],
    ),
    (
        "fahrradwerkstatt",
        "alle",
        "freizeit;nachbarschaft",
        [
            (
                "Fahrradwerkstatt {q}",
                "Gemeinsam Fahrräder reparieren: Werkzeug und Ersatzteile sind da, Ehrenamtliche zeigen, wie es geht.",
            ),
            (
                "Radschrauber-Treff",
                "Selbsthilfewerkstatt fürs Rad: Schlauch flicken, Bremsen einstellen, gespendete Räder für Geflüchtete herrichten.",
            ),
        ],
        ["ADFC Essen", "Nachbarschaftsverein {q} e.V."],
        ["Frillendorf", "Holsterhausen", "Frintrop", "Altenessen-Nord", "Werden"],
    ),
    (
        "repaircafe",
        "alle",
        "nachbarschaft",
        [
            (
                "Repair-Café {q}",
                "Kaputte Toaster, Lampen und Kleidung gemeinsam reparieren statt wegwerfen; Fachleute aus der Nachbarschaft helfen.",
            ),
            (
                "Reparaturcafé",
                "Einmal im Monat reparieren Ehrenamtliche Elektrogeräte, Spielzeug und Textilien, bei Kaffee und Kuchen.",
            ),
        ],
        ["Nachbarschaftsverein {q} e.V.", "Evangelische Kirchengemeinde {q}"],
        ["Südviertel", "Stadtwald", "Frintrop", "Karnap", "Kray", "Byfang"],
    ),
    (
        "fussball",
        "jugendliche;kinder",
        "sport",
        [
            (
                "Fußball für alle Kids",
                "Offenes Fußballtraining für Kinder und Jugendliche aus dem Stadtteil, auch ohne Vereinsmitgliedschaft, Schuhe werden gestellt.",
            ),
            (
                "Kicken im Park",
                "Jeden Freitag kicken Jugendliche unter Anleitung eines Trainers auf dem Bolzplatz; viele Spieler kamen als Geflüchtete.",
            ),
        ],
        ["SV {q}", "Sportjugend Essen"],
        ["Ostviertel", "Fulerum", "Bochold", "Vogelheim", "Schonnebeck", "Horst"],
    ),
    (
        "schwimmkurs",
        "kinder",
        "sport",
        [
            (
                "Schwimmkurs für Kinder",
                "Seepferdchen-Kurs für Kinder von 6 bis 10 Jahren, die noch nicht schwimmen können, im Hallenbad.",
            ),
            (
                "Schwimmen lernen",
                "Nichtschwimmer-Kurs für Grundschulkinder in den Ferien, kostenlos für Familien mit Essen-Pass.",
            ),
        ],
        ["DLRG Essen", "Sportjugend Essen"],
        ["Rüttenscheid", "Bochold", "Altenessen-Süd", "Steele", "Heisingen"],
    ),
    (
        "boxen",
        "jugendliche",
        "sport",
        [
            (
                "Boxtraining für Jugendliche",
                "Boxen als Ausgleich: Training zweimal die Woche, Regeln, Respekt und Fairness, mit Gesprächen über Schule und Zukunft.",
            ),
            (
                "Kampfsport-Gruppe",
                "Selbstverteidigung und Kickboxen für Jugendliche ab 13, Mädchen und Jungen in getrennten Gruppen.",
            ),
        ],
        ["Boxclub {q}", "Sportjugend Essen"],
        ["Altendorf", "Altenessen-Nord", "Katernberg", "Freisenbruch"],
    ),
    (
        "garten",
        "alle",
        "nachbarschaft;begegnung",
        [
            (
                "Interkultureller Garten {q}",
                "Familien aus vielen Ländern bewirtschaften gemeinsam Beete, ernten Gemüse und feiern im Sommer ein Gartenfest.",
            ),
            (
                "Gemeinschaftsgarten",
                "Urban Gardening auf der Brache: Hochbeete für alle, die mitmachen wollen, Gartengeräte werden gestellt.",
            ),
        ],
        ["Grün und Gruga", "Nachbarschaftsverein {q} e.V.", "MSO Brücke e.V."],
        ["Huttrop", "Margarethenhöhe", "Frintrop", "Karnap", "Katernberg", "Überruhr-Holthausen"],
    ),
    (
        "kochtreff",
        "alle",
        "begegnung;kultur",
        [
            (
                "Internationaler Kochtreff",
                "Einmal im Monat kochen Nachbar*innen Gerichte aus ihrer Heimat, tauschen Rezepte und essen gemeinsam.",
            ),
            (
                "Koch-Abend {q}",
                "Gemeinsam kochen und essen: jedes Mal stellt eine andere Familie ein Rezept aus ihrem Herkunftsland vor.",
            ),
        ],
        ["Stadtteilbüro {q}", "Kulturverein {q}"],
        ["Stadtkern", "Holsterhausen", "Schönebeck", "Stoppenberg", "Horst", "Kettwig"],
    ),
    (
        "naehcafe",
        "frauen",
        "begegnung;kultur",
        [
            (
                "Nähcafé {q}",
                "Frauen nähen, stricken und ändern Kleidung gemeinsam, Nähmaschinen stehen bereit, Anfängerinnen willkommen.",
            ),
            (
                "Nähwerkstatt für Frauen",
                "Eine Schneiderin zeigt, wie man Schnittmuster liest und Kleidung näht; nebenbei wird viel erzählt.",
            ),
        ],
        ["Frauenzentrum Essen e.V.", "Diakoniewerk Essen"],
        ["Nordviertel", "Gerschede", "Altenessen-Süd", "Burgaltendorf", "Kray"],
    ),
    (
        "chor",
        "alle",
        "kultur;begegnung",
        [
            (
                "Chor der Kulturen",
                "Wir singen Lieder aus aller Welt in vielen Sprachen, Notenkenntnisse sind nicht nötig.",
            ),
            (
                "Interkultureller Singkreis",
                "Gemeinsam singen, trommeln und Musik machen mit Menschen aus der ganzen Welt, jeden Dienstagabend.",
            ),
        ],
        ["Kulturverein {q}", "Musikschule Essen"],
        ["Rüttenscheid", "Werden", "Borbeck-Mitte", "Steele"],
    ),
    (
        "theater",
        "jugendliche",
        "kultur",
        [
            (
                "Theatergruppe {q}",
                "Jugendliche entwickeln eigene Theaterstücke über ihr Leben zwischen zwei Kulturen und führen sie im Stadtteil auf.",
            ),
            (
                "Jugendtheater",
                "Schauspiel, Improvisation und Bühnenbild für junge Leute von 14 bis 21, Aufführung am Ende der Saison.",
            ),
        ],
        ["Theaterwerkstatt Essen", "Katholische Jugend {q}"],
        ["Katernberg", "Frohnhausen", "Kupferdreh"],
    ),
    (
        "bewerbung",
        "neuzugewanderte;jugendliche",
        "arbeit;beratung",
        [
            (
                "Bewerbungswerkstatt {q}",
                "Hilfe bei Lebenslauf, Anschreiben und Vorstellungsgespräch, für Jugendliche und Erwachsene mit Migrationsgeschichte.",
            ),
            (
                "Job-Café",
                "Offene Sprechstunde rund um Jobsuche, Ausbildung und Praktikum; wir üben Vorstellungsgespräche und schreiben Bewerbungen.",
            ),
        ],
        ["Neue Arbeit der Diakonie", "Jobcenter-Partner {q}"],
        ["Frohnhausen", "Altenessen-Nord", "Steele", "Nordviertel", "Borbeck-Mitte"],
    ),
    (
        "lesepaten",
        "kinder",
        "bildung;sprache",
        [
            (
                "Lesepaten {q}",
                "Ehrenamtliche lesen mit Grundschulkindern in kleinen Gruppen, damit sie Freude am Lesen finden.",
            ),
            (
                "Vorlesestunde in der Bücherei",
                "Jeden Samstag wird vorgelesen, in Deutsch und einer zweiten Sprache; Kinder von 4 bis 8.",
            ),
        ],
        ["Stadtbibliothek Essen", "Bürgerstiftung Essen"],
        ["Stadtkern", "Holsterhausen", "Dellwig", "Karnap", "Steele"],
    ),
    (
        "lauftreff",
        "alle",
        "sport;gesundheit",
        [
            (
                "Lauftreff {q}",
                "Gemeinsam joggen für Anfänger*innen und Fortgeschrittene, zweimal pro Woche am Abend.",
            ),
            (
                "Wandergruppe",
                "Samstags wandern wir durch Essen und das Ruhrtal, Neuzugewanderte lernen dabei die Stadt kennen.",
            ),
        ],
        ["Sportverein {q}", "Sauerländischer Gebirgsverein"],
        ["Stadtwald", "Heidhausen", "Schuir", "Bredeney"],
    ),
    (
        "tafel",
        "alle",
        "nachbarschaft",
        [
            (
                "Tafel-Ausgabe {q}",
                "Lebensmittelausgabe für Menschen mit wenig Geld, donnerstags, Berechtigungsnachweis mitbringen.",
            ),
        ],
        ["Essener Tafel e.V."],
        ["Borbeck-Mitte", "Altendorf", "Steele", "Katernberg"],
    ),
    (
        "maedchentreff",
        "jugendliche;frauen",
        "freizeit;begegnung",
        [
            (
                "Mädchentreff {q}",
                "Ein Raum nur für Mädchen von 10 bis 16: Tanzen, Basteln, Reden über alles, was sie bewegt.",
            ),
            (
                "Mädchencafé",
                "Jeden Montag gehört das Jugendhaus den Mädchen, mit Workshops zu Selbstbehauptung und Berufswahl.",
            ),
        ],
        ["Jugendzentrum Essen", "Mädchenhaus Essen"],
        ["Altendorf", "Altenessen-Nord", "Kray", "Bergeborbeck"],
    ),
    (
        "elterncafe",
        "familien",
        "bildung;begegnung",
        [
            (
                "Elterncafé an der Grundschule {q}",
                "Eltern treffen sich morgens nach dem Bringen in der Schule, Fragen zu Schule, Zeugnissen und Elternabend werden geklärt.",
            ),
            (
                "Familiencafé {q}",
                "Offener Treff für Familien am Nachmittag mit Spielecke, Erziehungsberatung und Infos zu Kita und Schule.",
            ),
        ],
        ["Familienzentrum {q}", "Schulsozialarbeit {q}"],
        ["Westviertel", "Frohnhausen", "Dellwig", "Vogelheim", "Stoppenberg", "Horst"],
    ),
    (
        "patenschaft",
        "neuzugewanderte;gefluechtete",
        "begegnung;ehrenamt",
        [
            (
                "Integrationslotsen {q}",
                "Ehrenamtliche Lotsinnen und Lotsen begleiten neu Zugewanderte in den ersten Monaten: Wege in der Stadt, Ämter, Vereine.",
            ),
            (
                "Patenschaften für Neuzugewanderte",
                "Eine Patin oder ein Pate aus dem Stadtteil hilft einer zugewanderten Familie, sich zurechtzufinden, ein Jahr lang.",
            ),
        ],
        ["Caritas Essen", "Bürgerverein {q}"],
        ["Südostviertel", "Haarzopf", "Gerschede", "Karnap", "Katernberg", "Leithe"],
    ),
    (
        "sportverein",
        "kinder;gefluechtete",
        "sport;begegnung",
        [
            (
                "Kinder in den Sportverein",
                "Wir vermitteln Kinder aus zugewanderten Familien in Sportvereine, zahlen den ersten Jahresbeitrag und begleiten zum ersten Training.",
            ),
            (
                "Sport für Kinder aus der Unterkunft",
                "Turnen, Ballspiele und Bewegung für Kinder aus der Flüchtlingsunterkunft, zweimal in der Woche in der Schulturnhalle.",
            ),
        ],
        ["Sportjugend Essen", "TuS {q}"],
        ["Südviertel", "Haarzopf", "Schönebeck", "Karnap", "Kupferdreh"],
    ),
    (
        "stadtteilfest",
        "alle",
        "nachbarschaft;kultur",
        [
            (
                "Interkulturelles Stadtteilfest {q}",
                "Einmal im Jahr feiert der Stadtteil mit Musik, Essen aus vielen Ländern und Ständen der Vereine.",
            ),
        ],
        ["Stadtteilbüro {q}", "Interessengemeinschaft {q}"],
        ["Frillendorf", "Bergerhausen", "Bochold", "Kray"],
    ),
    (
        "mietertreff",
        "familien;alle",
        "wohnen;nachbarschaft",
        [
            (
                "Mietertreff {q}",
                "Mieterinnen und Mieter der Siedlung besprechen Probleme mit Heizung, Müll und Nachbarschaft, die Wohnungsgesellschaft ist dabei.",
            ),
        ],
        ["Mieterverein Essen", "Quartiersmanagement {q}"],
        ["Altendorf", "Altenessen-Süd", "Freisenbruch"],
    ),
    # Look-alikes: the same words, another purpose or other people.
    (
        "lookalike",
        "",
        "",
        [
            (
                "Frühstück für Wohnungslose",
                "Jeden Morgen ein warmes Frühstück, Duschen und Kleiderkammer für Menschen ohne Wohnung.",
            ),
            (
                "Deutsch-Türkischer Unternehmerstammtisch",
                "Selbstständige und Gründer treffen sich zum Netzwerken, Vorträge zu Steuern und Finanzierung.",
            ),
            (
                "Kochkurs für Menschen mit Diabetes",
                "Gesund kochen bei Diabetes: Ernährungsberaterinnen der Krankenkasse zeigen Rezepte, Anmeldung nötig.",
            ),
            (
                "Hausaufgaben-Sprechstunde für Lehrkräfte",
                "Fortbildung für Lehrerinnen und Lehrer: wie gestalte ich Hausaufgaben für mehrsprachige Klassen?",
            ),
            (
                "Sprachcafé Englisch",
                "Konversation auf Englisch für Berufstätige, die ihr Business-Englisch auffrischen wollen.",
            ),
            (
                "Seniorenfußball Walking Football",
                "Gehfußball für Männer ab 60, ohne Rennen und ohne Zweikampf, im Sportpark.",
            ),
            (
                "Jugendtreff-Leitung: Fortbildung",
                "Qualifizierung für Ehrenamtliche, die einen Jugendtreff leiten wollen: Recht, Aufsicht und Konflikte.",
            ),
            (
                "Krabbelgruppe für Senioren-Hunde",
                "Ein Treff für Halterinnen und Halter älterer Hunde: Spaziergänge, Tierarzt-Tipps und Austausch.",
            ),
        ],
        [
            "Suppenküche Essen",
            "Unternehmerverein Ruhr",
            "AOK Rheinland",
            "Lehrerfortbildung NRW",
            "Englischclub Essen",
            "Sportpark {q}",
            "Jugendring Essen",
            "Hundefreunde {q}",
        ],
        [
            "Stadtkern",
            "Rüttenscheid",
            "Holsterhausen",
            "Borbeck-Mitte",
            "Altenessen-Süd",
            "Katernberg",
            "Steele",
            "Werden",
        ],
    ),
]

#: Look-alikes' groups and topics, by title (tags as a catalogue would give them).
LOOKALIKE_TAGS = {
    "Frühstück für Wohnungslose": ("alle", "gesundheit;nachbarschaft"),
    "Deutsch-Türkischer Unternehmerstammtisch": ("alle", "arbeit"),
    "Kochkurs für Menschen mit Diabetes": ("alle", "gesundheit"),
    "Hausaufgaben-Sprechstunde für Lehrkräfte": ("", "bildung"),
    "Sprachcafé Englisch": ("alle", "sprache"),
    "Seniorenfußball Walking Football": ("senioren", "sport"),
    "Jugendtreff-Leitung: Fortbildung": ("", "ehrenamt"),
    "Krabbelgruppe für Senioren-Hunde": ("senioren", "freizeit"),
}

# City-wide services: (id, title, description, provider, groups, topics, location quarter).
CITYWIDE = [
    (
        "mbe-caritas",
        "Migrationsberatung für Erwachsene (MBE)",
        "Beratung für Zugewanderte ab 27 zu Aufenthalt, Integrationskurs, Arbeit, Wohnen und Behördenpost, in mehreren Sprachen.",
        "Caritas Essen",
        "neuzugewanderte",
        "beratung",
        "Stadtkern",
    ),
    (
        "jmd-essen",
        "Jugendmigrationsdienst (JMD)",
        "Junge Zugewanderte von 12 bis 27 Jahren bekommen Beratung zu Schule, Ausbildung und Beruf, dazu Gruppenangebote.",
        "IN VIA Essen",
        "jugendliche;neuzugewanderte",
        "beratung;bildung",
        "Altendorf",
    ),
    (
        "dolmetscherpool",
        "Dolmetscherpool Essen",
        "Ehrenamtliche Sprachmittlerinnen und Sprachmittler begleiten zu Ärzten, Schulen und Ämtern, über 40 Sprachen.",
        "Kommunales Integrationszentrum",
        "neuzugewanderte;gefluechtete",
        "sprache;beratung",
        "",
    ),
    (
        "ehrenamtsagentur",
        "Ehrenamtsagentur Essen",
        "Wer sich engagieren möchte, findet hier passende Einsatzstellen; Vereine finden Freiwillige.",
        "Ehrenamtsagentur Essen e.V.",
        "alle",
        "ehrenamt",
        "Stadtkern",
    ),
    (
        "antidiskriminierung",
        "Antidiskriminierungsberatung",
        "Beratung bei rassistischer Diskriminierung in Schule, Arbeit, Wohnungssuche und Behörden, vertraulich.",
        "Kommunales Integrationszentrum",
        "alle",
        "beratung",
        "",
    ),
    (
        "frauenberatung",
        "Beratung für Frauen mit Fluchtgeschichte",
        "Psychosoziale Beratung und Begleitung für geflüchtete Frauen, mit Dolmetscherinnen.",
        "Frauenberatung Essen",
        "frauen;gefluechtete",
        "beratung;gesundheit",
        "Südviertel",
    ),
    (
        "anerkennung",
        "Anerkennungsberatung für ausländische Berufsabschlüsse",
        "Wir prüfen mit Ihnen, wie Ihr Abschluss aus dem Ausland in Deutschland anerkannt werden kann.",
        "IQ Netzwerk NRW",
        "neuzugewanderte",
        "arbeit;beratung",
        "Stadtkern",
    ),
    (
        "wohnungssuche",
        "Wohnraumbörse für Geflüchtete",
        "Hilfe bei der Wohnungssuche, Vermittlung an Vermieter, Erklärung von Mietverträgen.",
        "Diakoniewerk Essen",
        "gefluechtete;familien",
        "wohnen;beratung",
        "",
    ),
    (
        "gesundheitslotsen",
        "Gesundheitslots*innen",
        "Geschulte Lotsinnen erklären das Gesundheitssystem und begleiten zu Arztterminen, in vielen Sprachen.",
        "Gesundheitsamt Essen",
        "neuzugewanderte",
        "gesundheit;beratung",
        "",
    ),
    (
        "kulturpaten",
        "Kulturpatenschaften",
        "Ehrenamtliche Kulturpaten besuchen mit Neuzugewanderten Museen, Theater und Konzerte in ganz Essen.",
        "Kulturbüro Essen",
        "neuzugewanderte;alle",
        "kultur;begegnung",
        "",
    ),
    (
        "familienbildung-online",
        "Elternkurs online",
        "Ein Online-Elternkurs in Arabisch, Türkisch und Ukrainisch zu Erziehung, Schule und Kita in Deutschland.",
        "Familienbildungsstätte Essen",
        "familien",
        "bildung;beratung",
        "",
    ),
    (
        "schwimmen-frauen",
        "Schwimmkurs für Frauen",
        "Schwimmen lernen in geschützter Atmosphäre, nur Frauen, weibliche Trainerinnen, Burkini erlaubt.",
        "DLRG Essen",
        "frauen",
        "sport;gesundheit",
        "Holsterhausen",
    ),
    (
        "schuldnerberatung",
        "Schuldnerberatung",
        "Kostenlose Beratung bei Schulden, Pfändung und Mahnungen, mit Terminvergabe.",
        "Verbraucherzentrale Essen",
        "alle",
        "beratung",
        "Stadtkern",
    ),
    (
        "seniorenberatung",
        "Seniorenberatung der Stadt",
        "Beratung zu Pflege, Wohnen im Alter und Hilfen im Haushalt für ältere Menschen und Angehörige.",
        "Stadt Essen, Amt für Soziales",
        "senioren",
        "beratung;gesundheit",
        "Stadtkern",
    ),
    (
        "ukraine-hilfe",
        "Anlaufstelle Ukraine",
        "Sozialberatung für Schutzsuchende aus der Ukraine: Anträge, Schule, Arbeit und Wohnen.",
        "Caritas Essen",
        "gefluechtete",
        "beratung",
        "Ostviertel",
    ),
    (
        "deutsch-online",
        "Deutsch lernen online mit Begleitung",
        "Ein digitaler Sprachkurs mit wöchentlichem Videotreffen für Zugewanderte, die keinen Kursplatz bekommen.",
        "VHS Essen",
        "neuzugewanderte",
        "sprache;bildung",
        "",
    ),
]

HEADER = [
    "external_id",
    "title",
    "description",
    "provider",
    "quarter",
    "target_groups",
    "topics",
    "citywide",
    "schedule",
    "address",
]
SCHEDULES = [
    "dienstags 16-18 Uhr",
    "Mo-Do 14-16 Uhr",
    "jeden 1. Mittwoch 9:30 Uhr",
    "freitags 15-19 Uhr",
    "donnerstags 10-12 Uhr",
]


def slug(text: str) -> str:
    folded = text.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def rows() -> list[list[str]]:
    out: list[list[str]] = []
    seen: set[str] = set()
    for kind, groups, topics, texts, providers, quarters in KINDS:
        for index, quarter in enumerate(quarters):
            title, description = texts[index % len(texts)]
            provider = providers[index % len(providers)]
            kind_groups, kind_topics = groups, topics
            if kind == "lookalike":
                kind_groups, kind_topics = LOOKALIKE_TAGS[title]
            ident = f"{kind}-{slug(quarter)}"
            if ident in seen:
                ident += "-2"
            seen.add(ident)
            out.append(
                [
                    ident,
                    title.format(q=quarter),
                    description.format(q=quarter),
                    provider.format(q=quarter),
                    quarter,
                    kind_groups,
                    kind_topics,
                    "no",
                    SCHEDULES[index % len(SCHEDULES)],
                    "",
                ]
            )
    for ident, title, description, provider, groups, topics, quarter in CITYWIDE:
        address = f"Beispielstraße {len(ident)}, Essen" if quarter else ""
        out.append(
            [ident, title, description, provider, quarter, groups, topics, "yes", "", address]
        )
    return out


def main() -> None:
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows())
    print(f"{OUT.name}: {len(rows())} offerings")


if __name__ == "__main__":
    main()
