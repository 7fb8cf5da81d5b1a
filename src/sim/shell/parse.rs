//! Splitting a command line into words, and a command's words into options and operands.
//!
//! Words follow the POSIX shell's rules for the simple cases: blanks separate words; a
//! backslash keeps the next character as it is; single quotes keep everything up to the next
//! single quote; double quotes keep everything but `\"`, `\\`, `` \` `` and `\$`, which lose
//! their backslash; a word starting with `#` begins a comment. Options follow `getopt`: `-p 22`,
//! `-p22`, grouped flags (`-tN`), `--` ends them, and so does the first operand (as ssh reads
//! its command line). Left out: variables, globbing, pipes and redirections, long options.

/// The longest line a terminal takes, in bytes; longer input is cut (see [`cap_line`]).
pub const MAX_LINE_BYTES: usize = 4 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// A quote (`'` or `"`) was opened and never closed.
    UnclosedQuote(char),
}

/// The words of `line`, quotes and escapes resolved.
pub fn words(line: &str) -> Result<Vec<String>, ParseError> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => words.extend(word.take()),
            '#' if word.is_none() => break,
            '\\' => {
                // A backslash at the very end stands for itself.
                word.get_or_insert_with(String::new).push(chars.next().unwrap_or('\\'));
            }
            '\'' => {
                let word = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err(ParseError::UnclosedQuote('\'')),
                    }
                }
            }
            '"' => {
                let word = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '`' | '$')) => word.push(c),
                            Some(c) => word.extend(['\\', c]),
                            None => return Err(ParseError::UnclosedQuote('"')),
                        },
                        Some(c) => word.push(c),
                        None => return Err(ParseError::UnclosedQuote('"')),
                    }
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    Ok(words)
}

/// `line` cut to at most [`MAX_LINE_BYTES`] on a character boundary, and whether it was cut.
pub fn cap_line(line: &str) -> (&str, bool) {
    if line.len() <= MAX_LINE_BYTES {
        return (line, false);
    }
    let mut end = MAX_LINE_BYTES;
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    (&line[..end], true)
}

/// A command's arguments sorted into options, in the order given, and operands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub flags: Vec<(char, Option<String>)>,
    pub operands: Vec<String>,
}

impl Options {
    /// The value of the last `-flag VALUE`, as `getopt` users read it.
    pub fn value(&self, flag: char) -> Option<&str> {
        self.flags.iter().rev().find(|(f, _)| *f == flag).and_then(|(_, v)| v.as_deref())
    }

    pub fn has(&self, flag: char) -> bool {
        self.flags.iter().any(|(f, _)| *f == flag)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionError {
    /// `-x` where the command knows no `x`.
    Unknown(char),
    /// `-p` at the end, with no value after it.
    MissingValue(char),
}

/// Reads `args` (the words after the command's name) as `getopt` does: `with_value` lists the
/// option letters that take a value, `plain` those that do not.
pub fn options(args: &[String], with_value: &str, plain: &str) -> Result<Options, OptionError> {
    let mut parsed = Options::default();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if arg == "--" {
            break;
        }
        let Some(letters) = arg.strip_prefix('-').filter(|l| !l.is_empty()) else {
            parsed.operands.push(arg.clone());
            break;
        };
        for (at, flag) in letters.char_indices() {
            if with_value.contains(flag) {
                let attached = &letters[at + flag.len_utf8()..];
                let value = match attached {
                    "" => rest.next().cloned().ok_or(OptionError::MissingValue(flag))?,
                    _ => attached.to_string(),
                };
                parsed.flags.push((flag, Some(value)));
                break;
            } else if plain.contains(flag) {
                parsed.flags.push((flag, None));
            } else {
                return Err(OptionError::Unknown(flag));
            }
        }
    }
    parsed.operands.extend(rest.cloned());
    Ok(parsed)
}
