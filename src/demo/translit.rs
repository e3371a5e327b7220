//! Turning titles in any of the demo languages into ASCII slugs.

/// Lower-case ASCII slug of `text`: letters transliterated (Latin diacritics, Cyrillic,
/// Persian), everything else a single `-`, at most `max` bytes, never starting or ending
/// with `-`. Returns `"article"` when nothing is left.
pub(super) fn slugify(text: &str, max: usize) -> String {
    let mut slug = String::with_capacity(text.len().min(max) + 8);
    // Starts true so that leading separators are dropped.
    let mut pending_dash = true;
    for c in text.chars().flat_map(char::to_lowercase) {
        let latin = transliterate(c);
        match latin {
            Some("") => {} // Signs with no sound of their own (ь, ъ, ع, ZWNJ) join, not split.
            Some(s) => {
                if pending_dash && !slug.is_empty() {
                    slug.push('-');
                }
                pending_dash = false;
                slug.push_str(s);
            }
            None => pending_dash = true,
        }
        if slug.len() >= max {
            break;
        }
    }
    if slug.len() > max {
        // Cut at the last word boundary that fits; the text is ASCII, so any index is a char boundary.
        let cut = slug[..max].rfind('-').unwrap_or(max);
        slug.truncate(cut);
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        slug.push_str("article");
    }
    slug
}

/// The ASCII spelling of one lower-case character: `None` for separators, `Some("")` for
/// characters that are dropped without splitting the word.
fn transliterate(c: char) -> Option<&'static str> {
    if c.is_ascii_alphanumeric() {
        // ASCII letters and digits map to themselves; index a static table to avoid allocating.
        const ASCII: &str = "0123456789abcdefghijklmnopqrstuvwxyz";
        let i = ASCII.find(c)?;
        return Some(&ASCII[i..i + 1]);
    }
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'æ' => "ae",
        'ç' | 'č' | 'ć' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ı' | 'ī' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
        'œ' => "oe",
        'ß' => "ss",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => "u",
        'ý' | 'ÿ' => "y",
        'ğ' => "g",
        'ş' | 'š' | 'ś' => "s",
        'ł' => "l",
        'ž' | 'ź' | 'ż' => "z",
        '\'' | '’' | '\u{200C}' => "",
        _ => return cyrillic(c).or_else(|| persian(c)),
    };
    Some(s)
}

fn cyrillic(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'ё' | 'э' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ы' => "y",
        'ъ' | 'ь' => "",
        'ю' => "yu",
        'я' => "ya",
        _ => return None,
    })
}

/// Persian letters. Short vowels are not written in Persian, so the slug reads as a
/// consonant skeleton ("تهران" → "thran"): fine for a URL, which only needs to be stable.
fn persian(c: char) -> Option<&'static str> {
    Some(match c {
        'ا' | 'آ' | 'أ' | 'إ' => "a",
        'ب' => "b",
        'پ' => "p",
        'ت' | 'ط' => "t",
        'ث' | 'س' | 'ص' => "s",
        'ج' => "j",
        'چ' => "ch",
        'ح' | 'ه' | 'ۀ' | 'ة' => "h",
        'خ' => "kh",
        'د' => "d",
        'ذ' | 'ز' | 'ض' | 'ظ' => "z",
        'ر' => "r",
        'ژ' => "zh",
        'ش' => "sh",
        'غ' | 'ق' => "gh",
        'ف' => "f",
        'ک' | 'ك' => "k",
        'گ' => "g",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        'و' | 'ؤ' => "v",
        'ی' | 'ي' | 'ئ' | 'ى' => "y",
        'ع' | 'ء' | '\u{064B}'..='\u{0652}' => "",
        '۰' => "0",
        '۱' => "1",
        '۲' => "2",
        '۳' => "3",
        '۴' => "4",
        '۵' => "5",
        '۶' => "6",
        '۷' => "7",
        '۸' => "8",
        '۹' => "9",
        _ => return None,
    })
}
