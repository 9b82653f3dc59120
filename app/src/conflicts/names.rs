//! Name keys for the conflict check: a name reduced to what identifies it, so that "Jon Smith",
//! "SMITH, John" and "Jón Smith" meet, and "Acme, Inc." meets "ACME LLC".
//!
//! A key is the name's words, lower-cased, with accents taken off (`deunicode`, the maintained
//! Unicode-to-ASCII transliteration), apostrophes and other punctuation dropped, company suffixes
//! dropped, common nicknames mapped to their full form, sorted and de-duplicated. Word order
//! therefore never matters. Keys are computed when a check runs, for every name the firm has, so
//! a change to these rules applies to old rows too.

/// Company-form words that say nothing about who a party is.
const SUFFIXES: &[&str] = &[
    "ag",
    "bv",
    "co",
    "company",
    "corp",
    "corporation",
    "gmbh",
    "inc",
    "incorporated",
    "kg",
    "limited",
    "llc",
    "llp",
    "lp",
    "ltd",
    "nv",
    "plc",
    "pllc",
    "pc",
    "sa",
    "sarl",
    "sas",
    "spa",
    "the",
];

/// Common English nicknames and short forms, with the full form they stand for.
const NICKNAMES: &[(&str, &str)] = &[
    ("abby", "abigail"),
    ("al", "albert"),
    ("alex", "alexander"),
    ("andy", "andrew"),
    ("ben", "benjamin"),
    ("beth", "elizabeth"),
    ("betty", "elizabeth"),
    ("bill", "william"),
    ("billy", "william"),
    ("bob", "robert"),
    ("bobby", "robert"),
    ("cathy", "catherine"),
    ("chris", "christopher"),
    ("chuck", "charles"),
    ("dan", "daniel"),
    ("danny", "daniel"),
    ("dave", "david"),
    ("dick", "richard"),
    ("ed", "edward"),
    ("eddie", "edward"),
    ("jack", "john"),
    ("jim", "james"),
    ("jimmy", "james"),
    ("joe", "joseph"),
    ("johnny", "john"),
    ("jon", "john"),
    ("kate", "katherine"),
    ("katie", "katherine"),
    ("liz", "elizabeth"),
    ("maggie", "margaret"),
    ("matt", "matthew"),
    ("meg", "margaret"),
    ("mike", "michael"),
    ("nick", "nicholas"),
    ("pat", "patrick"),
    ("peggy", "margaret"),
    ("rich", "richard"),
    ("rick", "richard"),
    ("rob", "robert"),
    ("sam", "samuel"),
    ("steve", "stephen"),
    ("sue", "susan"),
    ("ted", "edward"),
    ("tom", "thomas"),
    ("tony", "anthony"),
    ("will", "william"),
];

/// A name's plain words: ASCII, lower case, apostrophes dropped ("O'Brien" is "obrien"), split
/// at everything else that is not a letter or digit.
fn plain_words(name: &str) -> Vec<String> {
    deunicode::deunicode(name)
        .to_lowercase()
        .replace('\'', "")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The words of a name's key, before sorting: see the module docs.
fn words(name: &str) -> Vec<String> {
    plain_words(name)
        .into_iter()
        .filter(|w| !SUFFIXES.contains(&w.as_str()))
        .map(|w| {
            NICKNAMES
                .iter()
                .find(|(short, _)| *short == w)
                .map_or(w.clone(), |(_, full)| full.to_string())
        })
        .collect()
}

/// A name's key: its [`words`], sorted and de-duplicated. A name of nothing but suffixes keys
/// as its plain words, so "The Company" still has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameKey(Vec<String>);

impl NameKey {
    /// The key of `name`.
    pub fn of(name: &str) -> NameKey {
        let mut words = words(name);
        if words.is_empty() {
            words = plain_words(name);
        }
        words.sort();
        words.dedup();
        NameKey(words)
    }

    /// Whether the name had no words at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether every word of `self` is a word of `other`.
    fn within(&self, other: &NameKey) -> bool {
        !self.is_empty() && self.0.iter().all(|w| other.0.contains(w))
    }

    /// Whether a searched name and a stored name may be the same party: one's words are all
    /// words of the other ("Smith" and "John Q. Smith" may be; "Smith" and "Smithson" are not).
    pub fn names_match(&self, stored: &NameKey) -> bool {
        self.within(stored) || stored.within(self)
    }

    /// Whether a searched name appears in a stored title (all its words are the title's).
    pub fn in_title(&self, title: &NameKey) -> bool {
        self.within(title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_of_one_name_share_a_key() {
        for (a, b) in [
            ("John Smith", "SMITH, John"),
            ("Jon Smith", "John  Smith"),
            ("Jón Smíth", "Jon Smith"),
            ("Bill Gates", "William Gates"),
            ("Acme, Inc.", "ACME LLC"),
            ("Müller GmbH", "Muller"),
            ("O'Brien & Sons Ltd", "obrien sons"),
            ("The Acme Corporation", "acme"),
        ] {
            assert_eq!(NameKey::of(a), NameKey::of(b), "{a} / {b}");
        }
        assert_ne!(NameKey::of("John Smith"), NameKey::of("Jane Smith"));
        assert_eq!(NameKey::of("The Company").0, ["company", "the"]);
        assert!(NameKey::of(" .,- ").is_empty());
    }

    #[test]
    fn names_match_when_one_holds_all_words_of_the_other() {
        let stored = NameKey::of("John Quincy Smith");
        assert!(NameKey::of("Jon Smith").names_match(&stored));
        assert!(NameKey::of("smith").names_match(&stored));
        assert!(NameKey::of("Dr John Quincy Smith").names_match(&stored));
        assert!(!NameKey::of("smit").names_match(&stored));
        assert!(!NameKey::of("John Smithson").names_match(&stored));
        assert!(!NameKey::of("").names_match(&stored));
    }

    #[test]
    fn a_name_is_found_in_a_title_but_a_title_not_in_a_name() {
        let title = NameKey::of("Smith v. Acme Widgets Inc");
        assert!(NameKey::of("ACME Widgets LLC").in_title(&title));
        assert!(NameKey::of("Jones").in_title(&NameKey::of("Estate of Jones")));
        assert!(!NameKey::of("Acme Holdings").in_title(&title));
    }
}
