//! One struct per mail. Each renders a subject, a plain-text part and an HTML part, both on the
//! base layout (`app/templates/mail/base.*`) that carries the firm's name. askama compiles the
//! templates into the binary and escapes the HTML parts; the text parts are not escaped.

use askama::Template;

/// A mail Docket sends: its subject and its two parts.
pub trait Mail {
    /// The subject line.
    fn subject(&self, firm: &str) -> String;
    /// The plain-text part on the base layout.
    fn text(&self, firm: &str) -> askama::Result<String>;
    /// The HTML part on the base layout.
    fn html(&self, firm: &str) -> askama::Result<String>;
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
                firm: &'a str,
            }

            #[derive(Template)]
            #[template(path = $html)]
            struct Html<'a> {
                m: &'a $mail,
                firm: &'a str,
            }

            impl Mail for $mail {
                fn subject(&self, $firm: &str) -> String {
                    let $m = self;
                    $subject
                }
                fn text(&self, firm: &str) -> askama::Result<String> {
                    Text { m: self, firm }.render()
                }
                fn html(&self, firm: &str) -> askama::Result<String> {
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
        let html = mail.html("Smith & Jones").unwrap();
        assert!(html.contains("Smith &#38; Jones"), "{html}");
        assert!(html.contains("Ann &#60;O&#39;Hara&#62;"), "{html}");
        assert!(
            html.contains("href=\"http://acme.localhost:3000/invitation?token=abc\""),
            "{html}"
        );
        let text = mail.text("Smith & Jones").unwrap();
        assert!(
            text.contains("Ann <O'Hara> invited you to join Smith & Jones"),
            "{text}"
        );
        assert!(
            text.contains("http://acme.localhost:3000/invitation?token=abc"),
            "{text}"
        );
        assert_eq!(
            mail.subject("Smith & Jones"),
            "Ann <O'Hara> invited you to Smith & Jones on Docket"
        );
    }
}
