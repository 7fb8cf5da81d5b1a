//! `docker build`: a small Dockerfile, the build context it copies from, and BuildKit's layer
//! cache.
//!
//! FROM, WORKDIR, COPY and RUN are build steps, each making a layer; ENV, EXPOSE and CMD only
//! set the image's configuration. A step reuses its cached layer when every step before it
//! did, its instruction reads the same, and (for COPY) the files it copies have the same
//! content. Once one step runs again, every step after it runs too: that is why a Dockerfile
//! copies the dependency list and installs it before it copies the code. The context holds the
//! Dockerfile itself, so `COPY . .` sees an edit of the Dockerfile too.
//!
//! Left out: ADD, ARG, USER, multi-stage builds, `.dockerignore`, the JSON form of COPY, and
//! running RUN's command: `pip install -r requirements.txt` takes the lab's install time and
//! needs the requirements copied first; any other command succeeds in a second.

use super::super::mix;

/// The longest Dockerfile the lab takes, in bytes (the editor stops there too).
pub const MAX_DOCKERFILE_BYTES: usize = 4 * 1024;
/// The most build steps a Dockerfile within the size can have: one per shortest line, `RUN x`.
pub const MAX_BUILD_STEPS: usize = MAX_DOCKERFILE_BYTES / "RUN x\n".len();
/// Layers the build cache keeps; the oldest go first.
const MAX_CACHED: usize = 200;

/// The Dockerfile the lab starts with: it copies everything before installing, so a change to
/// the code installs the dependencies again.
pub const FIRST_DOCKERFILE: &str = "FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
EXPOSE 80
CMD [\"gunicorn\", \"--bind\", \"0.0.0.0:80\", \"shop.wsgi\"]
";

/// Installing the app's dependencies (Django and gunicorn) with pip, in ms, and the layer's
/// size in kB: downloading and unpacking wheels takes tens of seconds on a server.
pub const PIP_INSTALL_MS: u64 = 18_400;
const PIP_INSTALL_KB: u64 = 46_000;
/// Copying the small context, and any other RUN command.
const COPY_MS: u64 = 100;
const OTHER_RUN_MS: u64 = 1_000;
/// pip starting, then stopping at a missing requirements file.
const PIP_FAILS_MS: u64 = 1_200;
/// Sending the Dockerfile and context to BuildKit, and writing the image.
const OVERHEAD_MS: u64 = 400;

/// The base images on the host, pulled before the lab starts: name, size in kB.
pub const BASE_IMAGES: [(&str, u64); 3] =
    [("python:3.12-slim", 124_000), ("redis:7", 117_000), ("postgres:16", 435_000)];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keyword {
    From,
    Workdir,
    Copy,
    Run,
    Env,
    Expose,
    Cmd,
}

impl Keyword {
    fn read(word: &str) -> Option<Keyword> {
        Some(match word.to_ascii_uppercase().as_str() {
            "FROM" => Keyword::From,
            "WORKDIR" => Keyword::Workdir,
            "COPY" => Keyword::Copy,
            "RUN" => Keyword::Run,
            "ENV" => Keyword::Env,
            "EXPOSE" => Keyword::Expose,
            "CMD" => Keyword::Cmd,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Keyword::From => "FROM",
            Keyword::Workdir => "WORKDIR",
            Keyword::Copy => "COPY",
            Keyword::Run => "RUN",
            Keyword::Env => "ENV",
            Keyword::Expose => "EXPOSE",
            Keyword::Cmd => "CMD",
        }
    }

    /// Whether it is a build step with a layer, rather than a setting.
    pub fn is_step(self) -> bool {
        matches!(self, Keyword::From | Keyword::Workdir | Keyword::Copy | Keyword::Run)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// Its first line in the file, from 1.
    pub line: usize,
    pub keyword: Keyword,
    /// The rest of the instruction, blanks collapsed.
    pub args: String,
}

impl Instruction {
    /// As BuildKit names the step: the keyword and its arguments.
    pub fn text(&self) -> String {
        format!("{} {}", self.keyword.name(), self.args)
    }
}

/// The Dockerfile's instructions, or BuildKit's complaint about it.
pub fn parse(text: &str) -> Result<Vec<Instruction>, String> {
    let mut instructions = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for (at, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if pending.is_none() && (line.is_empty() || line.starts_with('#')) {
            continue;
        }
        let (first, mut joined) = pending.take().unwrap_or((at + 1, String::new()));
        let (body, continues) = match line.strip_suffix('\\') {
            Some(body) => (body, true),
            None => (line, false),
        };
        joined.push(' ');
        joined.push_str(body);
        if continues {
            pending = Some((first, joined));
            continue;
        }
        instructions.push(instruction(first, &joined)?);
    }
    if let Some((first, joined)) = pending {
        instructions.push(instruction(first, &joined)?);
    }
    match instructions.first() {
        None => Err("the Dockerfile cannot be empty".to_string()),
        Some(i) if i.keyword != Keyword::From => {
            Err(format!("dockerfile parse error on line {}: no build stage in current context", i.line))
        }
        Some(_) => Ok(instructions),
    }
}

fn instruction(line: usize, joined: &str) -> Result<Instruction, String> {
    let mut parts = joined.split_whitespace();
    let word = parts.next().unwrap_or_default();
    let keyword = Keyword::read(word)
        .ok_or_else(|| format!("dockerfile parse error on line {line}: unknown instruction: {word}"))?;
    let args = parts.collect::<Vec<_>>().join(" ");
    let needed = if keyword == Keyword::Copy { 2 } else { 1 };
    if args.split_whitespace().count() < needed {
        let what = if needed == 2 { "at least two arguments" } else { "at least one argument" };
        return Err(format!("dockerfile parse error on line {line}: {} requires {what}", keyword.name()));
    }
    Ok(Instruction { line, keyword, args })
}

/// A file of the build context, and a number standing for its content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextFile {
    pub path: &'static str,
    pub content: u64,
}

/// The app's directory on the host: what `docker build .` sends to BuildKit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    pub files: Vec<ContextFile>,
}

/// The context's files; `CODE` is the one a learner edits.
pub const CONTEXT_FILES: [&str; 5] =
    ["Dockerfile", "manage.py", "requirements.txt", "shop/settings.py", "shop/views.py"];
pub const CODE_FILE: &str = "shop/views.py";
pub const REQUIREMENTS_FILE: &str = "requirements.txt";

impl Context {
    pub fn new(seed: u64) -> Context {
        let files = CONTEXT_FILES.iter().zip(0..).map(|(path, n)| ContextFile { path, content: mix(seed, 100 + n) });
        Context { files: files.collect() }
    }

    /// Changes a file's content; whether the file exists.
    pub fn edit(&mut self, path: &str) -> bool {
        let Some(file) = self.files.iter_mut().find(|f| f.path == path) else { return false };
        file.content = mix(file.content, 1);
        true
    }

    /// The files a COPY source names (`.`, a file, or a directory with or without its `/`).
    fn matching(&self, source: &str) -> Vec<&ContextFile> {
        let source = source.trim_start_matches("./").trim_end_matches('/');
        self.files
            .iter()
            .filter(|f| {
                matches!(source, "." | "")
                    || f.path == source
                    || f.path.strip_prefix(source).is_some_and(|rest| rest.starts_with('/'))
            })
            .collect()
    }
}

/// How one step of the latest build went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepReport {
    pub instruction: Instruction,
    /// Reused from the cache rather than run.
    pub cached: bool,
    pub took_ms: u64,
    /// What the step's command printed when it failed.
    pub said: Option<&'static str>,
}

/// The latest build, for the terminal and the lab's layer list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildReport {
    /// Every instruction of the Dockerfile; settings are never "run".
    pub steps: Vec<StepReport>,
    /// BuildKit's error, if the build failed (the steps then stop at the failing one).
    pub error: Option<String>,
    pub took_ms: u64,
}

impl BuildReport {
    /// Steps that ran rather than came from the cache (FROM aside: the base image is local).
    pub fn ran(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| s.instruction.keyword.is_step() && s.instruction.keyword != Keyword::From && !s.cached)
            .count()
    }
}

/// What a successful build made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Built {
    /// Stands for the image's content: the same steps and settings give the same ID.
    pub id: u64,
    pub size_kb: u64,
    pub base: String,
    /// Dependencies were installed, and the app's code was copied in.
    pub installed: bool,
    pub has_code: bool,
    pub cmd: Option<String>,
    pub env: Vec<(String, String)>,
}

/// The layers BuildKit keeps between builds: a step's key, and the layer's size in kB.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildCache {
    layers: Vec<(u64, u64)>,
}

impl BuildCache {
    fn get(&self, key: u64) -> Option<u64> {
        self.layers.iter().find(|(k, _)| *k == key).map(|(_, size)| *size)
    }

    fn put(&mut self, key: u64, size_kb: u64) {
        if self.get(key).is_some() {
            return;
        }
        if self.layers.len() == MAX_CACHED {
            self.layers.remove(0);
        }
        self.layers.push((key, size_kb));
    }

    pub fn len(&self) -> usize {
        self.layers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }
}

/// A number for a piece of text, stable across runs and platforms (FNV-1a).
pub fn text_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Builds the Dockerfile in `context`, reusing and filling `cache`.
pub fn build(context: &Context, dockerfile: &str, cache: &mut BuildCache) -> (BuildReport, Option<Built>) {
    let mut report = BuildReport { steps: Vec::new(), error: None, took_ms: OVERHEAD_MS };
    let instructions = match parse(dockerfile) {
        Ok(instructions) => instructions,
        Err(error) => {
            report.error = Some(error);
            return (report, None);
        }
    };
    let mut key = 0;
    let mut missed = false;
    let mut built =
        Built { id: 0, size_kb: 0, base: String::new(), installed: false, has_code: false, cmd: None, env: Vec::new() };
    let mut copied: Vec<&str> = Vec::new();
    let mut settings = 0;
    for instruction in instructions {
        let mut step = StepReport { instruction, cached: false, took_ms: 0, said: None };
        let args = step.instruction.args.clone();
        match step.instruction.keyword {
            Keyword::From => {
                let Some((name, size)) = BASE_IMAGES.iter().find(|(name, _)| *name == args) else {
                    report.error = Some(format!(
                        "{args}: failed to resolve source metadata for docker.io/library/{args}: not found"
                    ));
                    report.steps.push(step);
                    return (report, None);
                };
                key = text_hash(name);
                built.base = name.to_string();
                built.size_kb = *size;
            }
            Keyword::Env => {
                if let Some((name, value)) = args.split_once('=').or_else(|| args.split_once(' ')) {
                    built.env.push((name.to_string(), value.trim().to_string()));
                }
                settings = mix(settings ^ text_hash(&args), 2);
            }
            Keyword::Expose => {
                settings = mix(settings ^ text_hash(&args), 3);
            }
            Keyword::Cmd => {
                built.cmd = Some(command_line(&args));
                settings = mix(settings ^ text_hash(&args), 4);
            }
            Keyword::Workdir | Keyword::Copy | Keyword::Run => {
                let mut step_key = mix(key ^ text_hash(&step.instruction.text()), 5);
                let mut size_kb = 4;
                let mut took_ms = 0;
                if step.instruction.keyword == Keyword::Copy {
                    let words: Vec<&str> = args.split_whitespace().collect();
                    let sources = &words[..words.len() - 1];
                    for source in sources {
                        let files = context.matching(source);
                        if files.is_empty() {
                            report.error = Some(format!(
                                "failed to compute cache key: failed to calculate checksum of ref {:012x}::{:012x}: \"/{}\": not found",
                                key >> 16,
                                step_key >> 16,
                                source.trim_start_matches("./")
                            ));
                            report.steps.push(step);
                            return (report, None);
                        }
                        for file in files {
                            step_key = mix(step_key ^ file.content, 6);
                            copied.push(file.path);
                        }
                    }
                    took_ms = COPY_MS;
                } else if step.instruction.keyword == Keyword::Run {
                    took_ms = OTHER_RUN_MS;
                    if is_pip_install(&args) {
                        if !copied.contains(&REQUIREMENTS_FILE) {
                            let said = "ERROR: Could not open requirements file: [Errno 2] No such file or directory: 'requirements.txt'";
                            report.steps.push(StepReport { took_ms: PIP_FAILS_MS, said: Some(said), ..step });
                            report.took_ms += PIP_FAILS_MS;
                            report.error = Some(format!(
                                "process \"/bin/sh -c {args}\" did not complete successfully: exit code: 1"
                            ));
                            return (report, None);
                        }
                        took_ms = PIP_INSTALL_MS;
                        size_kb = PIP_INSTALL_KB;
                        built.installed = true;
                    }
                }
                match cache.get(step_key).filter(|_| !missed) {
                    Some(cached_kb) => {
                        step.cached = true;
                        size_kb = cached_kb;
                    }
                    None => {
                        missed = true;
                        step.took_ms = took_ms;
                        report.took_ms += took_ms;
                        cache.put(step_key, size_kb);
                    }
                }
                built.size_kb += size_kb;
                key = step_key;
            }
        }
        report.steps.push(step);
    }
    built.has_code = copied.contains(&CODE_FILE);
    built.id = mix(key ^ settings, 7);
    (report, Some(built))
}

fn is_pip_install(command: &str) -> bool {
    let words: Vec<&str> = command.split_whitespace().collect();
    words.first().is_some_and(|w| *w == "pip" || *w == "pip3")
        && words.contains(&"install")
        && words.windows(2).any(|w| w == ["-r", REQUIREMENTS_FILE])
}

/// CMD's command as `docker ps` shows it: the exec form's words joined, or the shell form.
fn command_line(args: &str) -> String {
    match args.strip_prefix('[').and_then(|a| a.strip_suffix(']')) {
        Some(list) => list.split(',').map(|w| w.trim().trim_matches('"')).collect::<Vec<_>>().join(" "),
        None => format!("/bin/sh -c {args}"),
    }
}
