//! Reply templates that teach patients what the portal is for: the shipped ones, placeholder checks, and filling them in.

/// The templates inbasket ships, by name.
pub const SHIPPED: &[(&str, &str)] = &[
    ("urgent-concern", include_str!("../../assets/templates/urgent-concern.txt")),
    ("refill-received", include_str!("../../assets/templates/refill-received.txt")),
    ("appointment-request", include_str!("../../assets/templates/appointment-request.txt")),
    ("test-result-follow-up", include_str!("../../assets/templates/test-result-follow-up.txt")),
    ("general-acknowledgement", include_str!("../../assets/templates/general-acknowledgement.txt")),
];

/// Every placeholder a template may use.
pub const PLACEHOLDERS: [&str; 4] = ["patient_first_name", "clinic_name", "clinic_phone", "nurse_name"];

/// What the placeholders are filled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Values {
    pub patient_first_name: String,
    pub clinic_name: String,
    pub clinic_phone: String,
    pub nurse_name: String,
}

impl Values {
    fn get(&self, name: &str) -> Option<&str> {
        match name {
            "patient_first_name" => Some(&self.patient_first_name),
            "clinic_name" => Some(&self.clinic_name),
            "clinic_phone" => Some(&self.clinic_phone),
            "nurse_name" => Some(&self.nurse_name),
            _ => None,
        }
    }
}

/// The first problem in a template: its line and what is wrong (an unknown placeholder, a `{` never closed).
pub fn check(text: &str) -> Result<(), (usize, String)> {
    for (number, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                return Err((number + 1, "a '{' is never closed".into()));
            };
            let name = &rest[open + 1..open + close];
            if !PLACEHOLDERS.contains(&name) {
                return Err((
                    number + 1,
                    format!(
                        "unknown placeholder '{{{name}}}' (use {})",
                        PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ")
                    ),
                ));
            }
            rest = &rest[open + close + 1..];
        }
    }
    Ok(())
}

/// The template with every placeholder filled in (a checked template has no others).
pub fn render(text: &str, values: &Values) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        match rest[open..].find('}').and_then(|close| Some((close, values.get(&rest[open + 1..open + close])?))) {
            Some((close, value)) => {
                out.push_str(value);
                rest = &rest[open + close + 1..];
            }
            None => {
                out.push('{');
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A patient's first name as a greeting uses it: the first word of the name as the feeder gave it.
pub fn first_name(patient_name: &str) -> String {
    let name = patient_name.trim();
    // "Lee, Ann" lists the family name first.
    let given = match name.split_once(',') {
        Some((_, given)) if !given.trim().is_empty() => given.trim(),
        _ => name,
    };
    given.split_whitespace().next().unwrap_or("there").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> Values {
        Values {
            patient_first_name: "Ann".into(),
            clinic_name: "Maple Street Family Medicine".into(),
            clinic_phone: "555-0100".into(),
            nurse_name: "Dana Ames, RN".into(),
        }
    }

    #[test]
    fn every_shipped_template_is_valid_and_fills_in() {
        for (name, text) in SHIPPED {
            assert_eq!(check(text), Ok(()), "{name}");
            let reply = render(text, &values());
            assert!(
                !reply.contains('{') && reply.contains("Ann") && reply.contains("Dana Ames, RN"),
                "{name}: {reply}"
            );
        }
        let redirect = render(SHIPPED[0].1, &values());
        assert!(redirect.contains("call 911") && redirect.contains("555-0100") && redirect.contains("not watched"));
    }

    #[test]
    fn unknown_placeholders_and_open_braces_are_named_with_their_line() {
        assert_eq!(check("Hi {patient_first_name}\n\nCall {clinic_fax}").unwrap_err().0, 3);
        assert!(check("Hi {patient_first_name").unwrap_err().1.contains("never closed"));
        assert!(check("{clinic_fax}").unwrap_err().1.starts_with("unknown placeholder '{clinic_fax}'"));
    }

    #[test]
    fn first_names_come_from_either_order() {
        assert_eq!(first_name("Ann Lee"), "Ann");
        assert_eq!(first_name("Lee, Ann Marie"), "Ann");
        assert_eq!(first_name("  "), "there");
    }
}
