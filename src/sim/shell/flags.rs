//! Flags the way Go command-line tools read them (docker and kubectl use the `pflag` package):
//! long flags (`--name web`, `--name=web`), one-letter shorthands (`-p 8080:80`, `-p8080:80`,
//! grouped `-dp 8080:80`), and `--` to end them. Flags stop at the first operand, as `docker
//! run` reads its line (`docker run [OPTIONS] IMAGE [COMMAND] [ARG...]`). Errors carry pflag's
//! own wording. Left out: boolean flags given a value (`--detach=false`), negative numbers as
//! operands.

/// A flag a command knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    /// Whether it takes a value (`--name web`) or stands alone (`--detach`).
    pub takes_value: bool,
}

/// A command's flags, in the order given (by their long names), and its operands.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub flags: Vec<(&'static str, String)>,
    pub operands: Vec<String>,
}

impl Parsed {
    /// The value given last, as a later flag overrides an earlier one.
    pub fn value(&self, long: &str) -> Option<&str> {
        self.flags.iter().rev().find(|(f, _)| *f == long).map(|(_, v)| v.as_str())
    }

    /// Every value given, in order (`-p` may be repeated).
    pub fn values<'a>(&'a self, long: &'a str) -> impl Iterator<Item = &'a str> {
        self.flags.iter().filter(move |(f, _)| *f == long).map(|(_, v)| v.as_str())
    }

    pub fn has(&self, long: &str) -> bool {
        self.flags.iter().any(|(f, _)| *f == long)
    }
}

/// Reads `args` against `known`; the error is pflag's message.
pub fn parse(args: &[String], known: &[Flag]) -> Result<Parsed, String> {
    let mut parsed = Parsed::default();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        if arg == "--" {
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let (name, attached) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value.to_string())),
                None => (long, None),
            };
            let flag = known.iter().find(|f| f.long == name).ok_or_else(|| format!("unknown flag: --{name}"))?;
            let value = match (flag.takes_value, attached) {
                (true, Some(value)) => value,
                (true, None) => rest.next().cloned().ok_or_else(|| format!("flag needs an argument: --{name}"))?,
                (false, Some(_)) => return Err(format!("flag --{name} does not take a value here")),
                (false, None) => String::new(),
            };
            parsed.flags.push((flag.long, value));
            continue;
        }
        let Some(letters) = arg.strip_prefix('-').filter(|l| !l.is_empty()) else {
            parsed.operands.push(arg.clone());
            break;
        };
        for (at, letter) in letters.char_indices() {
            let flag = known
                .iter()
                .find(|f| f.short == Some(letter))
                .ok_or_else(|| format!("unknown shorthand flag: '{letter}' in -{letters}"))?;
            if !flag.takes_value {
                parsed.flags.push((flag.long, String::new()));
                continue;
            }
            let attached = &letters[at + letter.len_utf8()..];
            let value = match attached {
                "" => rest.next().cloned().ok_or_else(|| format!("flag needs an argument: '{letter}' in -{letter}"))?,
                _ => attached.strip_prefix('=').unwrap_or(attached).to_string(),
            };
            parsed.flags.push((flag.long, value));
            break;
        }
    }
    parsed.operands.extend(rest.cloned());
    Ok(parsed)
}
