//! The hash chain that makes the audit trail tamper-evident.

use sha2::{Digest, Sha256};

/// The `prev_hash` of the first row in a chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of a triage action that its hash covers, in a fixed order.
pub struct ActionLink<'a> {
    pub uid: &'a str,
    pub message_id: i64,
    pub action: &'a str,
    pub note: Option<&'a str>,
    pub nurse: &'a str,
    pub occurred_at: &'a str,
    pub recorded_at: &'a str,
    pub corrects: Option<&'a str>,
}

/// SHA-256 (hex) of the previous hash and the row's fields. Each field is
/// length-prefixed so that moving text between fields changes the hash.
pub fn link_hash(prev_hash: &str, link: &ActionLink<'_>) -> String {
    let message_id = link.message_id.to_string();
    hash_fields(&[
        Some(prev_hash),
        Some(link.uid),
        Some(&message_id),
        Some(link.action),
        link.note,
        Some(link.nurse),
        Some(link.occurred_at),
        Some(link.recorded_at),
        link.corrects,
    ])
}

/// The fields of a stress rating that its hash covers.
pub struct RatingLink<'a> {
    pub uid: &'a str,
    pub nurse: &'a str,
    pub shift_date: &'a str,
    pub rating: i64,
    pub note: Option<&'a str>,
    pub recorded_at: &'a str,
    pub corrects: Option<&'a str>,
}

/// The hash of a stress rating, chained like the triage actions' but on its own chain.
pub fn rating_hash(prev_hash: &str, link: &RatingLink<'_>) -> String {
    let rating = link.rating.to_string();
    hash_fields(&[
        Some(prev_hash),
        Some(link.uid),
        Some(link.nurse),
        Some(link.shift_date),
        Some(&rating),
        link.note,
        Some(link.recorded_at),
        link.corrects,
    ])
}

/// The fields of a reply that its hash covers.
pub struct ReplyLink<'a> {
    pub uid: &'a str,
    pub action_uid: &'a str,
    pub message_id: i64,
    pub template: Option<&'a str>,
    pub body: &'a str,
    pub created_at: &'a str,
}

/// The hash of a reply in the outbox, on its own chain.
pub fn reply_hash(prev_hash: &str, link: &ReplyLink<'_>) -> String {
    let message_id = link.message_id.to_string();
    hash_fields(&[
        Some(prev_hash),
        Some(link.uid),
        Some(link.action_uid),
        Some(&message_id),
        link.template,
        Some(link.body),
        Some(link.created_at),
    ])
}

fn hash_fields(fields: &[Option<&str>]) -> String {
    let mut hasher = Sha256::new();
    for &field in fields {
        match field {
            None => hasher.update(b"-"),
            Some(text) => {
                hasher.update((text.len() as u64).to_le_bytes());
                hasher.update(text.as_bytes());
            }
        }
    }
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 0x0f)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(note: Option<&'static str>) -> ActionLink<'static> {
        ActionLink {
            uid: "u1",
            message_id: 7,
            action: "replied",
            note,
            nurse: "RN Ames",
            occurred_at: "2026-11-23T14:05:00Z",
            recorded_at: "2026-11-23T14:05:01Z",
            corrects: None,
        }
    }

    #[test]
    fn the_hash_is_sha256_hex() {
        let hash = link_hash(GENESIS, &link(None));
        assert_eq!(hash.len(), 64);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    #[test]
    fn any_change_changes_the_hash() {
        let base = link_hash(GENESIS, &link(Some("ok")));
        assert_ne!(base, link_hash(GENESIS, &link(Some("ok."))));
        assert_ne!(base, link_hash(GENESIS, &link(None)));
        assert_ne!(base, link_hash(&"1".repeat(64), &link(Some("ok"))));
        // An empty note is not the same as no note.
        assert_ne!(link_hash(GENESIS, &link(Some(""))), link_hash(GENESIS, &link(None)));
    }
}
