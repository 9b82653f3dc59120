//! Canonical addresses for links in mail, built from configuration (`DOCKET_PUBLIC_URL`),
//! never from a request's `Host` header.

/// The scheme and authority every link starts with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Urls {
    scheme: String,
    authority: String,
}

impl Urls {
    /// `scheme` is `http` or `https`; `authority` the base domain with its port if not the
    /// default (`docket.example.com`, `localhost:3000`).
    pub fn new(scheme: &str, authority: &str) -> Urls {
        Urls {
            scheme: scheme.to_string(),
            authority: authority.to_string(),
        }
    }

    /// An address on the public site (sign-up).
    pub fn public(&self, path: &str) -> String {
        format!("{}://{}{path}", self.scheme, self.authority)
    }

    /// A firm's canonical host, with its port if not the default (`acme.docket.example.com`).
    pub fn firm_host(&self, slug: &str) -> String {
        format!("{slug}.{}", self.authority)
    }

    /// An address on a firm's canonical host.
    pub fn firm(&self, slug: &str, path: &str) -> String {
        format!("{}://{}{path}", self.scheme, self.firm_host(slug))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn firm_links_use_the_firm_subdomain() {
        let urls = super::Urls::new("https", "docket.example.com");
        assert_eq!(
            urls.firm("acme", "/reset?token=t"),
            "https://acme.docket.example.com/reset?token=t"
        );
        assert_eq!(urls.public("/signup"), "https://docket.example.com/signup");
    }
}
