//! The views beside the chapters:
//! - the glossary (`#/glossary` in the learner's app): every term in Korean and English, each
//!   linked to the chapter that teaches it;
//! - the learner's progress page (`#/progress` in the learner's app): chapters read, challenges
//!   solved, quiz scores, teachers' challenges solved, a teacher's challenge file to open,
//!   export and import of progress, reset, and a small result file to hand to the teacher;
//! - the teacher's page (`teacher.html`, its own wasm so that no learner downloads it): every
//!   chapter's built-in challenge with its goal, a form that makes a teacher's version of one
//!   (seed and goal figures) as a link and a file, and a class table built from many learners'
//!   result files (sortable, saved as CSV).

pub mod glossary_page;
pub mod progress_page;
mod teacher_page;

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::classroom::{ChallengeError, ResultError, TeacherChallenge};
use crate::content::{text_path, ChapterText};
use crate::course::{Challenge, ChapterId, TeacherSolve};
use crate::i18n::{title, tr, use_lang, Lang};
use crate::progress::ImportError;
use crate::ui::readout::{flag, format_metric, live};
use crate::ui::shell::{mount, provide_settings, Settings};
use crate::ui::text::fetch_text;
use teacher_page::TeacherPage;

/// The strings only this page uses.
struct ToolsText {
    title: &'static str,
    lead: &'static str,
    back: &'static str,
    table_caption: &'static str,
    chapter: &'static str,
    read: &'static str,
    challenge: &'static str,
    quiz: &'static str,
    yes: &'static str,
    no: &'static str,
    quiz_score: fn(usize, usize, usize) -> String,
    export: &'static str,
    export_help: &'static str,
    import: &'static str,
    import_help: &'static str,
    import_preview: fn(usize, usize, usize) -> String,
    replace: &'static str,
    cancel: &'static str,
    imported: &'static str,
    refused: fn(ImportError) -> &'static str,
    too_large: &'static str,
    unreadable_file: &'static str,
    reset: &'static str,
    reset_confirm: &'static str,
    reset_yes: &'static str,
    reset_done: &'static str,
    storage_failed: &'static str,
    result_title: &'static str,
    result_help: &'static str,
    your_name: &'static str,
    result_export: &'static str,
    name_needed: &'static str,
    teacher_title: &'static str,
    teacher_lead: &'static str,
    challenges_title: &'static str,
    held_for: fn(u32) -> String,
    model_optimum: &'static str,
    /// Before the model's best beside a fixed figure (chapter 5's lowest `/api` p95).
    model_best: &'static str,
    class_title: &'static str,
    class_help: &'static str,
    class_import: &'static str,
    class_added: fn(usize, usize) -> String,
    result_refused: fn(&str, ResultError) -> String,
    learner: &'static str,
    solved_count: &'static str,
    quiz_right: &'static str,
    sort_by: fn(&str) -> String,
    csv_export: &'static str,
    class_empty: &'static str,
    make_title: &'static str,
    make_help: &'static str,
    seed: &'static str,
    hold: &'static str,
    make: &'static str,
    open_challenge: &'static str,
    challenge_download: &'static str,
    /// A refusal other than the goal's own (see `Ui::goal_refusal`).
    challenge_error: fn(ChallengeError) -> &'static str,
    open_title: &'static str,
    open_help: &'static str,
    teacher_solves_title: &'static str,
    none_yet: &'static str,
    solve_line: fn(&str, u64, &str, u32, u64, u64, &str) -> String,
    teacher_column: &'static str,
    teacher_solves_csv: &'static str,
}

static KO: ToolsText = ToolsText {
    title: "학습 기록",
    lead: "기록은 이 브라우저에만 저장돼요. 다른 브라우저로 옮기거나 선생님께 내려면 파일로 내보내세요.",
    back: "← 강의로 돌아가기",
    table_caption: "장별 학습 기록",
    chapter: "장",
    read: "읽음",
    challenge: "도전 과제",
    quiz: "퀴즈",
    yes: "✔ 예",
    no: "– 아니요",
    quiz_score: |right, answered, total| format!("{total}문제 중 {answered}문제 답함, {right}문제 정답"),
    export: "기록 내보내기 (JSON 파일)",
    export_help: "server-lab-progress.json 파일로 내려받아요.",
    import: "기록 파일 가져오기",
    import_help: "내보낸 JSON 파일을 고르세요. 가져오면 지금 기록을 그 파일의 기록으로 바꿔요.",
    import_preview: |read, solved, answers| {
        format!("이 파일에는 읽은 장 {read}개, 해결한 도전 과제 {solved}개, 퀴즈 답 {answers}개가 있어요. 지금 기록을 이것으로 바꿀까요?")
    },
    replace: "바꾸기",
    cancel: "취소",
    imported: "기록을 가져왔어요.",
    refused: |e| match e {
        ImportError::NotProgress => "이 파일은 서버 환경 실험실의 학습 기록 파일이 아니에요. 지금 기록은 그대로예요.",
        ImportError::UnknownVersion => "다른 버전에서 만든 기록 파일이라 읽을 수 없어요. 지금 기록은 그대로예요.",
        ImportError::Damaged => "기록 파일 일부가 손상되어 가져오지 않았어요. 지금 기록은 그대로예요.",
    },
    too_large: "파일이 너무 커요. 학습 기록 파일이 아니에요. 지금 기록은 그대로예요.",
    unreadable_file: "파일을 읽을 수 없어요. 지금 기록은 그대로예요.",
    reset: "기록 모두 지우기",
    reset_confirm: "정말 모든 학습 기록을 지울까요? 되돌릴 수 없어요.",
    reset_yes: "모두 지우기",
    reset_done: "기록을 모두 지웠어요.",
    storage_failed: "이 브라우저에 저장하지 못했어요.",
    result_title: "선생님께 낼 결과 파일",
    result_help: "이름을 적고 내려받아 선생님께 내세요. 읽은 장 수, 해결한 도전 과제(선생님 도전 과제는 걸린 시간과 달성 수치까지), 퀴즈 점수만 들어 있어요.",
    your_name: "이름",
    result_export: "결과 파일 내려받기",
    name_needed: "먼저 이름을 적어 주세요.",
    teacher_title: "선생님 페이지",
    teacher_lead: "각 장의 도전 과제와 목표를 보고, 수치를 바꾼 도전 과제를 만들어 나눠 주고, 학생들이 낸 결과 파일을 한꺼번에 모아 표로 볼 수 있어요. 파일은 이 브라우저 안에서만 읽고 어디에도 보내지 않아요.",
    challenges_title: "도전 과제와 목표",
    held_for: |s| format!("{s}초 동안 유지"),
    model_optimum: "모델이 계산한 최솟값",
    model_best: "모델이 찾은 최선",
    class_title: "반 결과표",
    class_help: "학생들의 결과 파일(JSON)을 여러 개 한꺼번에 고르세요. 같은 이름은 새 파일로 바뀌어요.",
    class_import: "결과 파일 고르기",
    class_added: |added, refused| format!("{added}개를 더했어요. 받아들이지 못한 파일 {refused}개."),
    result_refused: |file, e| {
        let why = match e {
            ResultError::TooLarge => "너무 커요",
            ResultError::NotAResult => "결과 파일이 아니에요",
            ResultError::UnknownVersion => "다른 버전의 파일이에요",
            ResultError::Inconsistent => "숫자가 맞지 않아요",
        };
        format!("{file}: {why}")
    },
    learner: "이름",
    solved_count: "해결한 도전 과제",
    quiz_right: "퀴즈 정답",
    sort_by: |column| format!("{column} 기준으로 정렬"),
    csv_export: "CSV로 내려받기",
    class_empty: "아직 결과가 없어요.",
    make_title: "도전 과제 만들기",
    make_help: "장과 시드, 목표 수치를 정해 링크나 파일로 학생들에게 나눠 주세요. 모델이 계산하는 최솟값은 그대로 모델이 정해요.",
    seed: "시드 (0 이상의 정수)",
    hold: "유지 시간 (초, 1-600)",
    make: "링크 만들기",
    open_challenge: "도전 과제 열기",
    challenge_download: "파일로 내려받기",
    challenge_error: |e| match e {
        ChallengeError::NotAChallenge => "서버 환경 실험실의 도전 과제 파일이 아니에요. 아무것도 바뀌지 않았어요.",
        ChallengeError::UnknownVersion => "다른 버전에서 만든 도전 과제 파일이라 읽을 수 없어요.",
        ChallengeError::UnknownChapter => "이 장에는 아직 도전 과제가 없어요.",
        ChallengeError::BadSeed => "시드는 0부터 18446744073709551615까지의 정수여야 해요.",
        ChallengeError::Goal(_) => "이 수치로는 도전 과제를 만들 수 없어요.",
    },
    open_title: "선생님이 준 도전 과제 열기",
    open_help: "선생님께 받은 도전 과제 파일(JSON)을 고르세요. 파일을 확인한 뒤 도전 과제로 가는 링크를 보여 드려요.",
    teacher_solves_title: "해결한 선생님 도전 과제",
    none_yet: "아직 없어요.",
    solve_line: |title, seed, goal, hold, sim, wall, reached| {
        format!("{title} (시드 {seed}, 목표 {goal}, {hold}초 유지): 시뮬레이션 {sim}초, 실제 {wall}초 만에 해결. 달성 수치: {reached}")
    },
    teacher_column: "선생님 도전 과제",
    teacher_solves_csv: "선생님 도전 과제 풀이",
};

static EN: ToolsText = ToolsText {
    title: "Your progress",
    lead: "Your progress is kept in this browser only. Export it to a file to move it to another browser or to hand it in.",
    back: "← Back to the course",
    table_caption: "Progress by chapter",
    chapter: "Chapter",
    read: "Read",
    challenge: "Challenge",
    quiz: "Quiz",
    yes: "✔ Yes",
    no: "– No",
    quiz_score: |right, answered, total| format!("{answered} of {total} answered, {right} right"),
    export: "Export progress (JSON file)",
    export_help: "Downloads server-lab-progress.json.",
    import: "Import a progress file",
    import_help: "Choose a file you exported. Importing replaces your current progress with the file's.",
    import_preview: |read, solved, answers| {
        format!("This file has {read} chapters read, {solved} challenges solved and {answers} quiz answers. Replace your current progress with it?")
    },
    replace: "Replace",
    cancel: "Cancel",
    imported: "Progress imported.",
    refused: |e| match e {
        ImportError::NotProgress => "This is not a Server Lab progress file. Your progress is unchanged.",
        ImportError::UnknownVersion => "This progress file comes from another version and cannot be read. Your progress is unchanged.",
        ImportError::Damaged => "Part of this progress file is damaged, so it was not imported. Your progress is unchanged.",
    },
    too_large: "This file is too large to be a progress file. Your progress is unchanged.",
    unreadable_file: "The file could not be read. Your progress is unchanged.",
    reset: "Erase all progress",
    reset_confirm: "Really erase all your progress? This cannot be undone.",
    reset_yes: "Erase everything",
    reset_done: "All progress erased.",
    storage_failed: "This browser could not save it.",
    result_title: "A result file for your teacher",
    result_help: "Type your name, download the file and hand it in. It holds only the number of chapters read, the challenges solved (for a teacher's challenge, the time taken and the figures reached) and your quiz score.",
    your_name: "Name",
    result_export: "Download result file",
    name_needed: "Please type your name first.",
    teacher_title: "Teacher page",
    teacher_lead: "See each chapter's challenge and its goal, make your own version of one to share, and gather your learners' result files into one table. Files are read in this browser only and sent nowhere.",
    challenges_title: "Challenges and their goals",
    held_for: |s| format!("held for {s} s"),
    model_optimum: "the model's computed minimum",
    model_best: "the model's best",
    class_title: "Class results",
    class_help: "Choose many learners' result files (JSON) at once. A file with a name already in the table replaces that row.",
    class_import: "Choose result files",
    class_added: |added, refused| format!("Added {added}. Files refused: {refused}."),
    result_refused: |file, e| {
        let why = match e {
            ResultError::TooLarge => "too large",
            ResultError::NotAResult => "not a result file",
            ResultError::UnknownVersion => "from another version",
            ResultError::Inconsistent => "its figures do not add up",
        };
        format!("{file}: {why}")
    },
    learner: "Name",
    solved_count: "Challenges solved",
    quiz_right: "Quiz right",
    sort_by: |column| format!("Sort by {column}"),
    csv_export: "Download as CSV",
    class_empty: "No results yet.",
    make_title: "Make a challenge",
    make_help: "Choose a chapter, a seed and the figures of its goal, then share the link or the file with your learners. Figures the model computes (its minimum) stay the model's.",
    seed: "Seed (a whole number)",
    hold: "Hold, in seconds (1-600)",
    make: "Make the link",
    open_challenge: "Open the challenge",
    challenge_download: "Download as file",
    challenge_error: |e| match e {
        ChallengeError::NotAChallenge => "This is not a Server Lab challenge file. Nothing changed.",
        ChallengeError::UnknownVersion => "This challenge file comes from another version and cannot be read.",
        ChallengeError::UnknownChapter => "This chapter has no challenge yet.",
        ChallengeError::BadSeed => "The seed must be a whole number from 0 to 18446744073709551615.",
        ChallengeError::Goal(_) => "These figures cannot make a challenge.",
    },
    open_title: "Open a teacher's challenge",
    open_help: "Choose the challenge file (JSON) your teacher gave you. Once it is checked, a link takes you to the challenge.",
    teacher_solves_title: "Teachers' challenges you solved",
    none_yet: "None yet.",
    solve_line: |title, seed, goal, hold, sim, wall, reached| {
        format!("{title} (seed {seed}, goal {goal}, held {hold} s): solved in {sim} s simulated, {wall} s real; reached {reached}")
    },
    teacher_column: "Teacher's challenges",
    teacher_solves_csv: "Teacher's challenge solves",
};

fn text(lang: Lang) -> &'static ToolsText {
    match lang {
        Lang::Ko => &KO,
        Lang::En => &EN,
    }
}

/// A reactive string of this page.
fn t(pick: fn(&'static ToolsText) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || pick(text(lang.get()))
}

/// Mounts the teacher's page (`teacher.html`).
pub fn start_teacher() {
    mount(TeacherApp);
}

/// Each written chapter's prose in the current language, as it arrives (for quiz answers).
fn load_all_prose() -> RwSignal<Vec<(ChapterId, Arc<ChapterText>)>> {
    let lang = use_lang();
    let texts = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        let code = lang.get().code();
        for id in ChapterId::ALL.into_iter().filter(|c| c.is_ready()) {
            leptos::task::spawn_local(async move {
                if let Some(t) = fetch_text(text_path(id.slug(), code)).await {
                    texts.update(|all: &mut Vec<(ChapterId, Arc<ChapterText>)>| {
                        all.retain(|(c, _)| *c != id);
                        all.push((id, t));
                    });
                }
            });
        }
    });
    texts
}

#[component]
fn TeacherApp() -> impl IntoView {
    let theme = provide_settings();
    let lang = use_lang();
    Effect::new(move |_| {
        document().set_title(&format!("{} · {}", text(lang.get()).teacher_title, lang.get().ui().site_name));
    });
    view! {
        <header class="site-header">
            <a class="brand" href="./#/">
                <span class="brand-mark" aria-hidden="true">"▣"</span>
                {tr(|u| u.site_name)}
            </a>
            <Settings theme=theme />
        </header>
        <main id="main" class="tools">
            <p><a href="./#/">{t(|t| t.back)}</a></p>
            <TeacherPage />
        </main>
    }
}

/// Downloads `body` as a file of the given type.
fn download(body: &str, file_name: &str, mime: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&body.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let link: web_sys::HtmlAnchorElement = document().create_element("a").ok()?.dyn_into().ok()?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    web_sys::Url::revoke_object_url(&url).ok()
}

/// Why a chosen file could not be read at all.
enum FileProblem {
    Unreadable,
    TooLarge,
}

/// The text of a chosen file, refused above `max_bytes`.
async fn read_file(file: web_sys::File, max_bytes: usize) -> Result<String, FileProblem> {
    if file.size() > max_bytes as f64 {
        return Err(FileProblem::TooLarge);
    }
    let body = JsFuture::from(file.text()).await.map_err(|_| FileProblem::Unreadable)?;
    body.as_string().ok_or(FileProblem::Unreadable)
}

/// The files chosen in a file input.
fn chosen_files(input: &web_sys::HtmlInputElement) -> Vec<web_sys::File> {
    input.files().map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect()).unwrap_or_default()
}

/// A chapter's number and title, as the contents write them.
fn chapter_name(id: ChapterId, lang: Lang) -> String {
    format!("{}. {}", id.number(), title(id, lang))
}

/// One solve of a teacher's challenge in words (chapter, seed, goal, times, figures reached);
/// `None` for an entry that is not one.
fn describe_solve(lang: Lang, entry: &str) -> Option<String> {
    let solve = TeacherSolve::from_entry(entry)?;
    let of = TeacherChallenge::of_solve(&solve)?;
    let metric_name = lang.ui().metric_name;
    let reached: Vec<String> = Challenge::for_chapter(of.chapter)?
        .goal
        .holds()
        .iter()
        .zip(&solve.figures)
        .map(|((c, _), figure)| format!("{} {}", metric_name(c.metric), format_metric(c.metric, *figure as f64)))
        .collect();
    let goal: Vec<String> = of.goal.values.iter().map(|v| (*v as u32).to_string()).collect();
    Some((text(lang).solve_line)(
        &chapter_name(of.chapter, lang),
        of.seed,
        &goal.join(", "),
        of.goal.hold_seconds,
        solve.sim_seconds,
        solve.wall_seconds,
        &reached.join(", "),
    ))
}

/// A teacher's challenge once made or opened: the refusal, announced, or the link to it (as a
/// link and as text) and, for the teacher, its file. The teacher's page links to the learner's
/// app (`index.html#/…`); in the learner's app the link is the route alone, so it also works in
/// the single-file bundle.
#[component]
fn ChallengeOutcome(
    made: RwSignal<Option<Result<TeacherChallenge, ChallengeError>>>,
    for_teacher: bool,
) -> impl IntoView {
    let lang = use_lang();
    let link = move || {
        made.with(|m| {
            let challenge = m.as_ref()?.as_ref().ok()?;
            Some(if for_teacher { challenge.link() } else { challenge.fragment() })
        })
    };
    let name = move || {
        made.with(|m| match m {
            Some(Ok(c)) => chapter_name(c.chapter, lang.get()),
            _ => String::new(),
        })
    };
    let error = move || match made.get() {
        Some(Err(ChallengeError::Goal(reason))) => {
            format!(
                "{} {}",
                (text(lang.get()).challenge_error)(ChallengeError::Goal(reason)),
                (lang.get().ui().goal_refusal)(reason)
            )
        }
        Some(Err(e)) => (text(lang.get()).challenge_error)(e).to_string(),
        _ => String::new(),
    };
    let save = move |_| {
        if let Some(Ok(c)) = made.get_untracked() {
            let _ = download(&c.to_json(), "server-lab-challenge.json", "application/json");
        }
    };
    view! {
        <p class="tool-message" role="alert" data-testid="challenge-error">{error}</p>
        <div class="made" hidden=flag(move || link().is_none())>
            <p>
                <a href=live(move || link().unwrap_or_default()) data-testid="challenge-link">
                    {t(|t| t.open_challenge)} ": " {live(name)}
                </a>
            </p>
            <p><code data-testid="challenge-url">{live(move || link().unwrap_or_default())}</code></p>
            {for_teacher.then(|| view! {
                <button type="button" data-testid="challenge-download" on:click=save>{t(|t| t.challenge_download)}</button>
            })}
        </div>
    }
}
