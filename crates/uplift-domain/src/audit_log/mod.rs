//! 审计日志 — the platform's record of its own acts, as its reader (the audit administrator)
//! reads it: every action named in both languages and sorted into the categories the
//! viewer filters by, and every summary put into words.
//!
//! One place for the names: [`action`] holds every action key the code writes (a test of
//! the integration suite scans the sources and fails when a key is missing here). New rows
//! carry their summaries as data ([`AuditNote`], JSON) so the page can word them in either
//! language; rows written before that, and the store's own fixed sentences, are recognised
//! by [`legacy`] and worded too, and anything else shows as it was written.

mod action;
mod legacy;
mod note;
mod object;

pub use action::{ACTIONS, ActionName, Category, action, action_name};
pub use legacy::describe_legacy;
pub use note::{AuditNote, FilterTerm, LoginRefusal, ReportKind, describe_filter};
pub use object::{ObjectRef, describe_object};

use crate::Lang;

/// A stored summary in the reader's language: a note as data worded, a sentence the store
/// writes in a fixed form translated, anything else as written. English summaries begin
/// with a capital, as a sentence in a table cell does.
pub fn describe_summary(action: &str, summary: &str, lang: Lang) -> String {
    let described = match AuditNote::parse(summary) {
        Some(note) => note.describe(lang),
        None => match describe_legacy(action, summary, lang) {
            Some(text) => text,
            None => return summary.to_string(),
        },
    };
    match lang {
        Lang::Zh => described,
        Lang::En => capitalised(&described),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_reads_in_either_language_and_free_text_stays_as_written() {
        let stored = AuditNote::LoginRefused {
            reason: LoginRefusal::WrongPassword,
        }
        .to_json();
        assert_eq!(
            describe_summary("login.failure", &stored, Lang::Zh),
            "密码错误"
        );
        assert_eq!(
            describe_summary("login.failure", &stored, Lang::En),
            "Wrong password"
        );
        assert_eq!(
            describe_summary("login.failure", "wrong password", Lang::En),
            "Wrong password"
        );
        assert_eq!(
            describe_summary("user.create", "something new", Lang::En),
            "something new"
        );
    }
}
