//! What a page tells the user about what they just did: the confirmation after a save or a send,
//! and the errors of a refused form beside its fields, with what was typed kept.
//!
//! A confirmation travels in the address of the page the user lands on, as a short flag
//! (`/hoc-sinh/7?da-luu=huong-di`), never as text: the page shows the translated sentence of a
//! known flag, and nothing for any other value, so an address cannot make a page say anything.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::i18n::{Lang, text};

/// The name of the query parameter that carries the flag.
const PARAM: &str = "da-luu";

/// Something done, confirmed on the page the user lands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    DestinationSaved,
    CorrectionAsked,
    NameSaved,
    FollowUpAdded,
    /// A form sent with the values the record already had.
    Unchanged,
    ReportSent,
    ReportApproved,
    ReportReturned,
    CorrectionApproved,
    CorrectionRejected,
    UserCreated,
    UserMoved,
    TokenRevoked,
}

impl Notice {
    const ALL: [Notice; 13] = [
        Notice::DestinationSaved,
        Notice::CorrectionAsked,
        Notice::NameSaved,
        Notice::FollowUpAdded,
        Notice::Unchanged,
        Notice::ReportSent,
        Notice::ReportApproved,
        Notice::ReportReturned,
        Notice::CorrectionApproved,
        Notice::CorrectionRejected,
        Notice::UserCreated,
        Notice::UserMoved,
        Notice::TokenRevoked,
    ];

    /// The flag in the address.
    pub fn flag(self) -> &'static str {
        match self {
            Notice::DestinationSaved => "huong-di",
            Notice::CorrectionAsked => "de-nghi",
            Notice::NameSaved => "ten",
            Notice::FollowUpAdded => "theo-doi",
            Notice::Unchanged => "khong-doi",
            Notice::ReportSent => "gui",
            Notice::ReportApproved => "duyet",
            Notice::ReportReturned => "tra-lai",
            Notice::CorrectionApproved => "duyet-dieu-chinh",
            Notice::CorrectionRejected => "tu-choi-dieu-chinh",
            Notice::UserCreated => "nguoi-dung",
            Notice::UserMoved => "chuyen",
            Notice::TokenRevoked => "thu-hoi",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Notice::DestinationSaved => "notice.destination_saved",
            Notice::CorrectionAsked => "notice.correction_asked",
            Notice::NameSaved => "notice.name_saved",
            Notice::FollowUpAdded => "notice.follow_up_added",
            Notice::Unchanged => "notice.unchanged",
            Notice::ReportSent => "notice.report_sent",
            Notice::ReportApproved => "notice.report_approved",
            Notice::ReportReturned => "notice.report_returned",
            Notice::CorrectionApproved => "notice.correction_approved",
            Notice::CorrectionRejected => "notice.correction_rejected",
            Notice::UserCreated => "notice.user_created",
            Notice::UserMoved => "notice.user_moved",
            Notice::TokenRevoked => "notice.token_revoked",
        }
    }

    pub fn parse(flag: &str) -> Option<Notice> {
        Notice::ALL.into_iter().find(|n| n.flag() == flag)
    }

    /// The sentence shown.
    pub fn text(self, lang: Lang) -> &'static str {
        text(lang, self.key())
    }

    /// The address to land on: `path` with the flag added to its query.
    pub fn after(self, path: &str) -> String {
        let separator = if path.contains('?') { '&' } else { '?' };
        format!("{path}{separator}{PARAM}={}", self.flag())
    }
}

/// The confirmation the address asks for, if it names a known one.
pub struct Confirmed(pub Option<Notice>);

impl Confirmed {
    /// The sentence to show, in the page's language.
    pub fn text(&self, lang: Lang) -> Option<&'static str> {
        self.0.map(|notice| notice.text(lang))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Confirmed {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let notice = form_urlencoded::parse(query.as_bytes())
            .find(|(key, _)| key == PARAM)
            .and_then(|(_, flag)| Notice::parse(&flag));
        Ok(Confirmed(notice))
    }
}

/// A refused form: what was typed in each field, and the error of each field that is wrong.
/// Field names are qualified by the form when a page has several (`follow_up.date`).
#[derive(Debug, Default, Clone)]
pub struct Kept {
    values: Vec<(&'static str, String)>,
    errors: Vec<(&'static str, String)>,
}

impl Kept {
    pub fn keep(&mut self, field: &'static str, value: &str) {
        self.values.push((field, value.to_string()));
    }

    pub fn refuse(&mut self, field: &'static str, message: impl Into<String>) {
        self.errors.push((field, message.into()));
    }

    /// What to show in a field: what was typed when the form was refused, else `otherwise`.
    pub fn value<'a>(&'a self, field: &str, otherwise: &'a str) -> &'a str {
        self.values
            .iter()
            .find(|(name, _)| *name == field)
            .map_or(otherwise, |(_, value)| value.as_str())
    }

    /// The error of a field, if it is wrong.
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, message)| message.as_str())
    }

    pub fn is_refused(&self) -> bool {
        !self.errors.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_flags_make_a_notice_and_each_has_both_languages() {
        for notice in Notice::ALL {
            assert_eq!(Notice::parse(notice.flag()), Some(notice));
            assert_ne!(notice.text(Lang::Vi), "??", "{notice:?}");
            assert_ne!(notice.text(Lang::En), "??", "{notice:?}");
        }
        assert_eq!(Notice::parse("<script>"), None);
        assert_eq!(
            Notice::ReportApproved.after("/don-vi/80/tong-hop/2024-y"),
            "/don-vi/80/tong-hop/2024-y?da-luu=duyet"
        );
        assert_eq!(Notice::ReportSent.after("/a?b=1"), "/a?b=1&da-luu=gui");
    }

    #[test]
    fn a_refused_form_keeps_what_was_typed() {
        let mut kept = Kept::default();
        kept.keep("follow_up.date", "31/02/2011");
        kept.refuse("follow_up.date", "không có trong lịch");
        assert_eq!(kept.value("follow_up.date", ""), "31/02/2011");
        assert_eq!(kept.value("follow_up.note", "cũ"), "cũ");
        assert_eq!(kept.error("follow_up.date"), Some("không có trong lịch"));
        assert!(kept.is_refused());
    }
}
