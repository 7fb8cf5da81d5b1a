// The plain-JavaScript reference for the request canvas (src/ui/dots.rs): N dots kept in typed
// arrays, moved and drawn each frame on a 720 x 500 canvas with the same batched drawing as the
// Rust painter: one path per mark kind, so four fills or strokes a frame however many dots:
//   request  filled circle   (move_to + arc)      accent colour
//   served   filled circle   (move_to + arc)      ok colour
//   timedOut hollow square   (rect), line 1.5     warn colour
//   failed   cross           (2 x move_to + line_to), line 1.5   bad colour
// A frame's work, timed with performance.now(), is moving every dot (bouncing off the edges)
// and drawing the canvas afresh. Frames are one requestAnimationFrame apart, as in the app.
//
// Used by tests/frame_bench.rs (scripts/frame-bench.sh), which times the Rust side in the same
// browser run, and by bench/dots.html, which shows this side's figures when opened by hand.

export const WIDTH = 720;
export const HEIGHT = 500;
const DOT = 2.5;
const TAU = Math.PI * 2;

/** The light theme's colours (style/base.css), as the Rust side paints with in the bench. */
export const COLOURS = { request: '#0b5394', served: '#00704f', timedOut: '#8a5a00', failed: '#b03a00' };

/**
 * The dots of each kind [request, served, timedOut, failed] in the scenes of tests/frame_bench.rs
 * (it prints them, and passes its own counts to runPlainDots): for the page opened by hand.
 */
export const SCENES = [
  [410, 14, 467, 218],
  [8258, 34, 1169, 512],
];

/** A small seeded generator (mulberry32), so every run moves the same dots. */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `counts[k]` dots of kind k, each at a random place with a random velocity (up to 2 px a frame
 * each way). Dots of one kind are stored together: kind k is `ends[k-1]` (or 0) to `ends[k]`.
 */
export function makeDots(counts, seed = 1) {
  const next = random(seed);
  const n = Array.from(counts).reduce((a, b) => a + b, 0);
  const dots = {
    x: new Float64Array(n),
    y: new Float64Array(n),
    vx: new Float64Array(n),
    vy: new Float64Array(n),
    ends: [],
  };
  let end = 0;
  for (const count of counts) {
    end += count;
    dots.ends.push(end);
  }
  for (let i = 0; i < n; i++) {
    dots.x[i] = next() * WIDTH;
    dots.y[i] = next() * HEIGHT;
    dots.vx[i] = (next() - 0.5) * 4;
    dots.vy[i] = (next() - 0.5) * 4;
  }
  return dots;
}

/** Moves every dot one frame on, bouncing off the canvas's edges. */
export function move(dots) {
  const { x, y, vx, vy } = dots;
  for (let i = 0; i < x.length; i++) {
    let nx = x[i] + vx[i];
    let ny = y[i] + vy[i];
    if (nx < 0 || nx > WIDTH) {
      vx[i] = -vx[i];
      nx = x[i] + vx[i];
    }
    if (ny < 0 || ny > HEIGHT) {
      vy[i] = -vy[i];
      ny = y[i] + vy[i];
    }
    x[i] = nx;
    y[i] = ny;
  }
}

/** Draws the dots afresh: one path per kind, as src/ui/dots.rs's `paint_dots`. */
export function draw(ctx, dots, colours = COLOURS) {
  const { x, y, ends } = dots;
  ctx.clearRect(0, 0, WIDTH, HEIGHT);
  const circles = [
    [0, ends[0], colours.request],
    [ends[0], ends[1], colours.served],
  ];
  for (const [from, to, colour] of circles) {
    ctx.beginPath();
    for (let i = from; i < to; i++) {
      ctx.moveTo(x[i] + DOT, y[i]);
      ctx.arc(x[i], y[i], DOT, 0, TAU);
    }
    ctx.fillStyle = colour;
    ctx.fill();
  }
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (let i = ends[1]; i < ends[2]; i++) {
    ctx.rect(x[i] - DOT, y[i] - DOT, DOT * 2, DOT * 2);
  }
  ctx.strokeStyle = colours.timedOut;
  ctx.stroke();
  ctx.beginPath();
  for (let i = ends[2]; i < ends[3]; i++) {
    ctx.moveTo(x[i] - DOT, y[i] - DOT);
    ctx.lineTo(x[i] + DOT, y[i] + DOT);
    ctx.moveTo(x[i] + DOT, y[i] - DOT);
    ctx.lineTo(x[i] - DOT, y[i] + DOT);
  }
  ctx.strokeStyle = colours.failed;
  ctx.stroke();
}

/** Resolves at the next animation frame. */
export function nextFrame() {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Frames run before timing starts (the JIT's warm-up, the canvas's first allocation). */
export const WARM_UP_FRAMES = 10;

/**
 * Moves and draws `counts` dots of each kind ([request, served, timedOut, failed]) on `canvas`
 * (resized to 720 x 500) for `frames` frames after `WARM_UP_FRAMES` untimed ones, one animation
 * frame apart. Resolves to each timed frame's work in milliseconds
 * (performance.now() around move + draw), a Float64Array.
 */
export async function runPlainDots(canvas, counts, frames) {
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const ctx = canvas.getContext('2d');
  const dots = makeDots(counts);
  const times = new Float64Array(frames);
  for (let f = -WARM_UP_FRAMES; f < frames; f++) {
    await nextFrame();
    const start = performance.now();
    move(dots);
    draw(ctx, dots);
    const took = performance.now() - start;
    if (f >= 0) times[f] = took;
  }
  return times;
}

/** The `p`th percentile (nearest rank) of `times`. */
export function percentile(times, p) {
  const sorted = Array.from(times).sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}
