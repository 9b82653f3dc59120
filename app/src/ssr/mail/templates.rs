//! One struct per mail. Each renders a subject, a plain-text part and an HTML part, both on the
//! base layout (`app/templates/mail/base.*`) that carries the firm's name. askama compiles the
//! templates into the binary and escapes the HTML parts; the text parts are not escaped.

use std::fmt;

use askama::Template;

/// Whose mail it is: the firm's name (what `{{ firm }}` writes), and the address and contact
/// details its layout prints at the foot.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Letterhead {
    /// The firm's name.
    pub name: String,
    /// Its postal address on one line (may be empty).
    pub address: String,
    /// Its telephone, email and web site on one line (may be empty).
    pub contact: String,
}

impl Letterhead {
    /// A letterhead with the firm's name only.
    pub fn named(name: &str) -> Letterhead {
        Letterhead {
            name: name.to_string(),
            ..Letterhead::default()
        }
    }
}

impl fmt::Display for Letterhead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// A mail Docket sends: its subject and its two parts.
pub trait Mail {
    /// The subject line.
    fn subject(&self, firm: &Letterhead) -> String;
    /// The plain-text part on the base layout.
    fn text(&self, firm: &Letterhead) -> askama::Result<String>;
    /// The HTML part on the base layout.
    fn html(&self, firm: &Letterhead) -> askama::Result<String>;
}

/// Implements [`Mail`] for `$mail` with the templates `mail/$file.txt` and `mail/$file.html`,
/// which see the mail as `m` and the firm's name as `firm`.
macro_rules! mail {
    ($mail:ident, $text:literal, $html:literal, |$m:ident, $firm:ident| $subject:expr) => {
        const _: () = {
            #[derive(Template)]
            #[template(path = $text)]
            struct Text<'a> {
                m: &'a $mail,
                firm: &'a Letterhead,
            }

            #[derive(Template)]
            #[template(path = $html)]
            struct Html<'a> {
                m: &'a $mail,
                firm: &'a Letterhead,
            }

            impl Mail for $mail {
                fn subject(&self, $firm: &Letterhead) -> String {
                    let $m = self;
                    $subject
                }
                fn text(&self, firm: &Letterhead) -> askama::Result<String> {
                    Text { m: self, firm }.render()
                }
                fn html(&self, firm: &Letterhead) -> askama::Result<String> {
                    Html { m: self, firm }.render()
                }
            }
        };
    };
}

/// Sent at sign-up: confirms the owner's address.
pub struct VerifyEmail {
    /// The owner's name.
    pub name: String,
    /// The one-time verification link.
    pub link: String,
    /// How long the link works.
    pub hours: i64,
}
mail!(
    VerifyEmail,
    "mail/verify_email.txt",
    "mail/verify_email.html",
    |_m, firm| format!("Confirm your email to open {firm} on Docket")
);

/// Sent once the owner's address is confirmed.
pub struct Welcome {
    /// The owner's name.
    pub name: String,
    /// The firm's address.
    pub link: String,
}
mail!(
    Welcome,
    "mail/welcome.txt",
    "mail/welcome.html",
    |_m, firm| format!("Welcome to Docket: {firm} is ready")
);

/// An invitation to join a firm.
pub struct Invitation {
    /// Who invited.
    pub inviter: String,
    /// The role offered, as people read it.
    pub role: String,
    /// The one-time acceptance link.
    pub link: String,
    /// When the link stops working, in words.
    pub expires_on: String,
}
mail!(
    Invitation,
    "mail/invitation.txt",
    "mail/invitation.html",
    |m, firm| format!("{} invited you to {firm} on Docket", m.inviter)
);

/// Sent to the owner of a firm a platform admin opened: a link to choose their password.
pub struct FirmOpened {
    /// The owner's name.
    pub name: String,
    /// The one-time link to choose a password.
    pub link: String,
    /// How long the link works.
    pub hours: i64,
    /// The firm's address in Docket.
    pub address: String,
}
mail!(
    FirmOpened,
    "mail/firm_opened.txt",
    "mail/firm_opened.html",
    |_m, firm| format!("{firm} is ready on Docket: choose your password")
);

/// A password reset link.
pub struct PasswordReset {
    /// The user's name.
    pub name: String,
    /// The one-time reset link.
    pub link: String,
    /// How long the link works.
    pub minutes: i64,
}
mail!(
    PasswordReset,
    "mail/password_reset.txt",
    "mail/password_reset.html",
    |_m, _firm| "Reset your Docket password".to_string()
);

/// Tells a user their password changed.
pub struct PasswordChanged {
    /// The user's name.
    pub name: String,
    /// When, in words.
    pub when: String,
    /// Where to reset it if it was not them.
    pub reset_link: String,
}
mail!(
    PasswordChanged,
    "mail/password_changed.txt",
    "mail/password_changed.html",
    |_m, _firm| "Your Docket password was changed".to_string()
);

/// Tells a firm's owners that an account was locked after failed sign-ins.
pub struct AccountLocked {
    /// The locked account's email.
    pub email: String,
    /// How many failures locked it.
    pub failures: i32,
    /// When it unlocks, in words.
    pub until: String,
    /// The firm's users page.
    pub link: String,
}
mail!(
    AccountLocked,
    "mail/account_locked.txt",
    "mail/account_locked.html",
    |m, firm| format!("{firm}: the account {} was locked", m.email)
);

/// Tells a user their two-factor sign-in changed (turned on or off, new recovery codes, or a
/// reset by an administrator).
pub struct TwoFactorChanged {
    /// The user's name.
    pub name: String,
    /// What happened, as a sentence ("Two-factor sign-in was turned on.").
    pub change: String,
    /// When, in words.
    pub when: String,
    /// The user's account page.
    pub link: String,
}
mail!(
    TwoFactorChanged,
    "mail/two_factor_changed.txt",
    "mail/two_factor_changed.html",
    |_m, _firm| "Your Docket two-factor sign-in changed".to_string()
);

/// An issued invoice, sent to the client with its PDF attached.
pub struct InvoiceMail {
    /// The client's name.
    pub client_name: String,
    /// `INV-2026-0001`.
    pub number: String,
    /// What is due, formatted.
    pub total: String,
    /// The due date in words, or empty.
    pub due_on: String,
}
mail!(
    InvoiceMail,
    "mail/invoice.txt",
    "mail/invoice.html",
    |m, firm| format!("Invoice {} from {firm}", m.number)
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_carry_the_firm_and_escape_only_html() {
        let mail = Invitation {
            inviter: "Ann <O'Hara>".into(),
            role: "Lawyer".into(),
            link: "http://acme.localhost:3000/invitation?token=abc".into(),
            expires_on: "29 Nov 2026".into(),
        };
        let firm = Letterhead {
            name: "Smith & Jones".into(),
            address: "1 Court Street, Springfield".into(),
            contact: "+1 207 555 0100 · office@smith.law".into(),
        };
        let html = mail.html(&firm).unwrap();
        assert!(html.contains("1 Court Street, Springfield"), "{html}");
        assert!(html.contains("Smith &#38; Jones"), "{html}");
        assert!(html.contains("Ann &#60;O&#39;Hara&#62;"), "{html}");
        assert!(
            html.contains("href=\"http://acme.localhost:3000/invitation?token=abc\""),
            "{html}"
        );
        let text = mail.text(&firm).unwrap();
        assert!(
            text.contains("+1 207 555 0100 · office@smith.law"),
            "{text}"
        );
        assert!(
            text.contains("Ann <O'Hara> invited you to join Smith & Jones"),
            "{text}"
        );
        assert!(
            text.contains("http://acme.localhost:3000/invitation?token=abc"),
            "{text}"
        );
        assert_eq!(
            mail.subject(&firm),
            "Ann <O'Hara> invited you to Smith & Jones on Docket"
        );
    }
}
