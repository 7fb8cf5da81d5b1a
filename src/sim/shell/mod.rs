//! Simulated terminals: the command-line parser, the screen and history every terminal shares,
//! and the machines a chapter's commands run on (chapter 7's laptop and server in [`ssh`],
//! chapter 8's container host in [`docker`]).
//!
//! Nothing here touches a real network or file system: every command is interpreted by the
//! model, and its output is plain text in English, as a real terminal prints it. What the
//! learner should make of an error comes as a [`Hint`], worded in the views in the learner's
//! language. Left out: pipes, redirections, variables and globbing (a line is one command).

pub mod docker;
pub mod flags;
pub mod parse;
pub mod screen;
pub mod ssh;

pub use parse::{options, words, OptionError, Options, ParseError};
pub use screen::{complete, Completion, History, Line, LineKind, Screen};

/// What a line of output means for the learner, said in their language under the real output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hint {
    /// The terminal does not know this command; `help` lists the ones it does.
    CommandNotFound,
    /// The command was used the wrong way; the usage line says how.
    Usage,
    /// A quote was opened and never closed.
    UnclosedQuote,
    /// The line was longer than [`parse::MAX_LINE_BYTES`] and was cut.
    LineCut,
    /// The command runs on the server, not the laptop (or the other way round).
    WrongMachine,
    /// The firewall dropped the connection silently: port 22 is closed.
    TimedOut,
    /// Nothing listens on port 22: sshd is stopped.
    Refused,
    /// Something answered on that port, but not an SSH server.
    NotSsh,
    /// The name is not in DNS: a typing mistake?
    NoSuchHost,
    /// The server has no matching public key for this user.
    PermissionDenied,
    /// First connection: check the fingerprint, then answer yes or no.
    HostKeyQuestion,
    /// The host key is not the one saved in known_hosts.
    HostKeyChanged,
    /// Answered no: nothing was sent to the server.
    HostKeyRefused,
    /// Changing the system needs sudo.
    NeedsSudo,
    /// The app was restarted with the new code; check it with `systemctl status app`.
    Restarted,
    /// The firewall or sshd change leaves this session up, but a new login will fail.
    LockoutRisk,
    /// Back on the laptop, and no new login is possible: locked out.
    LockedOut,
    /// `help`: the commands this machine knows.
    Help,
    /// The lab makes keys without a passphrase; on a real machine, set one.
    NoPassphrase,
    /// `exit`: the lab keeps its terminal open.
    StaysOpen,
    /// Typing while `docker run` without `-d` holds the terminal: Ctrl+C stops the container.
    Attached,
    /// A build reused its cached layers up to the first changed step, and ran the rest.
    LayersReused,
    /// A build failed: the ERROR line names the step or the Dockerfile's line.
    BuildFailed,
    /// Another container (or the host) already has that host port.
    PortTaken,
    /// A container already has that name.
    NameTaken,
    /// No container, image or network by that name.
    NoSuchObject,
    /// The app needs more memory than its `--memory` limit: the kernel ended it (exit 137).
    OverMemoryLimit,
    /// The host ran out of memory and the kernel ended the largest app.
    HostOutOfMemory,
    /// The shop does not find its cache by name: not on one created network, or not running.
    NoCacheByName,
    /// Nothing listens on that host port: no container publishes it.
    NothingPublished,
    /// The port is published, but the app in the container is not answering on it (yet).
    NotAnswering,
    /// The lab's curl asks the host itself: localhost and a port.
    CurlLocalOnly,
    /// `docker exec` runs one command the lab knows; no interactive shell.
    OneCommandPerExec,
}

/// SplitMix64 of `seed` and `n`: the numbers that stand for keys, file contents and IDs.
pub(crate) fn mix(seed: u64, n: u64) -> u64 {
    let mut z = seed.wrapping_add(n.wrapping_add(1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
