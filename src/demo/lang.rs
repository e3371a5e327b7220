//! The languages the generator writes, and the few language-specific pieces of a wire story
//! that are not sentences: datelines, month names, "and".

use chrono::{DateTime, Datelike, Utc};

/// A language the generator has templates for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Lang {
    En,
    Fr,
    De,
    Es,
    Ru,
    Fa,
}

impl Lang {
    /// All languages, in the order of [`TagSpec::forms`](super::tags::TagSpec::forms).
    pub const ALL: [Lang; 6] = [Lang::En, Lang::Fr, Lang::De, Lang::Es, Lang::Ru, Lang::Fa];

    /// BCP 47 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::Es => "es",
            Lang::Ru => "ru",
            Lang::Fa => "fa",
        }
    }

    /// The language for a BCP 47 code, if the generator writes it.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// Index into per-language arrays.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The word joining two bylines.
    pub fn and(self) -> &'static str {
        ["and", "et", "und", "y", "и", "و"][self.index()]
    }

    /// The label of the closing source line.
    pub fn source_label(self) -> &'static str {
        ["Source", "Source", "Quelle", "Fuente", "Источник", "منبع"][self.index()]
    }

    /// A month name in the form used after a day number.
    fn month(self, month0: usize) -> &'static str {
        const EN: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        const FR: [&str; 12] = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        const DE: [&str; 12] = [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ];
        const ES: [&str; 12] = [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ];
        // Genitive, as in "12 марта".
        const RU: [&str; 12] = [
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ];
        // Gregorian month names as Persian outlets write them for foreign datelines.
        const FA: [&str; 12] = [
            "ژانویه",
            "فوریه",
            "مارس",
            "آوریل",
            "مه",
            "ژوئن",
            "ژوئیه",
            "اوت",
            "سپتامبر",
            "اکتبر",
            "نوامبر",
            "دسامبر",
        ];
        let names = [&EN, &FR, &DE, &ES, &RU, &FA][self.index()];
        names[month0 % 12]
    }

    /// The opening of a wire story in this language's house style, e.g.
    /// `TEHRAN, March 3 (PRNA) — ` or `МОСКВА, 3 марта. /NITA/. `.
    pub fn dateline(self, city: &str, source: &str, at: DateTime<Utc>) -> String {
        let day = at.day();
        let month = self.month(at.month0() as usize);
        match self {
            Lang::En => format!("**{}**, {month} {day} ({source}) — ", city.to_uppercase()),
            Lang::Fr => format!("**{}**, {day} {month} ({source}) - ", city.to_uppercase()),
            Lang::De => format!("**{city}** ({source}) - "),
            Lang::Es => format!("**{city}**, {day} de {month} ({source}). — "),
            Lang::Ru => format!("**{}**, {day} {month}. /{source}/. ", city.to_uppercase()),
            Lang::Fa => format!("**{city}** - {} - ", source),
        }
    }

    /// Writes a number with this language's digits (Persian text uses Persian digits).
    pub fn digits(self, number: &str) -> String {
        if self != Lang::Fa {
            return number.to_owned();
        }
        number
            .chars()
            .map(|c| match c.to_digit(10) {
                Some(d) => char::from_u32(0x06F0 + d).unwrap_or(c),
                None if c == '.' => '٫',
                None => c,
            })
            .collect()
    }
}
