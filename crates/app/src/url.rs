//! Texts and settings in a URL: a text deflated and base64url-encoded behind a version
//! prefix (`1`), so that old links keep working when the format changes; the text a lab
//! starts from (the link's, the saved one, or its own); the page's query, read.

const VERSION: char = '1';
/// Longest scenario a link may carry once inflated (a guard against zip bombs).
const MAX_INFLATED: usize = 256 * 1024;
/// The longest scenario text a lab's link carries (past it, Share says so).
pub const LINK_TEXT: usize = 64 * 1024;

/// The page's query as `Q`: what a missing or unreadable one leaves out takes the
/// defaults.
pub fn query<Q: serde::de::DeserializeOwned + Default>(
    location: Option<yew_router::history::Location>,
) -> Q {
    location
        .and_then(|l| l.query::<Q>().ok())
        .unwrap_or_default()
}

/// The scenario to start from: the link's (`link`, the `s` query value), or without a
/// link the learner's text saved as `saved`, or else `default`; and, when the link
/// could not be read, why, in a sentence that names what is shown `instead`.
pub fn starting_text(
    link: Option<&str>,
    saved: &str,
    default: &str,
    instead: &str,
) -> (String, Option<String>) {
    match link.map(decode) {
        Some(Ok(text)) => (text, None),
        Some(Err(why)) => (
            default.to_string(),
            Some(format!(
                "The scenario in this link could not be read: {why}. Showing {instead} instead."
            )),
        ),
        None => (
            crate::storage::load(saved).unwrap_or_else(|| default.to_string()),
            None,
        ),
    }
}

pub fn encode(text: &str) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
    let mut out = String::with_capacity(1 + deflated.len() * 4 / 3 + 4);
    out.push(VERSION);
    base64url(&deflated, &mut out);
    out
}

/// The text a link carries, or why it cannot be read.
pub fn decode(link: &str) -> Result<String, String> {
    let mut chars = link.chars();
    match chars.next() {
        Some(VERSION) => {}
        Some(v) => {
            return Err(format!(
                "it was made by a newer version of Interleave (format {v})"
            ));
        }
        None => return Err("it is empty".into()),
    }
    let bytes =
        unbase64url(chars.as_str()).ok_or("it is not valid base64url (was it cut short?)")?;
    let text = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, MAX_INFLATED)
        .map_err(|_| "its data is damaged or too large")?;
    String::from_utf8(text).map_err(|_| "it does not hold text".into())
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(bytes: &[u8], out: &mut String) {
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
}

fn unbase64url(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        for text in ["", "cores 1", "task a: cpu 3\ntask b: cpu 4, io 2\n# é ü\n"] {
            assert_eq!(decode(&encode(text)).as_deref(), Ok(text));
        }
    }

    #[test]
    fn damaged_links_say_why() {
        let link = encode("task a: cpu 3");
        assert!(decode(&link[..link.len() / 2]).is_err());
        assert!(decode("2abc").unwrap_err().contains("newer version"));
        assert!(decode("1!!!").is_err());
        assert!(decode("").is_err());
    }

    proptest::proptest! {
        // Links arrive from anywhere: any text decodes to a text or a reason, never a
        // panic, and never more than the inflated limit.
        #[test]
        fn any_link_decodes_or_says_why(link in "\\PC{0,300}") {
            if let Ok(text) = decode(&link) {
                proptest::prop_assert!(text.len() <= MAX_INFLATED);
            }
        }

        #[test]
        fn any_bytes_behind_the_prefix_decode_or_say_why(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let mut link = String::from("1");
            base64url(&bytes, &mut link);
            let _ = decode(&link);
        }

        #[test]
        fn every_text_round_trips(text in "\\PC{0,500}") {
            proptest::prop_assert_eq!(decode(&encode(&text)), Ok(text));
        }
    }
}
