//! How a message's red-flag hits are kept in its `urgency_hits` column (compact JSON).

use serde::{Deserialize, Serialize};

use crate::domain::red_flags::{self, Field, FlagHit};
use crate::domain::urgency::Level;

#[derive(Serialize, Deserialize)]
struct StoredHit {
    /// "s" subject, "b" body.
    f: String,
    s: usize,
    e: usize,
    c: String,
    l: String,
    x: String,
    n: bool,
}

pub fn to_json(hits: &[FlagHit]) -> Option<String> {
    if hits.is_empty() {
        return None;
    }
    let stored: Vec<StoredHit> = hits
        .iter()
        .map(|hit| StoredHit {
            f: match hit.field {
                Field::Subject => "s".into(),
                Field::Body => "b".into(),
            },
            s: hit.start,
            e: hit.end,
            c: hit.category.clone(),
            l: hit.level.as_str().into(),
            x: hit.context.as_str().into(),
            n: hit.counts,
        })
        .collect();
    serde_json::to_string(&stored).ok()
}

/// Reads hits back; anything unreadable (an edit by another tool) is skipped.
pub fn from_json(json: Option<&str>) -> Vec<FlagHit> {
    let Some(json) = json else { return Vec::new() };
    let stored: Vec<StoredHit> = serde_json::from_str(json).unwrap_or_default();
    stored
        .into_iter()
        .filter_map(|hit| {
            Some(FlagHit {
                field: match hit.f.as_str() {
                    "s" => Field::Subject,
                    "b" => Field::Body,
                    _ => return None,
                },
                start: hit.s,
                end: hit.e,
                category: hit.c,
                level: Level::parse(&hit.l)?,
                context: red_flags::parse_context(&hit.x)?,
                counts: hit.n,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::urgency::Context;

    #[test]
    fn hits_survive_the_round_trip() {
        let hits = vec![FlagHit {
            field: Field::Body,
            start: 3,
            end: 13,
            category: "cardiac".into(),
            level: Level::Emergent,
            context: Context::OtherPerson { family: true },
            counts: true,
        }];
        assert_eq!(from_json(to_json(&hits).as_deref()), hits);
        assert_eq!(to_json(&[]), None);
        assert!(from_json(Some("not json")).is_empty());
    }
}
