//! German templates.

use super::Templates;

/// German.
pub(super) const T: Templates = Templates {
    headlines: &[
        "{place}: {^org} ruft zur Zurückhaltung auf",
        "{place}: {^topic} im Mittelpunkt neuer Gespräche",
        "{person} reist nach {city}",
        "{^topic} bleibt Streitthema",
        "{^org} legt neuen Bericht vor",
        "{person}: „{^kw} hat Vorrang“",
        "{place}: Einigung nach langen Verhandlungen",
        "Fragen und Antworten: {^topic}",
        "{city}: {^kw} sorgt für Diskussionen",
    ],
    subtitles: &[
        "Die Gespräche sollen in den kommenden Tagen in {city} fortgesetzt werden.",
        "Nach Einschätzung von Fachleuten bleibt {kw} ein offener Punkt.",
        "Eine Entscheidung wird erst in einigen Wochen erwartet.",
    ],
    leads: &[
        "{person} hat {day} neue Maßnahmen angekündigt.",
        "{^org} hat {day} zu einer raschen Wiederaufnahme der Gespräche aufgerufen.",
        "Vertreter mehrerer Staaten sind {day} in {city} zusammengekommen.",
        "Im Mittelpunkt der Beratungen stand {day} {topic}.",
        "{person} hat {day} einen Plan vorgestellt, {num} Monate nach einem ersten Anlauf.",
    ],
    sentences: &[
        "Nach Angaben von Diplomaten bleibt {kw} umstritten.",
        "{person} betonte, {kw} gehöre zu den Prioritäten.",
        "Auch {kw} war Thema der Gespräche.",
        "Einen genauen Zeitplan gab es zunächst nicht.",
        "Experten erwarten, dass {kw} die Verhandlungen belasten wird.",
        "{^org} will in {num} Tagen einen neuen Bericht vorlegen.",
        "Vor Ort sorgt {kw} für Unruhe.",
        "Das Thema soll beim nächsten Treffen in {city} erneut beraten werden.",
        "Nach offiziellen Zahlen stiegen die Preise binnen eines Jahres um {pct} Prozent.",
        "{person} will in den kommenden Tagen nach {city} reisen.",
        "**{num} Prozent** der Befragten zeigten sich besorgt.",
        "Ein Sprecher wollte sich zunächst nicht äußern.",
        "Beobachter weisen darauf hin, dass {kw} und {kw} eng zusammenhängen.",
        "In {name}, einem Dorf in der Region, warten die Bewohner noch auf Einzelheiten.",
        "Den Auftrag erhielt die wenig bekannte Firma {name}.",
    ],
    quotes: &[
        "„Wir bleiben gesprächsbereit“, sagte {person}.",
        "„{^kw} duldet keinen Aufschub“, betonte {person}.",
        "„Das ist ein wichtiger Schritt für alle Seiten“, sagte ein Diplomat in {city}.",
        "„Es wird dauern, aber die Richtung stimmt“, sagte {person}.",
        "„Solche Versprechen haben wir schon oft gehört“, sagte {name} {name}, der in der Gegend unterrichtet.",
    ],
    list_intros: &["Die wichtigsten Punkte:", "Was der Entwurf vorsieht:"],
    list_items: &[
        "{^kw}",
        "ein Zeitplan über {num} Monate",
        "Mittel in Höhe von {num} Millionen Euro",
        "regelmäßige Berichte an die Geldgeber",
    ],
    closers: &[
        "Weitere Einzelheiten werden in den kommenden Tagen erwartet.",
        "Ein weiteres Treffen ist in {city} geplant.",
    ],
    days: [
        "am Montag",
        "am Dienstag",
        "am Mittwoch",
        "am Donnerstag",
        "am Freitag",
        "am Samstag",
        "am Sonntag",
    ],
};
