//! The two machines' files as the terminal shows them (`ls`, `cat`, `cd`): the laptop's
//! `~/.ssh`, and the app's repository and `authorized_keys` on the server. Paths are resolved by
//! hand (`~`, `.`, `..`); nothing can be written but keys.

use super::connect::{private_key, public_key};
use super::{Place, SshLab, APP_PORT, LAPTOP_HOME, SERVER_HOME, SITE};
use crate::sim::net::network::CONNECT_TIMEOUT_MS;
use crate::sim::shell::parse::options;

impl SshLab {
    pub(super) fn ls(&mut self, args: &[String], cwd: &str, home: &str) {
        let Ok(parsed) = options(args, "", "al") else {
            self.usage("usage: ls [-a] [DIRECTORY]");
            return;
        };
        let dir = absolute(parsed.operands.first().map_or(".", String::as_str), cwd, home);
        let files = self.files_here();
        let mut names: Vec<&str> = Vec::new();
        let inside = (files.iter())
            .filter_map(|(path, _)| path.strip_prefix(&dir)?.strip_prefix('/'))
            .map(|rest| rest.split('/').next().unwrap_or(rest))
            .filter(|name| parsed.has('a') || !name.starts_with('.'));
        for name in inside {
            insert_sorted(&mut names, name);
        }
        if names.is_empty() && !files.iter().any(|(p, _)| *p == dir) && !is_dir(&files, &dir) {
            let shown = parsed.operands.first().map_or(".", String::as_str);
            self.screen.err(&format!("ls: cannot access '{shown}': No such file or directory"));
            return;
        }
        if files.iter().any(|(p, _)| *p == dir) {
            self.screen.out(parsed.operands.first().map_or("", String::as_str));
            return;
        }
        self.screen.out(&names.join("  "));
    }

    pub(super) fn cat(&mut self, args: &[String], cwd: &str, home: &str) {
        if args.is_empty() {
            self.usage("usage: cat FILE");
            return;
        }
        let files = self.files_here();
        for arg in args {
            let path = absolute(arg, cwd, home);
            match files.iter().find(|(p, _)| *p == path) {
                Some((_, text)) => self.screen.out(text),
                None if is_dir(&files, &path) => self.screen.err(&format!("cat: {arg}: Is a directory")),
                None => self.screen.err(&format!("cat: {arg}: No such file or directory")),
            }
        }
    }

    pub(super) fn cd(&mut self, args: &[String], cwd: &str) {
        let target = absolute(args.first().map_or("~", String::as_str), cwd, SERVER_HOME);
        let files = self.server_files();
        if is_dir(&files, &target) {
            self.place = Place::Server { cwd: target };
        } else if files.iter().any(|(p, _)| *p == target) {
            self.screen.err(&format!("-bash: cd: {}: Not a directory", args[0]));
        } else {
            let shown = args.first().map_or("~", String::as_str);
            self.screen.err(&format!("-bash: cd: {shown}: No such file or directory"));
        }
    }

    /// The files of the machine the terminal is on.
    pub(super) fn files_here(&self) -> Vec<(String, String)> {
        match self.place {
            Place::Server { .. } => self.server_files(),
            _ => self.laptop_files(),
        }
    }

    pub(super) fn laptop_files(&self) -> Vec<(String, String)> {
        let ssh = format!("{LAPTOP_HOME}/.ssh");
        let mut files = vec![(
            format!("{ssh}/config"),
            format!("Host *\n    ConnectTimeout {}\n    IdentitiesOnly yes", CONNECT_TIMEOUT_MS / 1000),
        )];
        if !self.known_hosts.is_empty() {
            let lines: Vec<String> =
                self.known_hosts.iter().map(|(host, key)| format!("{host} ssh-ed25519 {}", public_key(*key))).collect();
            files.push((format!("{ssh}/known_hosts"), lines.join("\n")));
        }
        for pair in &self.keys {
            files.push((format!("{ssh}/{}", pair.file), private_key(pair.key)));
            files
                .push((format!("{ssh}/{}.pub", pair.file), format!("ssh-ed25519 {} you@laptop", public_key(pair.key))));
        }
        files
    }

    pub(super) fn server_files(&self) -> Vec<(String, String)> {
        let app = app_dir();
        let keys: Vec<String> =
            self.server.authorized.iter().map(|k| format!("ssh-ed25519 {} you@laptop", public_key(*k))).collect();
        vec![
            (
                format!("{app}/README.md"),
                "# app\nThe example web app.\nDeploy: git pull, then sudo systemctl restart app.".to_string(),
            ),
            (format!("{app}/VERSION"), self.server.checked_out.to_string()),
            (
                format!("{app}/app.py"),
                format!("# Serves https://{SITE} on port {APP_PORT}.\nVERSION = open(\"VERSION\").read().strip()"),
            ),
            (format!("{SERVER_HOME}/.ssh/authorized_keys"), keys.join("\n")),
        ]
    }
}

pub(super) fn app_dir() -> String {
    format!("{SERVER_HOME}/app")
}

/// `path` made absolute from `cwd`, with `~` as `home`, and `.` and `..` resolved.
pub(super) fn absolute(path: &str, cwd: &str, home: &str) -> String {
    let start = match path.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("{home}{rest}"),
        _ if path.starts_with('/') => path.to_string(),
        _ => format!("{cwd}/{path}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in start.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Inserts `item` into the sorted `list` unless it is there (a few items: no sort code).
pub(super) fn insert_sorted<T: Ord>(list: &mut Vec<T>, item: T) {
    let at = list.partition_point(|x| *x < item);
    if list.get(at) != Some(&item) {
        list.insert(at, item);
    }
}

pub(super) fn is_dir(files: &[(String, String)], path: &str) -> bool {
    let inside = format!("{}/", path.trim_end_matches('/'));
    files.iter().any(|(p, _)| p.starts_with(&inside))
}

/// `cwd` as a prompt shows it, `~` for the home directory.
pub(super) fn tilde(cwd: &str, home: &str) -> String {
    match cwd.strip_prefix(home) {
        Some(rest) => format!("~{rest}"),
        None => cwd.to_string(),
    }
}
