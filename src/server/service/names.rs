//! Parsed text values of the directory and catalog: once built, they are known to be valid.

/// Why a text value was refused; rendered per language by the API layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextProblem {
    /// Empty or only whitespace.
    Blank,
    /// Longer than the limit (in characters).
    TooLong(usize),
    /// Contains characters outside the allowed set.
    BadCharacters,
}

/// A login name, which is also the user id BPMN assignments name: 1-64 ASCII letters, digits
/// and `_ . - @`, so it survives in expressions, URLs and CSV lists like `nextUserIds`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    /// Parses a username (surrounding whitespace removed).
    pub fn parse(text: &str) -> Result<Username, TextProblem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(TextProblem::Blank);
        }
        if text.len() > 64 {
            return Err(TextProblem::TooLong(64));
        }
        if !text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '@'))
        {
            return Err(TextProblem::BadCharacters);
        }
        Ok(Username(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A human-readable name (nick name, department, app...): trimmed, 1-100 characters, no
/// control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    /// Parses a name.
    pub fn parse(text: &str) -> Result<DisplayName, TextProblem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(TextProblem::Blank);
        }
        if text.chars().count() > 100 {
            return Err(TextProblem::TooLong(100));
        }
        if text.chars().any(char::is_control) {
            return Err(TextProblem::BadCharacters);
        }
        Ok(DisplayName(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A machine key (group key, category code): 1-64 ASCII letters, digits, `_` and `-`, as BPMN
/// `candidateGroups` and category attributes reference them verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code(String);

impl Code {
    /// Parses a key.
    pub fn parse(text: &str) -> Result<Code, TextProblem> {
        let text = text.trim();
        if text.is_empty() {
            return Err(TextProblem::Blank);
        }
        if text.len() > 64 {
            return Err(TextProblem::TooLong(64));
        }
        if !text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        {
            return Err(TextProblem::BadCharacters);
        }
        Ok(Code(text.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: 8-128 characters; what makes it strong is left to the people choosing it.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// Why a new password was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Fewer than 8 characters.
    TooShort,
    /// More than 128 characters (argon2 input bound per request).
    TooLong,
}

impl NewPassword {
    /// Parses a password; whitespace is kept, as it is part of what the user typed.
    pub fn parse(text: &str) -> Result<NewPassword, PasswordProblem> {
        match text.chars().count() {
            n if n < 8 => Err(PasswordProblem::TooShort),
            n if n > 128 => Err(PasswordProblem::TooLong),
            _ => Ok(NewPassword(text.to_owned())),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(Username::parse(" kermit ").unwrap().as_str(), "kermit");
        assert_eq!(Username::parse("a.b-c_d@x").unwrap().as_str(), "a.b-c_d@x");
        assert_eq!(Username::parse("  "), Err(TextProblem::Blank));
        assert_eq!(Username::parse("a b"), Err(TextProblem::BadCharacters));
        assert_eq!(Username::parse("张三"), Err(TextProblem::BadCharacters));
        assert_eq!(
            Username::parse(&"x".repeat(65)),
            Err(TextProblem::TooLong(64))
        );
    }

    #[test]
    fn display_names() {
        assert_eq!(DisplayName::parse(" 张三 ").unwrap().as_str(), "张三");
        assert_eq!(DisplayName::parse(""), Err(TextProblem::Blank));
        assert_eq!(DisplayName::parse("a\nb"), Err(TextProblem::BadCharacters));
        assert!(DisplayName::parse(&"名".repeat(100)).is_ok());
        assert_eq!(
            DisplayName::parse(&"名".repeat(101)),
            Err(TextProblem::TooLong(100))
        );
    }

    #[test]
    fn codes() {
        assert_eq!(
            Code::parse("it-support_2").unwrap().as_str(),
            "it-support_2"
        );
        assert_eq!(Code::parse("a.b"), Err(TextProblem::BadCharacters));
        assert_eq!(Code::parse(""), Err(TextProblem::Blank));
    }

    #[test]
    fn passwords() {
        assert!(NewPassword::parse("12345678").is_ok());
        assert_eq!(
            NewPassword::parse("1234567"),
            Err(PasswordProblem::TooShort)
        );
        assert_eq!(
            NewPassword::parse(&"x".repeat(129)),
            Err(PasswordProblem::TooLong)
        );
        assert_eq!(
            format!("{:?}", NewPassword::parse("secret-pw").unwrap()),
            "NewPassword(***)"
        );
    }
}
