//! French templates.

use super::Templates;

/// French.
pub(super) const T: Templates = Templates {
    headlines: &[
        "{place} : {org} appelle à la retenue",
        "{place} : nouvelles discussions sur {topic}",
        "{person} {g:attendu|attendue} à {city} pour des discussions sur {topic}",
        "{place} : {topic} au cœur des débats",
        "{org} publie un rapport sur {kw}",
        "{person} : « {^kw} doit rester une priorité »",
        "{place} : un accord trouvé sur {kw}",
        "Ce qu'il faut savoir sur {topic}",
        "{city} : {org} réunit les acteurs du dossier",
    ],
    subtitles: &[
        "Les discussions, ouvertes {day}, doivent se poursuivre à {city}.",
        "{org} estime que {kw} reste une priorité.",
        "Aucune décision n'est attendue avant plusieurs semaines.",
    ],
    leads: &[
        "{person} a annoncé {day} de nouvelles mesures sur {topic}, selon un communiqué publié à {city}.",
        "{org} a appelé {day} à une reprise rapide du dialogue sur {topic}.",
        "Les représentants de plusieurs pays se sont réunis {day} à {city} pour discuter de l'avenir du dossier.",
        "{day}, {topic} était au centre des échanges entre {org} et les autorités locales.",
        "{person} a présenté {day} un plan consacré à {kw}, {num} mois après une première tentative.",
    ],
    sentences: &[
        "Selon {org}, {kw} reste une question sensible.",
        "{person} a rappelé que {kw} faisait partie des priorités.",
        "Les discussions ont également porté sur {kw}.",
        "Aucun calendrier précis n'a été annoncé.",
        "Plusieurs experts jugent que {kw} pèsera sur les négociations.",
        "{org} doit publier un nouveau rapport dans {num} jours.",
        "Sur place, {kw} suscite des inquiétudes.",
        "Le sujet sera de nouveau abordé lors de la prochaine réunion à {city}.",
        "D'après des chiffres officiels, les prix ont augmenté de {pct} % sur un an.",
        "Pour l'instant, personne ne remet en cause {kw}.",
        "{person} doit se rendre à {city} dans les prochains jours.",
        "**{num} %** des personnes interrogées se disent préoccupées par {kw}.",
        "Un porte-parole n'a pas souhaité faire de commentaire.",
        "Les observateurs soulignent que {kw} et {kw} restent liés.",
        "À {name}, un village de la région, les habitants disent attendre toujours des précisions.",
        "Le contrat a été attribué à la société {name}, peu connue du grand public.",
    ],
    quotes: &[
        "« Nous restons ouverts au dialogue », a déclaré {person}.",
        "« {^kw} ne peut plus attendre », a insisté {person}.",
        "« C'est une étape importante pour tout le monde », selon un diplomate en poste à {city}.",
        "« Il faudra du temps, mais la direction est la bonne », a estimé {person}.",
        "« Nous avons déjà entendu ces promesses », a déclaré {name} {name}, qui enseigne dans la région.",
    ],
    list_intros: &["Les principaux points :", "Ce que prévoit le texte :"],
    list_items: &[
        "{kw}",
        "un calendrier sur {num} mois",
        "un financement de {num} millions d'euros",
        "un suivi assuré par {org}",
    ],
    closers: &[
        "Plus de détails sont attendus dans les prochains jours.",
        "Une nouvelle réunion est prévue à {city}.",
    ],
    days: ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
};
