//! The terminal's parts every terminal chapter shares: splitting lines into words, options,
//! completion, history and the bounded scrollback.

use server_lab::sim::shell::parse::{cap_line, MAX_LINE_BYTES};
use server_lab::sim::shell::screen::{MAX_HISTORY, MAX_SCREEN_LINES};
use server_lab::sim::shell::{complete, options, words, Completion, History, OptionError, ParseError, Screen};

fn split(line: &str) -> Vec<String> {
    words(line).unwrap_or_else(|e| panic!("{line:?}: {e:?}"))
}

#[test]
fn words_follow_the_shells_quoting_rules() {
    let table: [(&str, &[&str]); 14] = [
        ("", &[]),
        ("   \t ", &[]),
        ("ls", &["ls"]),
        ("  ssh   deploy@203.0.113.10  ", &["ssh", "deploy@203.0.113.10"]),
        ("echo 'a  b' c", &["echo", "a  b", "c"]),
        ("echo \"a 'b' c\"", &["echo", "a 'b' c"]),
        ("echo 'a \"b\"'", &["echo", "a \"b\""]),
        (r#"echo "a \"q\" \\ \$ \n""#, &["echo", r#"a "q" \ $ \n"#]),
        (r"echo a\ b", &["echo", "a b"]),
        ("echo ''", &["echo", ""]),
        ("echo a'b'\"c\"", &["echo", "abc"]),
        ("git pull # fetch the new code", &["git", "pull"]),
        ("echo a#b", &["echo", "a#b"]),
        ("echo 배포 ✓", &["echo", "배포", "✓"]),
    ];
    for (line, expected) in table {
        assert_eq!(split(line), expected, "{line:?}");
    }
    assert_eq!(split("echo end\\"), ["echo", "end\\"], "a backslash at the end stands for itself");
}

#[test]
fn an_unclosed_quote_is_an_error_not_a_word() {
    assert_eq!(words("echo 'oops"), Err(ParseError::UnclosedQuote('\'')));
    assert_eq!(words("echo \"oops"), Err(ParseError::UnclosedQuote('"')));
    assert_eq!(words("echo \"oops\\"), Err(ParseError::UnclosedQuote('"')));
}

#[test]
fn options_are_read_as_getopt_reads_them() {
    let args = |line: &str| split(line);
    let parsed = options(&args("-p 2222 -i ~/.ssh/k deploy@host"), "pi", "").expect("valid");
    assert_eq!(parsed.value('p'), Some("2222"));
    assert_eq!(parsed.value('i'), Some("~/.ssh/k"));
    assert_eq!(parsed.operands, ["deploy@host"]);
    let attached = options(&args("-p2222 host"), "p", "").expect("valid");
    assert_eq!(attached.value('p'), Some("2222"));
    let grouped = options(&args("-al dir"), "", "al").expect("valid");
    assert!(grouped.has('a') && grouped.has('l'));
    assert_eq!(grouped.operands, ["dir"]);
    let stops = options(&args("host -p 22"), "p", "").expect("valid");
    assert_eq!(stops.operands, ["host", "-p", "22"], "the first operand ends the options");
    let dashes = options(&args("-- -p"), "p", "").expect("valid");
    assert_eq!(dashes.operands, ["-p"]);
    assert_eq!(options(&args("-x host"), "p", ""), Err(OptionError::Unknown('x')));
    assert_eq!(options(&args("host -p"), "p", "").map(|o| o.operands.len()), Ok(2));
    assert_eq!(options(&args("-p"), "p", ""), Err(OptionError::MissingValue('p')));
    assert_eq!(options(&args("-"), "p", "").map(|o| o.operands), Ok(vec!["-".to_string()]));
}

#[test]
fn long_lines_are_cut_on_a_character_boundary() {
    let short = "ls";
    assert_eq!(cap_line(short), (short, false));
    let long = "가".repeat(MAX_LINE_BYTES); // three bytes each
    let (cut, was_cut) = cap_line(&long);
    assert!(was_cut);
    assert!(cut.len() <= MAX_LINE_BYTES && cut.len() > MAX_LINE_BYTES - 3);
    assert!(cut.chars().all(|c| c == '가'));
}

#[test]
fn tab_completes_the_last_word() {
    let candidates: Vec<String> = ["ssh", "ssh-keygen", "ssh-copy-id", "systemctl"].map(String::from).to_vec();
    assert_eq!(complete("sy", &candidates), Completion::Done("systemctl ".to_string()));
    assert_eq!(
        complete("ssh-k", &candidates),
        Completion::Done("ssh-keygen ".to_string()),
        "one match is completed with a space after it"
    );
    match complete("s", &candidates) {
        Completion::Several { line, candidates } => {
            assert_eq!(line, "s", "ssh… and systemctl share only the s");
            assert_eq!(candidates.len(), 4);
        }
        other => panic!("{other:?}"),
    }
    match complete("ssh-", &candidates) {
        Completion::Several { line, .. } => assert_eq!(line, "ssh-"),
        other => panic!("{other:?}"),
    }
    let files: Vec<String> = ["deploy@203.0.113.10", "deploy@example.com"].map(String::from).to_vec();
    match complete("ssh de", &files) {
        Completion::Several { line, .. } => assert_eq!(line, "ssh deploy@"),
        other => panic!("{other:?}"),
    }
    assert_eq!(complete("ssh deploy@e", &files), Completion::Done("ssh deploy@example.com ".to_string()));
    assert_eq!(complete("kubectl", &candidates), Completion::Nothing);
    let korean: Vec<String> = ["배포하기", "배포판"].map(String::from).to_vec();
    match complete("배", &korean) {
        Completion::Several { line, .. } => assert_eq!(line, "배포", "the shared start ends on a character"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn history_walks_back_and_forth_and_gives_back_the_draft() {
    let mut history = History::default();
    assert_eq!(history.older("typing"), None, "nothing to go back to");
    for line in ["ssh deploy@203.0.113.10", "yes", "yes", "  ", "cd app"] {
        history.push(line);
    }
    assert_eq!(history.len(), 3, "blank lines and repeats are not kept");
    assert_eq!(history.older("git pu"), Some("cd app"));
    assert_eq!(history.older(""), Some("yes"));
    assert_eq!(history.older(""), Some("ssh deploy@203.0.113.10"));
    assert_eq!(history.older(""), None, "the oldest stays");
    assert_eq!(history.newer(), Some("yes"));
    assert_eq!(history.newer(), Some("cd app"));
    assert_eq!(history.newer(), Some("git pu"), "past the newest: the line being typed");
    assert_eq!(history.newer(), None);
    for n in 0..MAX_HISTORY + 50 {
        history.push(&format!("line {n}"));
    }
    assert_eq!(history.len(), MAX_HISTORY);
    assert_eq!(history.older(""), Some(format!("line {}", MAX_HISTORY + 49).as_str()));
}

#[test]
fn the_scrollback_is_bounded_and_counts_every_line() {
    let mut screen = Screen::default();
    for n in 0..MAX_SCREEN_LINES + 10 {
        screen.out(&format!("{n}"));
    }
    assert_eq!(screen.lines().len(), MAX_SCREEN_LINES);
    assert_eq!(screen.printed(), (MAX_SCREEN_LINES + 10) as u64);
    assert_eq!(screen.lines().next().map(|l| l.text.as_str()), Some("10"));
    screen.clear();
    assert_eq!(screen.lines().len(), 0);
    assert_eq!(screen.printed(), (MAX_SCREEN_LINES + 10) as u64);
}
