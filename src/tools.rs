//! The classroom tools page (`tools.html`): a learner's progress — chapters read, challenges
//! solved, quiz scores — with export to a file, import from one, and reset.
//!
//! A page of its own with its own wasm, so the course's first load does not carry it. It reads
//! and writes the same saved progress as the course (same origin, same storage key).

use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::chapters::title;
use crate::content::{text_path, ChapterText};
use crate::course::{Challenge, ChapterId, Route};
use crate::i18n::{tr, use_lang, Lang};
use crate::progress::{ImportError, Progress, MAX_SAVED_BYTES};
use crate::ui::shell::{load_progress, mount, provide_settings, save_progress, Settings};
use crate::ui::text::fetch_text;

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

/// Mounts the tools page.
pub fn start() {
    mount(ToolsApp);
}

#[component]
fn ToolsApp() -> impl IntoView {
    let theme = provide_settings();
    let lang = use_lang();
    let progress = RwSignal::new(load_progress().0);
    let message = RwSignal::new(None::<String>);
    Effect::new(move |_| document().set_title(&format!("{} · {}", text(lang.get()).title, lang.get().ui().site_name)));
    let store = move |next: Progress, done: fn(&'static ToolsText) -> &'static str| {
        let saved = save_progress(&next);
        progress.set(next);
        let t = text(lang.get_untracked());
        message.set(Some(if saved { done(t).to_string() } else { t.storage_failed.to_string() }));
    };
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
            <h1>{t(|t| t.title)}</h1>
            <p class="lead">{t(|t| t.lead)}</p>
            <ProgressTable progress=progress />
            <p class="tool-message" role="status" data-testid="tool-message">{move || message.get()}</p>
            <ExportImport progress=progress message=message store=store />
            <Reset message=message store=store />
        </main>
    }
}

/// Read, solved and quiz score for every written chapter.
#[component]
fn ProgressTable(progress: RwSignal<Progress>) -> impl IntoView {
    let lang = use_lang();
    let texts = RwSignal::new(Vec::<(ChapterId, Arc<ChapterText>)>::new());
    Effect::new(move |_| {
        let code = lang.get().code();
        for id in ChapterId::ALL.into_iter().filter(|c| c.is_ready()) {
            leptos::task::spawn_local(async move {
                if let Some(t) = fetch_text(text_path(id.slug(), code)).await {
                    texts.update(|all| {
                        all.retain(|(c, _)| *c != id);
                        all.push((id, t));
                    });
                }
            });
        }
    });
    let row = move |id: ChapterId| {
        let yes_no = move |done: bool| if done { t(|t| t.yes)() } else { t(|t| t.no)() };
        let read = move || yes_no(progress.with(|p| p.visited.contains(id.slug())));
        let solved = move || {
            let id = Challenge::for_chapter(id).map(|c| c.id);
            yes_no(progress.with(|p| id.is_some_and(|c| p.solved.contains(c))))
        };
        let quiz = move || {
            let questions = texts.with(|all| all.iter().find(|(c, _)| *c == id).map(|(_, t)| t.quiz.clone()));
            questions.map(|questions| {
                progress.with(|p| {
                    let answers: Vec<bool> =
                        questions.iter().filter_map(|q| p.quiz.get(&q.id).map(|choice| *choice == q.correct)).collect();
                    (text(lang.get()).quiz_score)(
                        answers.iter().filter(|r| **r).count(),
                        answers.len(),
                        questions.len(),
                    )
                })
            })
        };
        view! {
            <tr data-chapter=id.slug()>
                <th scope="row">
                    <a href=format!("./{}", Route::Chapter { id, seed: None }.href())>
                        {move || format!("{}. {}", id.number(), title(id, lang.get()))}
                    </a>
                </th>
                <td>{read}</td>
                <td>{solved}</td>
                <td data-testid="quiz-score">{quiz}</td>
            </tr>
        }
    };
    view! {
        <table class="progress-table" data-testid="progress-table">
            <caption>{t(|t| t.table_caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t(|t| t.chapter)}</th>
                    <th scope="col">{t(|t| t.read)}</th>
                    <th scope="col">{t(|t| t.challenge)}</th>
                    <th scope="col">{t(|t| t.quiz)}</th>
                </tr>
            </thead>
            <tbody>{ChapterId::ALL.into_iter().filter(|c| c.is_ready()).map(row).collect_view()}</tbody>
        </table>
    }
}

/// Downloads `json` as a file.
fn download(json: &str, file_name: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&json.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
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

/// The text of the first chosen file, refused above the size any progress file can have.
async fn read_chosen_file(input: &web_sys::HtmlInputElement) -> Result<String, FileProblem> {
    let file = input.files().and_then(|f| f.get(0)).ok_or(FileProblem::Unreadable)?;
    if file.size() > MAX_SAVED_BYTES as f64 {
        return Err(FileProblem::TooLarge);
    }
    let body = JsFuture::from(file.text()).await.map_err(|_| FileProblem::Unreadable)?;
    body.as_string().ok_or(FileProblem::Unreadable)
}

#[component]
fn ExportImport(
    progress: RwSignal<Progress>,
    message: RwSignal<Option<String>>,
    store: impl Fn(Progress, fn(&'static ToolsText) -> &'static str) + Copy + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let pending = RwSignal::new(None::<Progress>);
    let chooser = NodeRef::<leptos::html::Input>::new();
    let on_choose = move |_| {
        let Some(input) = chooser.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            let t = text(lang.get_untracked());
            match read_chosen_file(&input).await.map(|body| Progress::import(&body)) {
                Ok(Ok(found)) => {
                    message.set(None);
                    pending.set(Some(found));
                }
                Ok(Err(refusal)) => message.set(Some((t.refused)(refusal).to_string())),
                Err(FileProblem::TooLarge) => message.set(Some(t.too_large.to_string())),
                Err(FileProblem::Unreadable) => message.set(Some(t.unreadable_file.to_string())),
            }
            input.set_value("");
        });
    };
    let preview = move || {
        pending.with(|p| {
            p.as_ref().map(|p| (text(lang.get()).import_preview)(p.visited.len(), p.solved.len(), p.quiz.len()))
        })
    };
    view! {
        <section class="tool" aria-labelledby="export-title">
            <h2 id="export-title">{t(|t| t.export)}</h2>
            <p>{t(|t| t.export_help)}</p>
            <button
                type="button"
                data-testid="export"
                on:click=move |_| {
                    let _ = download(&progress.with_untracked(Progress::to_json), "server-lab-progress.json");
                }
            >
                {t(|t| t.export)}
            </button>
        </section>
        <section class="tool" aria-labelledby="import-title">
            <h2 id="import-title">{t(|t| t.import)}</h2>
            <p id="import-help">{t(|t| t.import_help)}</p>
            <input
                type="file"
                accept=".json,application/json"
                data-testid="import"
                aria-labelledby="import-title"
                aria-describedby="import-help"
                node_ref=chooser
                on:change=on_choose
            />
            <div class="confirm" role="group" aria-labelledby="import-title" hidden=move || pending.with(Option::is_none)>
                <p data-testid="import-preview">{preview}</p>
                <button
                    type="button"
                    data-testid="import-replace"
                    on:click=move |_| {
                        if let Some(next) = pending.get_untracked() {
                            pending.set(None);
                            store(next, |t| t.imported);
                        }
                    }
                >
                    {t(|t| t.replace)}
                </button>
                <button type="button" on:click=move |_| pending.set(None)>{t(|t| t.cancel)}</button>
            </div>
        </section>
    }
}

#[component]
fn Reset(
    message: RwSignal<Option<String>>,
    store: impl Fn(Progress, fn(&'static ToolsText) -> &'static str) + Copy + 'static,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    view! {
        <section class="tool" aria-labelledby="reset-title">
            <h2 id="reset-title">{t(|t| t.reset)}</h2>
            <button
                type="button"
                data-testid="reset-progress"
                hidden=move || asking.get()
                on:click=move |_| {
                    message.set(None);
                    asking.set(true);
                }
            >
                {t(|t| t.reset)}
            </button>
            <div class="confirm" role="group" aria-labelledby="reset-title" hidden=move || !asking.get()>
                <p>{t(|t| t.reset_confirm)}</p>
                <button
                    type="button"
                    class="danger"
                    data-testid="reset-confirm"
                    on:click=move |_| {
                        asking.set(false);
                        store(Progress::new(), |t| t.reset_done);
                    }
                >
                    {t(|t| t.reset_yes)}
                </button>
                <button type="button" on:click=move |_| asking.set(false)>{t(|t| t.cancel)}</button>
            </div>
        </section>
    }
}
