//! Requests as moving dots on one canvas: chapter 1's and chapter 5's picture of users, the
//! load balancer and the servers.
//!
//! Each frame the lab changes, the model is read into a [`Scene`] (every request where the
//! model says it is: on its way, in a server's queue, being served, its answer on the way back)
//! and painted whole by a [`Painter`]; nothing here keeps positions of its own (the painter keeps
//! only the boxes and their names, drawn once until they change). A request's outcome is a shape
//! as well as a colour: a filled dot on its way or served, a hollow square timed out, a cross
//! failed. In compare mode each balancer gets a lane, fed the same requests. The canvas is a
//! picture for sighted learners; the chapters put the same figures in a table beside it.
//! Left out: which user a dot belongs to (its height only spreads dots apart).

use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

use crate::i18n::ui;
use crate::sim::traffic::server::{NodeState, Server};
use crate::sim::traffic::{Ending, ServerFarm};
use crate::ui::lab::Lab;
use crate::ui::shell::Theme;

pub const WIDTH: f64 = 720.0;
const LANE_HEIGHT: f64 = 250.0;
const USERS_X: f64 = 70.0;
const DNS: (f64, f64) = (175.0, 28.0);
const BALANCER_X: f64 = 300.0;
const SERVER_X: f64 = 600.0;
const SERVER_WIDTH: f64 = 100.0;
/// Waiting requests drawn per server; the rest are counted in a label.
const QUEUE_DRAWN: usize = 40;
const QUEUE_STEP: f64 = 6.0;
const DOT: f64 = 2.5;
/// A health check's mark: its radius, where it sits on the way from the balancer to its
/// server (0-1), and how long a dot shows inside it after the balancer learns the result.
const CHECK: f64 = 4.5;
const CHECK_AT: f64 = 0.2;
const CHECK_FRESH_US: u64 = 400_000;

/// How a dot is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// On its way, waiting or being served.
    Request,
    Served,
    TimedOut,
    Failed,
    /// The balancer's latest health check of a server (chapter 6): a ring, crossed when it
    /// failed; a request's dot inside while the result is fresh.
    CheckPassed,
    CheckFailed,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dot {
    pub x: f64,
    pub y: f64,
    pub mark: Mark,
}

/// A server's box and how many of its waiting requests are not drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerBox {
    pub id: u32,
    pub y: f64,
    pub speed_percent: u32,
    /// A failed or leaving server's mark, after its name (chapter 6).
    pub state: &'static str,
    pub hidden: usize,
}

/// The mark beside a server's name: ○ unplugged, ✗ its process killed, ✂ its link cut,
/// ↓ draining, ⊘ out of the balancer's pool while up, ▣ up with a full disk (glyphs every
/// system font has). Their words are in the lab's table.
fn state_mark(server: &Server) -> &'static str {
    match server.state() {
        NodeState::Unplugged => " ○",
        NodeState::ProcessKilled => " ✗",
        _ if server.cut_off() => " ✂",
        NodeState::Draining => " ↓",
        NodeState::Up if !server.in_pool() => " ⊘",
        NodeState::Up if server.disk_full() => " ▣",
        NodeState::Up => "",
    }
}

/// Everything one frame paints.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    pub lanes: usize,
    pub with_dns: bool,
    pub servers: Vec<Vec<ServerBox>>,
    pub dots: Vec<Dot>,
}

fn lerp(a: (f64, f64), b: (f64, f64), t: f64) -> (f64, f64) {
    let t = t.clamp(0.0, 1.0);
    (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
}

/// How far `now` is from `from` to `to`, 0-1.
fn progress(now: u64, from: u64, to: u64) -> f64 {
    if to <= from {
        1.0
    } else {
        now.saturating_sub(from) as f64 / (to - from) as f64
    }
}

/// A height for a user's dot inside a lane, spread by when it was sent.
fn spread(seed: u64, top: f64) -> f64 {
    let mixed = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40;
    top + 40.0 + (mixed % 1000) as f64 / 1000.0 * (LANE_HEIGHT - 60.0)
}

impl Scene {
    /// The farm at `now_us`, every request placed.
    pub fn of(farm: &ServerFarm, now_us: u64) -> Scene {
        let lanes = farm.sides().len();
        // Every dot counted first, so the buffer is allocated once (10,000 dots: 240 KB).
        let dots = farm
            .sides()
            .iter()
            .map(|side| {
                let at_servers: usize =
                    side.servers().iter().map(|s| s.queue_len().min(QUEUE_DRAWN) + s.in_service()).sum();
                // A health check's ring, and its dot while fresh.
                let checks = side.servers().len() * 2;
                farm.travelling().size_hint().0 + at_servers + side.answers().size_hint().0 + checks
            })
            .sum();
        let mut scene = Scene {
            lanes,
            with_dns: farm.edge().is_some(),
            servers: Vec::with_capacity(lanes),
            dots: Vec::with_capacity(dots),
        };
        // Requests on their way are the same for every lane: placed once, at the start of the first
        // lane's dots, and copied down for the others.
        let (balancer, dns) = ((BALANCER_X, LANE_HEIGHT / 2.0), DNS);
        scene.dots.extend(farm.travelling().map(|(sent, resolved, at)| {
            let user = (USERS_X, spread(sent, 0.0));
            let (x, y) = match resolved {
                Some(resolved) if now_us < resolved => {
                    let t = progress(now_us, sent, resolved);
                    if t < 0.5 {
                        lerp(user, dns, t * 2.0)
                    } else {
                        lerp(dns, user, t * 2.0 - 1.0)
                    }
                }
                _ => lerp(user, balancer, progress(now_us, resolved.unwrap_or(sent), at)),
            };
            Dot { x, y, mark: Mark::Request }
        }));
        let travelling = scene.dots.len();
        for (lane, side) in farm.sides().iter().enumerate() {
            let top = lane as f64 * LANE_HEIGHT;
            let balancer = (BALANCER_X, top + LANE_HEIGHT / 2.0);
            if lane > 0 {
                let start = scene.dots.len();
                scene.dots.extend_from_within(..travelling);
                scene.dots[start..].iter_mut().for_each(|dot| dot.y += top);
            }
            let count = side.servers().len().max(1) as f64;
            let row = |i: usize| top + (i as f64 + 0.5) * LANE_HEIGHT / count;
            let mut boxes = Vec::with_capacity(side.servers().len());
            for (i, server) in side.servers().iter().enumerate() {
                let y = row(i);
                for (k, _) in server.waiting().take(QUEUE_DRAWN).enumerate() {
                    scene.dots.push(Dot { x: SERVER_X - 8.0 - k as f64 * QUEUE_STEP, y, mark: Mark::Request });
                }
                for (k, _) in server.serving().enumerate() {
                    let x = SERVER_X + 8.0 + (k % 4) as f64 * 8.0;
                    scene.dots.push(Dot { x, y: y - 6.0 + (k / 4) as f64 * 8.0, mark: Mark::Request });
                }
                if let Some((at, passed)) = server.watch().last_check() {
                    let (x, y) = lerp(balancer, (SERVER_X, y), CHECK_AT);
                    scene.dots.push(Dot { x, y, mark: if passed { Mark::CheckPassed } else { Mark::CheckFailed } });
                    if now_us.saturating_sub(at) < CHECK_FRESH_US {
                        scene.dots.push(Dot { x, y, mark: Mark::Request });
                    }
                }
                let hidden = server.queue_len().saturating_sub(QUEUE_DRAWN);
                boxes.push(ServerBox {
                    id: server.id,
                    y,
                    speed_percent: server.speed_percent,
                    state: state_mark(server),
                    hidden,
                });
            }
            for answer in side.answers() {
                let mark = match answer.ending {
                    Ending::Served => Mark::Served,
                    Ending::TimedOut => Mark::TimedOut,
                    Ending::Failed => Mark::Failed,
                };
                let from = answer
                    .server
                    .and_then(|id| side.servers().iter().position(|s| s.id == id))
                    .map_or(balancer, |i| (SERVER_X, row(i)));
                let user = (USERS_X, spread(answer.left_us.wrapping_add(answer.arrives_us), top));
                let (x, y) = if now_us >= answer.arrives_us {
                    user
                } else {
                    let t = progress(now_us, answer.left_us, answer.arrives_us);
                    if t < 0.3 {
                        lerp(from, balancer, t / 0.3)
                    } else {
                        lerp(balancer, user, (t - 0.3) / 0.7)
                    }
                };
                scene.dots.push(Dot { x, y, mark });
            }
            scene.servers.push(boxes);
        }
        scene
    }

    pub fn height(&self) -> f64 {
        self.lanes.max(1) as f64 * LANE_HEIGHT
    }
}

/// The colours of the page's theme, read from the canvas's computed style; any CSS colours will
/// do (the frame benchmark, tests/frame_bench.rs, gives its own).
pub struct Palette {
    /// Labels (`--text`).
    pub ink: String,
    /// The boxes' outlines (`--border`).
    pub boxes: String,
    /// The boxes' insides (`--surface`).
    pub fill: String,
    /// Requests on their way, waiting or being served (`--accent`).
    pub request: String,
    /// Answers served (`--ok`).
    pub served: String,
    /// Answers timed out (`--warn`).
    pub timed_out: String,
    /// Answers failed (`--bad`).
    pub failed: String,
}

impl Palette {
    fn of(canvas: &web_sys::HtmlCanvasElement) -> Option<Palette> {
        let style = window().get_computed_style(canvas).ok()??;
        let var = |name: &str| style.get_property_value(name).unwrap_or_default().trim().to_string();
        Some(Palette {
            ink: var("--text"),
            boxes: var("--border"),
            fill: var("--surface"),
            request: var("--accent"),
            served: var("--ok"),
            timed_out: var("--warn"),
            failed: var("--bad"),
        })
    }
}

/// Paints scenes on one canvas. What changes only with the servers, the theme or the language
/// (the boxes and their names) is drawn once on a canvas of its own, the backdrop, and copied
/// onto every frame: text is the dearest thing on the picture (Chromium takes 5-9 µs a label,
/// as long as about ten dots, and a lane has up to a dozen labels). The counts of waiting
/// requests not drawn change with every step, so they are written each frame.
#[derive(Default)]
pub struct Painter {
    backdrop: Option<(Backdrop, web_sys::HtmlCanvasElement)>,
}

/// What a backdrop shows; it is drawn again when this changes.
#[derive(PartialEq)]
struct Backdrop {
    lanes: usize,
    with_dns: bool,
    /// Each lane's servers: id, height, speed and state mark.
    servers: Vec<Vec<(u32, f64, u32, &'static str)>>,
    names: [String; 3],
    colours: [String; 3],
}

impl Backdrop {
    fn of(scene: &Scene, palette: &Palette, names: [&str; 3]) -> Backdrop {
        Backdrop {
            lanes: scene.lanes,
            with_dns: scene.with_dns,
            servers: scene
                .servers
                .iter()
                .map(|lane| lane.iter().map(|s| (s.id, s.y, s.speed_percent, s.state)).collect())
                .collect(),
            names: names.map(str::to_string),
            colours: [&palette.ink, &palette.boxes, &palette.fill].map(String::clone),
        }
    }
}

impl Painter {
    /// Paints `scene` on `ctx` (the canvas already sized to it), with `names` for the users, the
    /// resolver and the balancer.
    pub fn paint(&mut self, ctx: &CanvasRenderingContext2d, scene: &Scene, palette: &Palette, names: [&str; 3]) {
        ctx.clear_rect(0.0, 0.0, WIDTH, scene.height());
        let wanted = Backdrop::of(scene, palette, names);
        if self.backdrop.as_ref().is_none_or(|(shown, _)| *shown != wanted) {
            self.backdrop = offscreen(scene.height()).map(|(canvas, layer)| {
                paint_backdrop(&layer, scene, palette, names);
                (wanted, canvas)
            });
        }
        match &self.backdrop {
            Some((_, canvas)) => {
                let _ = ctx.draw_image_with_html_canvas_element(canvas, 0.0, 0.0);
            }
            None => paint_backdrop(ctx, scene, palette, names),
        }
        paint_hidden(ctx, scene, palette);
        paint_dots(ctx, &scene.dots, palette);
    }
}

fn context_2d(canvas: &web_sys::HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into().ok())
}

/// A canvas off the page, as large as the picture, and its context.
fn offscreen(height: f64) -> Option<(web_sys::HtmlCanvasElement, CanvasRenderingContext2d)> {
    let canvas: web_sys::HtmlCanvasElement = document().create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(WIDTH as u32);
    canvas.set_height(height as u32);
    let ctx = context_2d(&canvas)?;
    Some((canvas, ctx))
}

const FONT: &str = "12px system-ui, sans-serif";

/// The boxes of the users, the resolver, the balancer and the servers, with their names.
fn paint_backdrop(ctx: &CanvasRenderingContext2d, scene: &Scene, palette: &Palette, names: [&str; 3]) {
    ctx.set_line_width(1.0);
    ctx.set_font(FONT);
    for (lane, servers) in scene.servers.iter().enumerate() {
        let top = lane as f64 * LANE_HEIGHT;
        let middle = top + LANE_HEIGHT / 2.0;
        ctx.set_fill_style_str(&palette.fill);
        ctx.set_stroke_style_str(&palette.boxes);
        let node = |x: f64, y: f64, w: f64, h: f64| {
            ctx.fill_rect(x, y, w, h);
            ctx.stroke_rect(x, y, w, h);
        };
        node(10.0, top + 10.0, USERS_X - 14.0, LANE_HEIGHT - 20.0);
        node(BALANCER_X - 10.0, middle - 30.0, 50.0, 60.0);
        if scene.with_dns {
            node(DNS.0 - 25.0, top + DNS.1 - 14.0, 50.0, 28.0);
        }
        let count = servers.len().max(1) as f64;
        let height = (LANE_HEIGHT / count - 6.0).clamp(8.0, 40.0);
        for server in servers {
            node(SERVER_X, server.y - height / 2.0, SERVER_WIDTH, height);
        }
        ctx.set_fill_style_str(&palette.ink);
        let label = |text: &str, x: f64, y: f64| {
            let _ = ctx.fill_text(text, x, y);
        };
        label(names[0], 14.0, top + 26.0);
        label(names[2], BALANCER_X - 8.0, middle - 36.0);
        if scene.with_dns {
            label(names[1], DNS.0 - 14.0, top + DNS.1 + 4.0);
        }
        if scene.lanes > 1 {
            label(if lane == 0 { "A" } else { "B" }, BALANCER_X + 10.0, middle + 4.0);
        }
        for server in servers {
            let name = match server.speed_percent {
                100 => format!("{}{}", server.id, server.state),
                speed => format!("{} · {speed}%{}", server.id, server.state),
            };
            // Right of the workers' dots (four to a row).
            label(&name, SERVER_X + 44.0, server.y + 4.0);
        }
    }
}

/// How many waiting requests each server has beyond those drawn.
fn paint_hidden(ctx: &CanvasRenderingContext2d, scene: &Scene, palette: &Palette) {
    let mut hidden = scene.servers.iter().flatten().filter(|s| s.hidden > 0).peekable();
    if hidden.peek().is_none() {
        return;
    }
    ctx.set_font(FONT);
    ctx.set_fill_style_str(&palette.ink);
    let x = SERVER_X - 8.0 - QUEUE_DRAWN as f64 * QUEUE_STEP - 30.0;
    for server in hidden {
        let _ = ctx.fill_text(&format!("+{}", server.hidden), x, server.y + 4.0);
    }
}

#[wasm_bindgen]
extern "C" {
    /// The 2D context as the dots draw on it: `arc` without web-sys's exception wrapper, which
    /// costs a closure and an `arguments` object on every call, once a dot. `arc` throws only
    /// for a negative radius, and ours is `DOT`.
    type DotPen;

    #[wasm_bindgen(method)]
    fn arc(this: &DotPen, x: f64, y: f64, radius: f64, start: f64, end: f64);
}

/// The dots, one path per mark: six fills or strokes a frame, however many dots.
fn paint_dots(ctx: &CanvasRenderingContext2d, dots: &[Dot], palette: &Palette) {
    let marked = |mark: Mark| dots.iter().filter(move |d| d.mark == mark);
    let pen: &DotPen = ctx.unchecked_ref();
    for (mark, colour) in [(Mark::Request, &palette.request), (Mark::Served, &palette.served)] {
        ctx.begin_path();
        for dot in marked(mark) {
            ctx.move_to(dot.x + DOT, dot.y);
            pen.arc(dot.x, dot.y, DOT, 0.0, std::f64::consts::TAU);
        }
        ctx.set_fill_style_str(colour);
        ctx.fill();
    }
    ctx.set_line_width(1.5);
    ctx.begin_path();
    for dot in marked(Mark::TimedOut) {
        ctx.rect(dot.x - DOT, dot.y - DOT, DOT * 2.0, DOT * 2.0);
    }
    ctx.set_stroke_style_str(&palette.timed_out);
    ctx.stroke();
    ctx.begin_path();
    for dot in marked(Mark::Failed) {
        ctx.move_to(dot.x - DOT, dot.y - DOT);
        ctx.line_to(dot.x + DOT, dot.y + DOT);
        ctx.move_to(dot.x + DOT, dot.y - DOT);
        ctx.line_to(dot.x - DOT, dot.y + DOT);
    }
    ctx.set_stroke_style_str(&palette.failed);
    ctx.stroke();
    for (mark, colour) in [(Mark::CheckPassed, &palette.served), (Mark::CheckFailed, &palette.failed)] {
        ctx.begin_path();
        for dot in marked(mark) {
            ctx.move_to(dot.x + CHECK, dot.y);
            pen.arc(dot.x, dot.y, CHECK, 0.0, std::f64::consts::TAU);
            if mark == Mark::CheckFailed {
                let arm = CHECK * 0.6;
                ctx.move_to(dot.x - arm, dot.y - arm);
                ctx.line_to(dot.x + arm, dot.y + arm);
                ctx.move_to(dot.x + arm, dot.y - arm);
                ctx.line_to(dot.x - arm, dot.y + arm);
            }
        }
        ctx.set_stroke_style_str(colour);
        ctx.stroke();
    }
}

/// The canvas, labelled by `label` for screen readers (the chapter's table says the figures).
#[component]
pub fn RequestCanvas(lab: Lab, label: Signal<String>) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let ui = ui();
    let theme = use_context::<RwSignal<Theme>>();
    let mut painter = Painter::default();
    // The theme's colours, read from the page's style once per theme rather than every frame.
    let mut palette: Option<(Option<Theme>, Palette)> = None;
    Effect::new(move |_| {
        let names = ui.get().canvas_nodes;
        // Tracked, so that a switch of theme while the player is paused repaints the picture.
        let shown = theme.map(|t| t.get());
        let scene = lab.with(|w| w.farm().map(|farm| Scene::of(farm, w.now().micros())));
        let (Some(scene), Some(canvas)) = (scene, canvas.get()) else { return };
        let height = scene.height() as u32;
        if canvas.height() != height {
            canvas.set_height(height);
        }
        if palette.as_ref().is_none_or(|(read_for, _)| *read_for != shown) {
            palette = Palette::of(&canvas).map(|p| (shown, p));
        }
        if let (Some(ctx), Some((_, palette))) = (context_2d(&canvas), &palette) {
            painter.paint(&ctx, &scene, palette, names);
        }
    });
    view! {
        <canvas
            node_ref=canvas
            class="request-canvas"
            role="img"
            aria-label=label
            width=WIDTH as u32
            height=LANE_HEIGHT as u32
        ></canvas>
    }
}
