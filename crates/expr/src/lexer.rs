//! Tokens of the JUEL expression language, read from inside one `${...}` or `#{...}`.

use super::ExprError;

/// One lexical token with its character offset in the whole expression text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    /// What was read.
    pub kind: TokenKind,
    /// Character offset of the token's first character.
    pub pos: usize,
}

/// Token kinds; keywords (`and`, `eq`, `empty`, ...) stay identifiers for the parser.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TokenKind {
    Ident(String),
    Int(i64),
    Float(f64),
    Str(String),
    Dot,
    LBracket,
    RBracket,
    LParen,
    RParen,
    Comma,
    Question,
    Colon,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    EqEq,
    NotEq,
    Lt,
    Gt,
    Le,
    Ge,
    AndAnd,
    OrOr,
    Bang,
    /// The closing `}` of the evaluation.
    End,
}

/// Reads tokens from `chars[start..]` up to and including the closing `}`.
///
/// Returns the tokens (ending with `End`) and the offset just after the `}`.
pub(crate) fn lex(
    text: &str,
    chars: &[char],
    start: usize,
) -> Result<(Vec<Token>, usize), ExprError> {
    let mut tokens = Vec::new();
    let mut i = start;
    let err = |pos: usize, msg: &str| ExprError::syntax(text, pos, msg);
    loop {
        let Some(&c) = chars.get(i) else {
            return Err(err(i, "missing closing '}'"));
        };
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let pos = i;
        let two = |next: char| chars.get(i + 1) == Some(&next);
        let (kind, len) = match c {
            '}' => {
                tokens.push(Token {
                    kind: TokenKind::End,
                    pos,
                });
                return Ok((tokens, i + 1));
            }
            '.' if chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()) => {
                let (kind, len) = number(text, chars, i)?;
                (kind, len)
            }
            '.' => (TokenKind::Dot, 1),
            '[' => (TokenKind::LBracket, 1),
            ']' => (TokenKind::RBracket, 1),
            '(' => (TokenKind::LParen, 1),
            ')' => (TokenKind::RParen, 1),
            ',' => (TokenKind::Comma, 1),
            '?' => (TokenKind::Question, 1),
            ':' => (TokenKind::Colon, 1),
            '+' => (TokenKind::Plus, 1),
            '-' => (TokenKind::Minus, 1),
            '*' => (TokenKind::Star, 1),
            '/' => (TokenKind::Slash, 1),
            '%' => (TokenKind::Percent, 1),
            '=' if two('=') => (TokenKind::EqEq, 2),
            '!' if two('=') => (TokenKind::NotEq, 2),
            '!' => (TokenKind::Bang, 1),
            '<' if two('=') => (TokenKind::Le, 2),
            '<' => (TokenKind::Lt, 1),
            '>' if two('=') => (TokenKind::Ge, 2),
            '>' => (TokenKind::Gt, 1),
            '&' if two('&') => (TokenKind::AndAnd, 2),
            '|' if two('|') => (TokenKind::OrOr, 2),
            '\'' | '"' => string(text, chars, i)?,
            d if d.is_ascii_digit() => number(text, chars, i)?,
            a if a.is_alphabetic() || a == '_' || a == '$' => {
                let end = chars[i..]
                    .iter()
                    .position(|ch| !(ch.is_alphanumeric() || *ch == '_' || *ch == '$'))
                    .map_or(chars.len(), |n| i + n);
                (TokenKind::Ident(chars[i..end].iter().collect()), end - i)
            }
            other => return Err(err(pos, &format!("unexpected character '{other}'"))),
        };
        tokens.push(Token { kind, pos });
        i += len;
    }
}

/// A quoted string; JUEL escapes are `\'`, `\"` and `\\`.
fn string(text: &str, chars: &[char], start: usize) -> Result<(TokenKind, usize), ExprError> {
    let quote = chars[start];
    let mut out = String::new();
    let mut i = start + 1;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' => {
                match chars.get(i + 1) {
                    Some(&e @ ('\'' | '"' | '\\')) => out.push(e),
                    Some(&other) => {
                        out.push('\\');
                        out.push(other);
                    }
                    None => break,
                }
                i += 2;
            }
            c if c == quote => return Ok((TokenKind::Str(out), i + 1 - start)),
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Err(ExprError::syntax(
        text,
        start,
        "unterminated string literal",
    ))
}

/// An integer or floating point literal (`12`, `1.5`, `.5`, `1e3`).
fn number(text: &str, chars: &[char], start: usize) -> Result<(TokenKind, usize), ExprError> {
    let mut i = start;
    let mut float = false;
    while chars.get(i).is_some_and(|c| c.is_ascii_digit()) {
        i += 1;
    }
    if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
        float = true;
        i += 1;
        while chars.get(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
    }
    if matches!(chars.get(i), Some('e' | 'E')) {
        let mut j = i + 1;
        if matches!(chars.get(j), Some('+' | '-')) {
            j += 1;
        }
        if chars.get(j).is_some_and(|c| c.is_ascii_digit()) {
            float = true;
            i = j;
            while chars.get(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
        }
    }
    let literal: String = chars[start..i].iter().collect();
    let kind = if float {
        crate::decimal(&literal)
            .map(TokenKind::Float)
            .ok_or_else(|| ExprError::syntax(text, start, "invalid number"))?
    } else {
        literal
            .parse::<i64>()
            .map(TokenKind::Int)
            .map_err(|_| ExprError::syntax(text, start, "integer literal out of range"))?
    };
    Ok((kind, i - start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        let chars: Vec<char> = src.chars().collect();
        let (tokens, _) = lex(src, &chars, 0).expect("lexes");
        tokens.into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn reads_operators_literals_and_identifiers() {
        use TokenKind::*;
        assert_eq!(
            kinds("a.b >= 1.5 && 'x\\'y' != \"z\"}"),
            vec![
                Ident("a".into()),
                Dot,
                Ident("b".into()),
                Ge,
                Float(1.5),
                AndAnd,
                Str("x'y".into()),
                NotEq,
                Str("z".into()),
                End
            ]
        );
    }

    #[test]
    fn braces_inside_strings_do_not_close() {
        assert_eq!(
            kinds("'}' }"),
            vec![TokenKind::Str("}".into()), TokenKind::End]
        );
    }

    #[test]
    fn missing_close_is_an_error() {
        let chars: Vec<char> = "a + 1".chars().collect();
        assert!(lex("a + 1", &chars, 0).is_err());
    }
}
