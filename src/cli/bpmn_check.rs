//! `workorder bpmn check FILE...`: would the engine deploy these model files, and if not, why.
//!
//! One line per file that deploys (`ok <path> <process ids>`) and one line per problem
//! (`error <path>:<line> <element id> <message>`, `-` for a problem without element, no
//! `:<line>` when there is no line), so editors and CI can jump to each problem.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use woc_bpmn::{ParseError, ProcessDefinition, ValidationError};
use woc_engine::{expr, Definition, EngineError};

/// Arguments of `bpmn check`.
#[derive(Debug, Clone, Args)]
pub struct BpmnCheckArgs {
    /// BPMN 2.0 XML files to check.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// One reason a file would be refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based source line, when known.
    pub line: Option<u32>,
    /// The offending element, when there is one.
    pub element_id: Option<String>,
    /// What is wrong, without the location.
    pub message: String,
}

/// The verdict on one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileReport {
    /// Deployable; the ids of its executable processes.
    Ok(Vec<String>),
    /// Refused, with every problem found.
    Refused(Vec<Problem>),
    /// Not readable (missing, a folder, not UTF-8): a usage error rather than a bad model.
    Unreadable(String),
}

/// A file's report with its path, printable as the command's output lines.
pub struct Verdict<'a> {
    /// The path as given.
    pub path: &'a Path,
    /// What the check found.
    pub report: FileReport,
}

impl fmt::Display for Verdict<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path.display();
        match &self.report {
            FileReport::Ok(ids) => write!(f, "ok {path} {}", ids.join(" ")),
            FileReport::Unreadable(reason) => write!(f, "error {path} - cannot read: {reason}"),
            FileReport::Refused(problems) => {
                for (i, problem) in problems.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "error {path}")?;
                    if let Some(line) = problem.line {
                        write!(f, ":{line}")?;
                    }
                    let element = problem.element_id.as_deref().unwrap_or("-");
                    write!(f, " {element} {}", problem.message)?;
                }
                Ok(())
            }
        }
    }
}

/// Checks every file, prints the lines, and exits 0 (all deployable), 1 (a model is refused)
/// or 2 (a file could not be read).
pub fn run(args: &BpmnCheckArgs) -> ExitCode {
    let mut refused = false;
    let mut unreadable = false;
    for path in &args.files {
        let report = check_file(path);
        refused |= matches!(report, FileReport::Refused(_));
        unreadable |= matches!(report, FileReport::Unreadable(_));
        println!("{}", Verdict { path, report });
    }
    if unreadable {
        ExitCode::from(2)
    } else if refused {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads and checks one file.
pub fn check_file(path: &Path) -> FileReport {
    match std::fs::read_to_string(path) {
        Ok(xml) => check_xml(&xml),
        Err(error) => FileReport::Unreadable(error.to_string()),
    }
}

/// Parses the document and runs the engine's deployment checks on each executable process.
pub fn check_xml(xml: &str) -> FileReport {
    let definitions = match woc_bpmn::parse(xml) {
        Ok(definitions) => definitions,
        Err(error) => return FileReport::Refused(vec![parse_problem(&error)]),
    };
    let processes: Vec<&ProcessDefinition> = definitions.executable_processes().collect();
    if processes.is_empty() {
        return FileReport::Refused(vec![Problem {
            line: None,
            element_id: None,
            message: "the document has no executable process (isExecutable=\"true\")".into(),
        }]);
    }
    let mut problems: Vec<Problem> = processes.iter().flat_map(|p| deploy_problems(p)).collect();
    if problems.is_empty() {
        FileReport::Ok(processes.iter().map(|p| p.id().to_string()).collect())
    } else {
        problems.sort_by_key(|p| p.line);
        FileReport::Refused(problems)
    }
}

/// Structural and expression problems from `validate_with`, then what the engine refuses on
/// top (unsupported elements, other expressions, literal timers), without repeating any.
fn deploy_problems(process: &ProcessDefinition) -> Vec<Problem> {
    let validation = woc_bpmn::validate_with(process, &expr::check);
    // The engine reports its problems as text; the ones it took from `validate_with` are
    // recognised by their text, so each problem is printed once, with its structured location.
    let known: HashSet<String> = validation.iter().map(ValidationError::to_string).collect();
    let mut problems: Vec<Problem> = validation.into_iter().map(validation_problem).collect();
    match Definition::deploy(process.clone(), 1) {
        Ok(_) => {}
        Err(EngineError::Deployment { problems: refusals }) => problems.extend(
            refusals
                .iter()
                .filter(|text| !known.contains(*text))
                .map(|text| engine_problem(text)),
        ),
        Err(other) => problems.push(Problem {
            line: None,
            element_id: Some(process.id().to_string()),
            message: other.to_string(),
        }),
    }
    problems
}

fn parse_problem(error: &ParseError) -> Problem {
    let text = error.to_string();
    let message = match error.line() {
        Some(line) => without_prefix(&text, &format!("line {line}: ")),
        None => text.clone(),
    };
    Problem {
        line: error.line(),
        element_id: error.element_id().map(str::to_string),
        message,
    }
}

fn validation_problem(error: ValidationError) -> Problem {
    Problem {
        line: Some(error.line),
        element_id: error.element_id,
        message: error.message,
    }
}

/// Reads the engine's `line N: 'id': message` refusal format back into its parts; a text in
/// another shape is kept whole as the message.
fn engine_problem(text: &str) -> Problem {
    let Some((line, rest)) = text
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
        .and_then(|(digits, rest)| Some((digits.parse::<u32>().ok()?, rest)))
    else {
        return Problem {
            line: None,
            element_id: None,
            message: text.to_string(),
        };
    };
    let element = rest
        .strip_prefix('\'')
        .and_then(|quoted| quoted.split_once("': "));
    match element {
        Some((id, message)) => Problem {
            line: Some(line),
            element_id: Some(id.to_string()),
            message: message.to_string(),
        },
        None => Problem {
            line: Some(line),
            element_id: None,
            message: rest.to_string(),
        },
    }
}

fn without_prefix(text: &str, prefix: &str) -> String {
    text.strip_prefix(prefix).unwrap_or(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_refusals_are_split_into_location_and_message() {
        assert_eq!(
            engine_problem("line 7: 'sig': a signal event is not supported by the engine"),
            Problem {
                line: Some(7),
                element_id: Some("sig".into()),
                message: "a signal event is not supported by the engine".into(),
            }
        );
        assert_eq!(engine_problem("line 3: something general").element_id, None);
        assert_eq!(
            engine_problem("the document has no executable process").line,
            None
        );
    }

    #[test]
    fn lines_without_line_or_element_keep_four_columns() {
        let verdict = Verdict {
            path: Path::new("a.bpmn"),
            report: FileReport::Refused(vec![Problem {
                line: None,
                element_id: None,
                message: "no process".into(),
            }]),
        };
        assert_eq!(verdict.to_string(), "error a.bpmn - no process");
    }
}
