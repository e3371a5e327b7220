//! Unit tests of the pure generation: determinism, shapes and distributions.

use std::collections::{HashMap, HashSet};

use chrono::TimeZone;

use super::generate::{Generator, Status};
use super::lang::Lang;
use super::tags::{self, Kind};
use super::*;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 14, 9, 26, 53)
        .single()
        .expect("valid date")
        + chrono::TimeDelta::microseconds(5)
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[test]
fn same_now_same_articles() {
    let (a, b) = (Generator::new(now()), Generator::new(now()));
    for i in 0..500 {
        assert_eq!(a.article(i), b.article(i));
    }
    assert_eq!(a.setup_rows(15, 1), b.setup_rows(15, 1));
    assert_ne!(
        a.setup_rows(15, 1),
        a.setup_rows(15, 2),
        "sources and tags get different ids"
    );
    // The content does not depend on `now`; the dates and ids do.
    let later = Generator::new(now() + chrono::TimeDelta::days(3));
    assert_eq!(a.article(7).title, later.article(7).title);
    assert_ne!(a.article(7).id, later.article(7).id);
}

#[test]
fn slugs_are_unique_and_well_formed() {
    let g = Generator::new(now());
    let mut seen = HashSet::new();
    for i in 0..20_000 {
        let a = g.article(i);
        assert!(is_slug(&a.slug) && a.slug.len() <= 200, "bad slug {:?}", a.slug);
        assert!(
            !a.slug.starts_with('-') && !a.slug.contains("--"),
            "bad slug {:?}",
            a.slug
        );
        assert!(!a.title.is_empty() && a.title.chars().count() <= 300);
        assert!(seen.insert(a.slug), "duplicate slug at {i}");
    }
}

#[test]
fn every_article_has_one_section_and_at_most_five_tags() {
    let g = Generator::new(now());
    let mut counts = [0usize; 6];
    for i in 0..5_000 {
        let a = g.article(i);
        assert!((1..=5).contains(&a.tags.len()), "{} tags", a.tags.len());
        let kinds: Vec<Kind> = a
            .tags
            .iter()
            .map(|&t| tags::all().nth(t).expect("tag index").kind)
            .collect();
        assert_eq!(kinds.iter().filter(|k| **k == Kind::Section).count(), 1);
        assert_eq!(
            a.tags.iter().collect::<HashSet<_>>().len(),
            a.tags.len(),
            "duplicate link"
        );
        counts[a.tags.len()] += 1;
    }
    // Every size from one to five occurs.
    assert!(counts[1..].iter().all(|&c| c > 0), "{counts:?}");
}

#[test]
fn languages_are_mixed_with_english_first() {
    let g = Generator::new(now());
    let mut by_lang: HashMap<&str, usize> = HashMap::new();
    for i in 0..5_000 {
        *by_lang.entry(g.article(i).language).or_default() += 1;
    }
    assert!(by_lang["en"] > 2_500, "{by_lang:?}");
    for code in ["fr", "de", "es", "ru", "fa"] {
        assert!(by_lang.get(code).copied().unwrap_or(0) >= 50, "{code}: {by_lang:?}");
    }
}

#[test]
fn text_is_filled_and_shaped() {
    let g = Generator::new(now());
    for i in 0..5_000 {
        let a = g.article(i);
        let texts = [
            Some(&a.title),
            a.subtitle.as_ref(),
            a.summary.as_ref(),
            Some(&a.body),
            a.byline.as_ref(),
        ];
        for text in texts.into_iter().flatten() {
            assert!(!text.contains(['{', '}']), "unfilled slot in {text:?}");
            assert!(!text.contains("  "), "double space in {text:?}");
        }
        let blocks = a.body.split("\n\n").count();
        assert!((3..=8).contains(&blocks), "{blocks} blocks");
        if a.language == "en" {
            assert!(
                !a.body.contains(" a a") && !a.body.contains(" a e") && !a.body.contains(" a u"),
                "{}",
                a.body
            );
        }
    }
}

#[test]
fn statuses_and_times_follow_now() {
    let g = Generator::new(now());
    let anchor = DateTime::from_timestamp(now().timestamp(), 0).expect("valid");
    let mut statuses: HashMap<&str, usize> = HashMap::new();
    for i in 0..1_000 {
        let a = g.article(i);
        *statuses.entry(a.status.as_str()).or_default() += 1;
        assert!(a.created_at <= a.updated_at && a.updated_at <= anchor);
        for t in [Some(a.created_at), Some(a.updated_at), a.published_at]
            .into_iter()
            .flatten()
        {
            assert_eq!(t.timestamp_subsec_nanos(), 0, "whole seconds");
        }
        match a.status {
            Status::Draft => assert_eq!(a.published_at, None),
            Status::Scheduled => {
                let p = a.published_at.expect("scheduled has a date");
                assert!(p > anchor && p <= anchor + chrono::TimeDelta::days(30));
            }
            Status::Withdrawn => panic!("the demo withdraws nothing"),
            Status::Published | Status::Archived => {
                let p = a.published_at.expect("published has a date");
                assert!(p <= anchor && p >= anchor - chrono::TimeDelta::days(365));
            }
        }
    }
    assert_eq!(statuses["DRAFT"], 20);
    assert_eq!(statuses["SCHEDULED"], 10);
    assert_eq!(statuses["ARCHIVED"], 10);
}

#[test]
fn default_load_has_ties_in_title_and_publication_time() {
    let g = Generator::new(now());
    let articles: Vec<_> = (0..DEFAULT_ARTICLES as u64).map(|i| g.article(i)).collect();
    let titles: HashSet<_> = articles.iter().map(|a| &a.title).collect();
    assert!(titles.len() < articles.len());
    assert_eq!(articles[21].published_at, articles[22].published_at);
    assert_eq!(articles[21].status, Status::Published);
    let ids: HashSet<_> = articles.iter().map(|a| a.id).collect();
    assert_eq!(ids.len(), articles.len());
}

#[test]
fn words_are_zipf_distributed() {
    let zipf = super::random::Weighted::zipf(100, 1.0);
    let mut rng = fastrand::Rng::with_seed(7);
    let mut draws = [0usize; 100];
    for _ in 0..100_000 {
        draws[zipf.sample(&mut rng)] += 1;
    }
    assert!(draws[0] > 15 * draws[99] && draws[99] > 0, "{draws:?}");

    let g = Generator::new(now());
    let mut freq: HashMap<String, usize> = HashMap::new();
    for i in 0..2_000 {
        let a = g.article(i);
        if a.language == "en" {
            for word in a.body.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() > 3) {
                *freq.entry(word.to_lowercase()).or_default() += 1;
            }
        }
    }
    let mut counts: Vec<usize> = freq.into_values().collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let median = counts[counts.len() / 2];
    let rare = counts.iter().filter(|&&c| c <= 10).count();
    assert!(counts[0] > 20 * median, "top {} vs median {median}", counts[0]);
    assert!(rare > 50, "a long tail of rare words: {rare} of {}", counts.len());
}

#[test]
fn vocabulary_has_a_long_tail_of_rare_names() {
    // In how many articles each word appears: as in a real archive, a large share of the
    // distinct words are in one article only (names, mostly), while the commonest are in
    // most articles. Without the tail every word is in hundreds of a large demo's articles.
    let g = Generator::new(now());
    let articles = 3_000;
    let mut df: HashMap<String, usize> = HashMap::new();
    for i in 0..articles {
        let a = g.article(i);
        let words: HashSet<String> = a
            .body
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() > 3)
            .map(str::to_lowercase)
            .collect();
        for word in words {
            *df.entry(word).or_default() += 1;
        }
    }
    let once = df.values().filter(|&&n| n == 1).count();
    let commonest = df.values().copied().max().unwrap_or(0);
    assert!(
        once * 3 > df.len(),
        "{once} of {} words are in one article only",
        df.len()
    );
    assert!(
        commonest as u64 > articles / 3,
        "the commonest word is in {commonest} articles"
    );
}

#[test]
fn static_data_is_valid() {
    let mut per_kind = HashSet::new();
    for t in tags::all() {
        assert!(is_slug(t.slug) && t.slug.len() <= 64, "{}", t.slug);
        assert!(per_kind.insert((t.kind, t.slug)), "duplicate tag {}", t.slug);
        assert!(t.forms.iter().all(|f| !f.is_empty()));
        if t.kind == Kind::Topic {
            assert!(tags::SECTIONS.iter().any(|s| s.slug == t.section), "{}", t.slug);
        }
    }
    assert_eq!(tags::all().count(), tags::COUNT);
    assert!((55..=75).contains(&tags::COUNT));
    let mut slugs = HashSet::new();
    for s in sources::SOURCES {
        assert!(
            is_slug(s.slug) && s.slug.len() <= 64 && slugs.insert(s.slug),
            "{}",
            s.slug
        );
        assert!(s.country.len() == 2 && s.country.bytes().all(|b| b.is_ascii_uppercase()));
        assert!(s.url.starts_with("https://") && (s.url.ends_with(".example") || s.url.ends_with(".test")));
        assert!(tags::PLACES.iter().any(|p| p.slug == s.home && p.city), "{}", s.home);
    }
    assert!(sources::SOURCES.len() >= 12);
    for lang in Lang::ALL {
        let t = templates::of(lang);
        for list in [
            t.headlines,
            t.subtitles,
            t.leads,
            t.sentences,
            t.quotes,
            t.list_intros,
            t.list_items,
            t.closers,
        ] {
            assert!(!list.is_empty(), "{lang:?}");
        }
    }
}

#[test]
fn slugify_transliterates() {
    use super::translit::slugify;
    assert_eq!(
        slugify("Téhéran : l'ONU appelle à la retenue", 180),
        "teheran-lonu-appelle-a-la-retenue"
    );
    assert_eq!(
        slugify("Москва: достигнута договорённость", 180),
        "moskva-dostignuta-dogovorennost"
    );
    assert_eq!(slugify("تهران: توافق", 180), "thran-tvafgh");
    assert_eq!(slugify("Größe über Fußball", 180), "grosse-uber-fussball");
    assert_eq!(slugify(" ¿!? ", 180), "article");
    let long = slugify(&"word ".repeat(100), 180);
    assert!(long.len() <= 180 && !long.ends_with('-'));
}
