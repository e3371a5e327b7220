//! Field rules for everything clients write. Each check names the input field at fault
//! (`input.title`, …) so the error carries `extensions.field`; the mutations in
//! `content/` call these, so REST and imports get the same rules.

use chrono::{DateTime, SubsecRound, TimeZone, Utc};

use crate::error::{AppError, AppResult};

/// Largest article body in bytes.
pub const MAX_BODY_BYTES: usize = 1_000_000;
/// Longest article slug; source and tag slugs stop at 64 as the contract says.
pub const MAX_ARTICLE_SLUG: usize = 200;
/// Longest source or tag slug.
pub const MAX_SLUG: usize = 64;

/// A single-line text of `min..=max` characters without control characters; returns it
/// trimmed of surrounding whitespace.
pub fn line(field: &str, value: &str, min: usize, max: usize) -> AppResult<String> {
    let value = value.trim();
    let n = value.chars().count();
    if n < min || n > max {
        return Err(AppError::bad_field(
            field,
            if min > 0 && n == 0 {
                format!("`{field}` must not be empty")
            } else {
                format!("`{field}` must be {min} to {max} characters long, got {n}")
            },
        ));
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(AppError::bad_field(
            field,
            format!("`{field}` contains the control character U+{:04X}", c as u32),
        ));
    }
    Ok(value.to_string())
}

/// A multi-line text of at most `max_bytes`: control characters other than newline, carriage
/// return and tab are refused.
pub fn text(field: &str, value: &str, max_bytes: usize) -> AppResult<String> {
    if value.len() > max_bytes {
        return Err(AppError::bad_field(
            field,
            format!("`{field}` is {} bytes; the limit is {max_bytes}", value.len()),
        ));
    }
    if let Some(c) = value
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(AppError::bad_field(
            field,
            format!("`{field}` contains the control character U+{:04X}", c as u32),
        ));
    }
    Ok(value.to_string())
}

/// A slug: lowercase ASCII letters and digits in groups joined by single hyphens, at most
/// `max` long.
pub fn slug(field: &str, value: &str, max: usize) -> AppResult<String> {
    let ok = !value.is_empty()
        && value.len() <= max
        && value
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    if ok {
        Ok(value.to_string())
    } else {
        Err(AppError::bad_field(
            field,
            format!(
                "`{field}` must be 1 to {max} characters of a-z and 0-9 in groups joined by single hyphens, got {value:?}"
            ),
        ))
    }
}

/// The slug for a title or name: transliterated to ASCII (`deunicode`, through the `slug`
/// crate), cut at a hyphen to at most `max`, or `fallback` when nothing is left (a title of
/// symbols only).
pub fn derive_slug(text: &str, max: usize, fallback: &str) -> String {
    let mut s = slug::slugify(text);
    if s.len() > max {
        // slugify yields ASCII only, so byte indexes are character boundaries.
        let cut = s[..=max].rfind('-').filter(|&i| i > 0).unwrap_or(max);
        s.truncate(cut);
        while s.ends_with('-') {
            s.pop();
        }
    }
    if s.is_empty() { fallback.to_string() } else { s }
}

/// A well-formed BCP 47 language tag (`en`, `pt-BR`, `zh-Hant-TW`).
pub fn language(field: &str, value: &str) -> AppResult<String> {
    match language_tags::LanguageTag::parse(value) {
        Ok(tag) if value.len() <= 35 && tag.is_valid() => Ok(value.to_string()),
        _ => Err(AppError::bad_field(
            field,
            format!("`{field}` must be a BCP 47 language tag such as \"en\" or \"pt-BR\", got {value:?}"),
        )),
    }
}

/// An assigned ISO 3166-1 alpha-2 country code, in capitals (`IR`, `GB`).
pub fn country(field: &str, value: &str) -> AppResult<String> {
    let assigned = value.len() == 2
        && value.bytes().all(|b| b.is_ascii_uppercase())
        && isocountry::CountryCode::for_alpha2(value).is_ok();
    if assigned {
        Ok(value.to_string())
    } else {
        Err(AppError::bad_field(
            field,
            format!("`{field}` must be an ISO 3166-1 alpha-2 country code in capitals such as \"IR\", got {value:?}"),
        ))
    }
}

/// An absolute `http` or `https` URL with a host, at most 2,048 characters.
pub fn url(field: &str, value: &str) -> AppResult<String> {
    let ok = value.len() <= 2048
        && url::Url::parse(value)
            .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty()));
    if ok {
        Ok(value.to_string())
    } else {
        Err(AppError::bad_field(
            field,
            format!("`{field}` must be an absolute http(s) URL of at most 2048 characters"),
        ))
    }
}

/// A publication (or expiry) time: not before 1900; kept to the microsecond, the precision
/// every backend stores, so that what a client reads back is what it wrote.
pub fn timestamp(field: &str, value: DateTime<Utc>) -> AppResult<DateTime<Utc>> {
    let value = value.trunc_subsecs(6);
    let earliest = Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).single();
    if earliest.is_some_and(|e| value < e) {
        return Err(AppError::bad_field(field, format!("`{field}` must not be before 1900")));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_trimmed_and_bounded() {
        assert_eq!(line("t", "  Hello ", 1, 300).unwrap(), "Hello");
        assert_eq!(line("t", "   ", 1, 300).unwrap_err().field(), Some("t"));
        assert!(line("t", &"é".repeat(300), 1, 300).is_ok());
        assert!(line("t", &"é".repeat(301), 1, 300).is_err());
        assert!(line("t", "tab\there", 1, 300).is_err());
        assert!(line("t", "nul\0", 1, 300).is_err());
    }

    #[test]
    fn text_allows_newlines_only() {
        assert!(text("b", "a\nb\r\n\tc", 100).is_ok());
        assert!(text("b", "bell\u{7}", 100).is_err());
        assert!(text("b", "abc", 2).is_err());
    }

    #[test]
    fn slugs() {
        for ok in ["a", "tehran-talks", "g7-2026"] {
            assert!(slug("s", ok, 64).is_ok(), "{ok}");
        }
        for bad in ["", "-a", "a-", "a--b", "A", "a b", "ü", &"a".repeat(65)] {
            assert!(slug("s", bad, 64).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn derived_slugs_are_ascii_and_short() {
        assert_eq!(
            derive_slug("Ministers meet in Zürich", 200, "article"),
            "ministers-meet-in-zurich"
        );
        assert_eq!(derive_slug("Встреча в Москве", 200, "article"), "vstrecha-v-moskve");
        assert_eq!(derive_slug("!!!", 200, "article"), "article");
        let long = derive_slug(&"word ".repeat(100), 64, "x");
        assert!(long.len() <= 64 && !long.ends_with('-') && long.starts_with("word-word"));
        assert!(slug("s", &long, 64).is_ok());
    }

    #[test]
    fn languages_countries_urls() {
        for ok in ["en", "pt-BR", "fa", "zh-Hant-TW"] {
            assert!(language("l", ok).is_ok(), "{ok}");
        }
        for bad in ["", "english", "en_US", "12"] {
            assert!(language("l", bad).is_err(), "{bad:?}");
        }
        assert!(country("c", "IR").is_ok());
        for bad in ["ir", "XX", "IRN", ""] {
            assert!(country("c", bad).is_err(), "{bad:?}");
        }
        assert!(url("u", "https://example.org/a?b=c").is_ok());
        for bad in ["example.org", "ftp://example.org", "https://", "javascript:alert(1)"] {
            assert!(url("u", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn timestamps_from_1900() {
        let t = |y| Utc.with_ymd_and_hms(y, 6, 1, 0, 0, 0).unwrap();
        assert!(timestamp("p", t(1900)).is_ok());
        assert!(timestamp("p", t(1899)).is_err());
    }
}
