//! The named character references a book may use: XML's five and the HTML ones that Chinese
//! EPUBs use in practice (XHTML does not define them, but browsers read them).
//!
//! `&nbsp;` becomes U+00A0, which the reader treats as a space that does not break; at the
//! start and end of a block it is trimmed like any space (Chinese EPUBs indent paragraphs with
//! `&nbsp;&nbsp;&nbsp;&nbsp;`, and the reader indents by itself). Soft hyphens and zero-width
//! joiners resolve to themselves and are dropped with the other invisible characters when the
//! block's text is built (see `text`). An unknown name is kept as the text `&name;`.

/// The replacement text of the named reference `&name;`, or `None` for an unknown name.
pub(crate) fn named_entity(name: &str) -> Option<&'static str> {
    let found = NAMED.binary_search_by(|(key, _)| key.cmp(&name)).ok()?;
    NAMED.get(found).map(|(_, text)| *text)
}

/// Name → text, sorted by name (bytewise) for the binary search; a test checks the order.
const NAMED: &[(&str, &str)] = &[
    ("AElig", "Æ"),
    ("Aacute", "Á"),
    ("Agrave", "À"),
    ("Alpha", "Α"),
    ("Beta", "Β"),
    ("Ccedil", "Ç"),
    ("Delta", "Δ"),
    ("Eacute", "É"),
    ("Egrave", "È"),
    ("Gamma", "Γ"),
    ("Omega", "Ω"),
    ("Ouml", "Ö"),
    ("Pi", "Π"),
    ("Prime", "″"),
    ("Sigma", "Σ"),
    ("Uuml", "Ü"),
    ("aacute", "á"),
    ("acirc", "â"),
    ("acute", "´"),
    ("aelig", "æ"),
    ("agrave", "à"),
    ("alpha", "α"),
    ("amp", "&"),
    ("apos", "'"),
    ("asymp", "≈"),
    ("atilde", "ã"),
    ("auml", "ä"),
    ("bdquo", "„"),
    ("beta", "β"),
    ("brvbar", "¦"),
    ("bull", "•"),
    ("ccedil", "ç"),
    ("cent", "¢"),
    ("circ", "ˆ"),
    ("clubs", "♣"),
    ("copy", "©"),
    ("curren", "¤"),
    ("dagger", "†"),
    ("darr", "↓"),
    ("deg", "°"),
    ("delta", "δ"),
    ("diams", "♦"),
    ("divide", "÷"),
    ("eacute", "é"),
    ("ecirc", "ê"),
    ("egrave", "è"),
    ("emsp", "\u{2003}"),
    ("ensp", "\u{2002}"),
    ("epsilon", "ε"),
    ("equiv", "≡"),
    ("euml", "ë"),
    ("euro", "€"),
    ("frac12", "½"),
    ("frac14", "¼"),
    ("frac34", "¾"),
    ("gamma", "γ"),
    ("ge", "≥"),
    ("gt", ">"),
    ("hArr", "⇔"),
    ("harr", "↔"),
    ("hearts", "♥"),
    ("hellip", "…"),
    ("iacute", "í"),
    ("icirc", "î"),
    ("iexcl", "¡"),
    ("igrave", "ì"),
    ("infin", "∞"),
    ("iquest", "¿"),
    ("iuml", "ï"),
    ("lArr", "⇐"),
    ("lambda", "λ"),
    ("laquo", "«"),
    ("larr", "←"),
    ("ldquo", "“"),
    ("le", "≤"),
    ("lowast", "∗"),
    ("loz", "◊"),
    ("lrm", "\u{200E}"),
    ("lsaquo", "‹"),
    ("lsquo", "‘"),
    ("lt", "<"),
    ("macr", "¯"),
    ("mdash", "—"),
    ("micro", "µ"),
    ("middot", "·"),
    ("minus", "−"),
    ("mu", "μ"),
    ("nbsp", "\u{A0}"),
    ("ndash", "–"),
    ("ne", "≠"),
    ("not", "¬"),
    ("ntilde", "ñ"),
    ("oacute", "ó"),
    ("ocirc", "ô"),
    ("ograve", "ò"),
    ("omega", "ω"),
    ("ordf", "ª"),
    ("ordm", "º"),
    ("oslash", "ø"),
    ("otilde", "õ"),
    ("ouml", "ö"),
    ("para", "¶"),
    ("permil", "‰"),
    ("phi", "φ"),
    ("pi", "π"),
    ("plusmn", "±"),
    ("pound", "£"),
    ("prime", "′"),
    ("quot", "\""),
    ("rArr", "⇒"),
    ("raquo", "»"),
    ("rarr", "→"),
    ("rdquo", "”"),
    ("reg", "®"),
    ("rlm", "\u{200F}"),
    ("rsaquo", "›"),
    ("rsquo", "’"),
    ("sbquo", "‚"),
    ("sdot", "⋅"),
    ("sect", "§"),
    ("shy", "\u{AD}"),
    ("sigma", "σ"),
    ("spades", "♠"),
    ("sup1", "¹"),
    ("sup2", "²"),
    ("sup3", "³"),
    ("szlig", "ß"),
    ("theta", "θ"),
    ("thinsp", "\u{2009}"),
    ("tilde", "˜"),
    ("times", "×"),
    ("trade", "™"),
    ("uacute", "ú"),
    ("uarr", "↑"),
    ("ucirc", "û"),
    ("ugrave", "ù"),
    ("uml", "¨"),
    ("uuml", "ü"),
    ("yen", "¥"),
    ("zwj", "\u{200D}"),
    ("zwnj", "\u{200C}"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_for_the_binary_search() {
        for pair in NAMED.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
    }

    #[test]
    fn common_names_resolve_and_unknown_ones_do_not() {
        assert_eq!(named_entity("nbsp"), Some("\u{A0}"));
        assert_eq!(named_entity("mdash"), Some("\u{2014}"));
        assert_eq!(named_entity("hellip"), Some("\u{2026}"));
        assert_eq!(named_entity("ldquo"), Some("\u{201C}"));
        assert_eq!(named_entity("rsquo"), Some("\u{2019}"));
        assert_eq!(named_entity("middot"), Some("\u{B7}"));
        assert_eq!(named_entity("AElig"), Some("\u{C6}"));
        assert_eq!(named_entity("nosuch"), None);
        assert_eq!(named_entity("NBSP"), None);
    }
}
