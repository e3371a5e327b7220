//! Spanish templates.

use super::Templates;

/// Spanish.
pub(super) const T: Templates = Templates {
    headlines: &[
        "{place}: {org} pide contención",
        "{place}: nuevas conversaciones sobre {topic}",
        "{person} viajará a {city} para hablar sobre {topic}",
        "{^topic}, en el centro del debate en {city}",
        "{^org} publica un informe sobre {kw}",
        "{person}: «{^kw} debe seguir siendo una prioridad»",
        "{place}: acuerdo sobre {kw}",
        "Claves para entender {topic}",
    ],
    subtitles: &[
        "Las conversaciones, iniciadas {day}, continuarán en {city}.",
        "{^org} considera que {kw} sigue siendo una prioridad.",
        "No se espera una decisión antes de varias semanas.",
    ],
    leads: &[
        "{person} anunció {day} nuevas medidas sobre {topic}, según un comunicado difundido en {city}.",
        "{^org} pidió {day} reanudar cuanto antes el diálogo sobre {topic}.",
        "Representantes de varios países se reunieron {day} en {city} para debatir sobre {kw}.",
        "{^topic} centró {day} las conversaciones entre {org} y las autoridades locales.",
        "{person} presentó {day} un plan sobre {kw}, {num} meses después de un primer intento.",
    ],
    sentences: &[
        "Según fuentes diplomáticas, {kw} sigue siendo un asunto delicado.",
        "{person} recordó que {kw} figura entre las prioridades.",
        "Las conversaciones también abordaron {kw}.",
        "No se anunció un calendario concreto.",
        "Varios expertos creen que {kw} pesará en las negociaciones.",
        "{^org} publicará un nuevo informe dentro de {num} días.",
        "Sobre el terreno, {kw} genera inquietud.",
        "El asunto volverá a tratarse en la próxima reunión en {city}.",
        "Según datos oficiales, los precios subieron un {pct} % en un año.",
        "{person} tiene previsto viajar a {city} en los próximos días.",
        "El **{num} %** de los encuestados se declara preocupado.",
        "Un portavoz declinó hacer comentarios.",
        "Los observadores señalan que {kw} y {kw} están estrechamente ligados.",
        "En {name}, una aldea de la región, los vecinos dicen que aún esperan detalles.",
        "El contrato fue adjudicado a la empresa {name}, poco conocida hasta ahora.",
    ],
    quotes: &[
        "«Seguimos abiertos al diálogo», declaró {person}.",
        "«{^kw} no puede esperar más», insistió {person}.",
        "«Es un paso importante para todos», afirmó un diplomático destinado en {city}.",
        "«Llevará tiempo, pero vamos en la buena dirección», dijo {person}.",
        "«Ya hemos oído esas promesas», dijo {name} {name}, residente de la zona.",
    ],
    list_intros: &["Los puntos principales:", "Lo que prevé el texto:"],
    list_items: &[
        "{kw}",
        "un calendario de {num} meses",
        "una financiación de {num} millones de euros",
        "un mecanismo de seguimiento independiente",
    ],
    closers: &[
        "Se esperan más detalles en los próximos días.",
        "Está prevista una nueva reunión en {city}.",
    ],
    days: [
        "el lunes",
        "el martes",
        "el miércoles",
        "el jueves",
        "el viernes",
        "el sábado",
        "el domingo",
    ],
};
