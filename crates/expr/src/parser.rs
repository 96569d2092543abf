//! Recursive-descent parser for one JUEL evaluation, with JUEL operator precedence.
//!
//! Nesting depth and tree size are bounded so a hostile expression cannot overflow the stack
//! (evaluation and dropping both recurse over the tree).

use serde_json::Value;

use super::lexer::{Token, TokenKind};
use super::ExprError;

/// Deepest nesting of sub-expressions accepted.
const MAX_NESTING: usize = 64;

/// Most tree nodes one evaluation may have; also bounds the depth of operator chains.
const MAX_NODES: usize = 1_000;

/// A parsed sub-expression with the character offset it starts at.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// What the node computes.
    pub kind: NodeKind,
    /// Character offset in the expression text, for error messages.
    pub pos: usize,
}

/// Node kinds of the expression tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NodeKind {
    Literal(Value),
    Identifier(String),
    Property(Box<Node>, String),
    Index(Box<Node>, Box<Node>),
    Call {
        target: Box<Node>,
        method: String,
        args: Vec<Node>,
    },
    Unary(UnaryOp, Box<Node>),
    Binary(BinaryOp, Box<Node>, Box<Node>),
    Conditional(Box<Node>, Box<Node>, Box<Node>),
    /// A prefixed EL function such as Flowable's `variables:get(name)`.
    Function {
        name: String,
        args: Vec<Node>,
    },
}

/// Prefix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnaryOp {
    Neg,
    Not,
    Empty,
}

/// Infix operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

/// Parses the tokens of one evaluation (ending with `End`) into a tree.
pub(crate) fn parse(text: &str, tokens: &[Token]) -> Result<Node, ExprError> {
    let mut parser = Parser {
        text,
        tokens,
        at: 0,
        depth: 0,
        nodes: 0,
    };
    let node = parser.conditional()?;
    let token = parser.peek();
    if token.kind != TokenKind::End {
        return Err(ExprError::syntax(text, token.pos, "unexpected token"));
    }
    Ok(node)
}

struct Parser<'a> {
    text: &'a str,
    tokens: &'a [Token],
    at: usize,
    depth: usize,
    nodes: usize,
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        // The lexer always ends the list with `End`, so the last token is a safe fallback.
        self.tokens
            .get(self.at)
            .or_else(|| self.tokens.last())
            .unwrap_or(&END)
    }

    fn bump(&mut self) -> Token {
        let token = self.peek().clone();
        if self.at < self.tokens.len() {
            self.at += 1;
        }
        token
    }

    /// Counts a new tree node, refusing oversized expressions before the tree gets deep.
    fn count(&mut self) -> Result<(), ExprError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(self.error("expression is too long"));
        }
        Ok(())
    }

    fn error(&self, msg: &str) -> ExprError {
        ExprError::syntax(self.text, self.peek().pos, msg)
    }

    fn expect(&mut self, kind: TokenKind, what: &str) -> Result<(), ExprError> {
        if self.peek().kind == kind {
            self.bump();
            Ok(())
        } else {
            Err(self.error(&format!("expected {what}")))
        }
    }

    fn conditional(&mut self) -> Result<Node, ExprError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error("expression nested too deeply"));
        }
        let condition = self.binary(0)?;
        let result = if self.peek().kind == TokenKind::Question {
            self.bump();
            let then = self.conditional()?;
            self.expect(TokenKind::Colon, "':' of the conditional operator")?;
            let otherwise = self.conditional()?;
            let pos = condition.pos;
            Node {
                kind: NodeKind::Conditional(
                    Box::new(condition),
                    Box::new(then),
                    Box::new(otherwise),
                ),
                pos,
            }
        } else {
            condition
        };
        self.depth -= 1;
        Ok(result)
    }

    /// The binary operator at the cursor at precedence `level`, if any.
    fn operator(&self, level: usize) -> Option<BinaryOp> {
        use BinaryOp::*;
        let kind = &self.peek().kind;
        let word = match kind {
            TokenKind::Ident(w) => w.as_str(),
            _ => "",
        };
        let op = match (kind, word) {
            (TokenKind::OrOr, _) | (_, "or") => Or,
            (TokenKind::AndAnd, _) | (_, "and") => And,
            (TokenKind::EqEq, _) | (_, "eq") => Eq,
            (TokenKind::NotEq, _) | (_, "ne") => Ne,
            (TokenKind::Lt, _) | (_, "lt") => Lt,
            (TokenKind::Gt, _) | (_, "gt") => Gt,
            (TokenKind::Le, _) | (_, "le") => Le,
            (TokenKind::Ge, _) | (_, "ge") => Ge,
            (TokenKind::Plus, _) => Add,
            (TokenKind::Minus, _) => Sub,
            (TokenKind::Star, _) => Mul,
            (TokenKind::Slash, _) | (_, "div") => Div,
            (TokenKind::Percent, _) | (_, "mod") => Mod,
            _ => return None,
        };
        let op_level = match op {
            Or => 0,
            And => 1,
            Eq | Ne => 2,
            Lt | Gt | Le | Ge => 3,
            Add | Sub => 4,
            Mul | Div | Mod => 5,
        };
        (op_level == level).then_some(op)
    }

    fn binary(&mut self, level: usize) -> Result<Node, ExprError> {
        if level > 5 {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        while let Some(op) = self.operator(level) {
            self.bump();
            self.count()?;
            let right = self.binary(level + 1)?;
            let pos = left.pos;
            left = Node {
                kind: NodeKind::Binary(op, Box::new(left), Box::new(right)),
                pos,
            };
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Node, ExprError> {
        let pos = self.peek().pos;
        let op = match &self.peek().kind {
            TokenKind::Minus => Some(UnaryOp::Neg),
            TokenKind::Bang => Some(UnaryOp::Not),
            TokenKind::Ident(w) if w == "not" => Some(UnaryOp::Not),
            TokenKind::Ident(w) if w == "empty" => Some(UnaryOp::Empty),
            _ => None,
        };
        match op {
            Some(op) => {
                self.bump();
                self.depth += 1;
                if self.depth > MAX_NESTING {
                    return Err(self.error("expression nested too deeply"));
                }
                let operand = self.unary()?;
                self.depth -= 1;
                Ok(Node {
                    kind: NodeKind::Unary(op, Box::new(operand)),
                    pos,
                })
            }
            None => self.postfix(),
        }
    }

    fn postfix(&mut self) -> Result<Node, ExprError> {
        let mut node = self.primary()?;
        loop {
            if matches!(self.peek().kind, TokenKind::Dot | TokenKind::LBracket) {
                self.count()?;
            }
            match self.peek().kind {
                TokenKind::Dot => {
                    self.bump();
                    let token = self.bump();
                    let TokenKind::Ident(name) = token.kind else {
                        return Err(ExprError::syntax(
                            self.text,
                            token.pos,
                            "expected a property name after '.'",
                        ));
                    };
                    if self.peek().kind == TokenKind::LParen {
                        let args = self.arguments()?;
                        node = Node {
                            pos: token.pos,
                            kind: NodeKind::Call {
                                target: Box::new(node),
                                method: name,
                                args,
                            },
                        };
                    } else {
                        node = Node {
                            pos: token.pos,
                            kind: NodeKind::Property(Box::new(node), name),
                        };
                    }
                }
                TokenKind::LBracket => {
                    let pos = self.bump().pos;
                    let index = self.conditional()?;
                    self.expect(TokenKind::RBracket, "']'")?;
                    node = Node {
                        kind: NodeKind::Index(Box::new(node), Box::new(index)),
                        pos,
                    };
                }
                _ => return Ok(node),
            }
        }
    }

    fn arguments(&mut self) -> Result<Vec<Node>, ExprError> {
        self.expect(TokenKind::LParen, "'('")?;
        let mut args = Vec::new();
        if self.peek().kind == TokenKind::RParen {
            self.bump();
            return Ok(args);
        }
        loop {
            args.push(self.conditional()?);
            match self.bump().kind {
                TokenKind::Comma => continue,
                TokenKind::RParen => return Ok(args),
                _ => return Err(self.error("expected ',' or ')' in argument list")),
            }
        }
    }

    fn primary(&mut self) -> Result<Node, ExprError> {
        self.count()?;
        let token = self.bump();
        let pos = token.pos;
        let kind = match token.kind {
            TokenKind::Int(n) => NodeKind::Literal(Value::from(n)),
            TokenKind::Float(f) => NodeKind::Literal(
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| ExprError::syntax(self.text, pos, "invalid number"))?,
            ),
            TokenKind::Str(s) => NodeKind::Literal(Value::String(s)),
            TokenKind::LParen => {
                let inner = self.conditional()?;
                self.expect(TokenKind::RParen, "')'")?;
                return Ok(inner);
            }
            TokenKind::Ident(word) => match word.as_str() {
                "true" => NodeKind::Literal(Value::Bool(true)),
                "false" => NodeKind::Literal(Value::Bool(false)),
                "null" => NodeKind::Literal(Value::Null),
                "and" | "or" | "not" | "eq" | "ne" | "lt" | "gt" | "le" | "ge" | "div" | "mod"
                | "empty" | "instanceof" => {
                    return Err(ExprError::syntax(
                        self.text,
                        pos,
                        &format!("reserved word '{word}' cannot start an operand"),
                    ))
                }
                _ if self.is_function_call() => return self.function(word, pos),
                _ if self.peek().kind == TokenKind::LParen => {
                    return Err(ExprError::syntax(
                        self.text,
                        pos,
                        &format!("unknown function '{word}'"),
                    ))
                }
                _ => NodeKind::Identifier(word),
            },
            TokenKind::End => return Err(ExprError::syntax(self.text, pos, "empty expression")),
            _ => return Err(ExprError::syntax(self.text, pos, "unexpected token")),
        };
        Ok(Node { kind, pos })
    }
}

impl Parser<'_> {
    /// `prefix:name(`: JUEL reads this as a function call, even after a ternary's `?`.
    fn is_function_call(&self) -> bool {
        let kind = |i: usize| self.tokens.get(self.at + i).map(|t| &t.kind);
        matches!(kind(0), Some(TokenKind::Colon))
            && matches!(kind(1), Some(TokenKind::Ident(_)))
            && matches!(kind(2), Some(TokenKind::LParen))
    }

    /// A Flowable variable function; a bare identifier as its first argument names the
    /// variable (Flowable rewrites `variables:get(x)` to take the name `'x'`).
    fn function(&mut self, prefix: String, pos: usize) -> Result<Node, ExprError> {
        self.bump();
        let name = match self.bump().kind {
            TokenKind::Ident(name) => name,
            _ => {
                return Err(ExprError::syntax(
                    self.text,
                    pos,
                    "expected a function name",
                ))
            }
        };
        if !matches!(prefix.as_str(), "variables" | "vars" | "var")
            || !super::functions::is_known(&name)
        {
            return Err(ExprError::syntax(
                self.text,
                pos,
                &format!("unknown function '{prefix}:{name}'"),
            ));
        }
        let mut args = self.arguments()?;
        if let Some(first) = args.first_mut() {
            if let NodeKind::Identifier(variable) = &first.kind {
                first.kind = NodeKind::Literal(Value::String(variable.clone()));
            }
        }
        Ok(Node {
            kind: NodeKind::Function { name, args },
            pos,
        })
    }
}

/// Adds the names of the variables `node` reads to `out`, each once, in order of appearance:
/// bare identifiers, the variable a `variables:` function names, and
/// `execution.getVariable('x')`. Recursion is bounded by the parser's nesting and size limits.
pub(crate) fn collect_identifiers(node: &Node, out: &mut Vec<String>) {
    let mut add = |name: &str| {
        if !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    };
    match &node.kind {
        NodeKind::Literal(_) => {}
        NodeKind::Identifier(name) => add(name),
        NodeKind::Property(base, _) => collect_identifiers(base, out),
        NodeKind::Index(base, index) => {
            collect_identifiers(base, out);
            collect_identifiers(index, out);
        }
        NodeKind::Call {
            target,
            method,
            args,
        } => {
            let reads_execution = matches!(&target.kind, NodeKind::Identifier(t) if t == "execution")
                && method == "getVariable";
            match (reads_execution, args.as_slice()) {
                (
                    true,
                    [Node {
                        kind: NodeKind::Literal(Value::String(name)),
                        ..
                    }],
                ) => add(name),
                _ => collect_identifiers(target, out),
            }
            for arg in args {
                collect_identifiers(arg, out);
            }
        }
        NodeKind::Unary(_, operand) => collect_identifiers(operand, out),
        NodeKind::Binary(_, left, right) => {
            collect_identifiers(left, out);
            collect_identifiers(right, out);
        }
        NodeKind::Conditional(condition, then, otherwise) => {
            collect_identifiers(condition, out);
            collect_identifiers(then, out);
            collect_identifiers(otherwise, out);
        }
        NodeKind::Function { args, .. } => {
            // The parser turned the first argument into the variable's name.
            if let Some(Node {
                kind: NodeKind::Literal(Value::String(name)),
                ..
            }) = args.first()
            {
                add(name);
            }
            for arg in args {
                collect_identifiers(arg, out);
            }
        }
    }
}

static END: Token = Token {
    kind: TokenKind::End,
    pos: 0,
};
