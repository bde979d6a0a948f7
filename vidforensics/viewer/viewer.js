"use strict";
// vidforensics case viewer: offline, no network. Data: #vf-data (from findings.json).
(function () {
  const D = JSON.parse(document.getElementById("vf-data").textContent);
  // Bidi controls from file names and tags are shown as <U+XXXX>, as in the PDF and the notebook:
  // drawn raw they could reorder the words that follow them (the set of vidforensics.text.BIDI_CONTROLS)
  const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
  const plain = s => String(s).replace(BIDI, c => "<U+" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0") + ">");
  const $ = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const k of kids) e.append(typeof k === "string" ? plain(k) : k);
    return e;
  };
  const EPS = 1e-6;

  // ------------------------------------------------------------ times and frames
  function tc(s) {
    const sign = s < 0 ? "-" : ""; s = Math.abs(s);
    const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s - 3600 * h - 60 * m;
    return sign + String(h).padStart(2, "0") + ":" + String(m).padStart(2, "0") + ":" +
      sec.toFixed(3).padStart(6, "0");
  }
  function frameAt(inp, t) { return Math.max(0, Math.floor((t - inp.start_s) * inp.fps + EPS)); }
  function frameTime(inp, n) { return inp.start_s + n / inp.fps; }

  // ------------------------------------------------------------ integrity (what the page can say)
  function readCheck() {
    const m = /[#&]check=([A-Za-z0-9_-]+)/.exec(location.hash);
    if (!m) return null;
    try {
      const b = m[1].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(atob(b + "===".slice((b.length + 3) % 4)));
    } catch (e) { return null; }
  }
  const CHECK = readCheck();
  const playable = D.inputs.map(() => null);     // null unknown, true loaded, string: why not

  function statusText(k) {
    const inp = D.inputs[k];
    if (CHECK && CHECK.status && CHECK.status[k]) {
      const s = CHECK.status[k];
      if (s === "matches") return ["ok", "SHA-256 matched the recorded one when `vidforensics view` checked it at " + CHECK.at];
      if (s === "differs") return ["bad", "SHA-256 DIFFERS from the recorded one (checked by `vidforensics view` at " + CHECK.at + "): the file is not the one analysed"];
      return ["bad", "not found when `vidforensics view` checked at " + CHECK.at];
    }
    return ["warn", "not checked: a web page cannot compute the SHA-256 of a local file; run `vidforensics view` on the case folder to check " + inp.name];
  }
  function renderInputs() {
    const box = document.getElementById("inputs");
    box.textContent = "";
    const t = $("table", {}, $("tr", {}, ...["", "file (as recorded)", "SHA-256 recorded at analysis", "check", "in this browser"].map(h => $("th", {}, h))));
    D.inputs.forEach((inp, k) => {
      const [cls, text] = statusText(k);
      const p = playable[k];
      const play = p === true ? $("span", { class: "ok" }, "plays") : p ? $("span", { class: "bad" }, p) : $("span", {}, "not loaded yet");
      t.append($("tr", {}, $("td", {}, inp.label), $("td", {}, inp.path), $("td", { class: "hash" }, inp.sha256),
        $("td", { class: cls }, text), $("td", {}, play)));
    });
    for (const e of D.errors) t.append($("tr", {}, $("td", {}, "–"), $("td", {}, e.path), $("td", {}, ""), $("td", { class: "bad" }, "not analysed: " + e.error), $("td", {}, "")));
    box.append(t);
  }
  function whyNot(k, video) {
    const inp = D.inputs[k];
    if (CHECK && CHECK.status && CHECK.status[k] === "missing") return "missing: not found at " + decodeURIComponent(inp.src);
    const can = video.canPlayType(inp.codec_type);
    if (!can) return "this browser cannot decode " + inp.codec + " in " + inp.mime + " (ask for excerpts: vidforensics view --excerpts)";
    return "could not be loaded from " + decodeURIComponent(inp.src) + " (missing, moved or unreadable)";
  }
  function attach(video, k, onFail) {
    video.addEventListener("loadeddata", () => { playable[k] = true; renderInputs(); });
    video.addEventListener("error", () => { playable[k] = whyNot(k, video); renderInputs(); if (onFail) onFail(playable[k]); });
  }
  // a stored excerpt that covers a whole member, if the case has one
  function excerptFor(m) {
    for (const x of D.inputs[m.input].excerpts || []) if (m.start_s >= x.start_s - 0.05 && m.end_s <= x.end_s + 0.1) return x;
    return null;
  }

  // ------------------------------------------------------------ observation list
  let current = null;
  function renderList() {
    const nav = document.getElementById("list");
    nav.textContent = "";
    nav.append($("h2", {}, "Observations"));
    if (!D.groups.length && !D.individuals.length) nav.append($("p", { class: "note" }, "Nothing was reported at the parameters used; this does not show that nothing is repeated."));
    for (const g of D.groups) {
      nav.append($("button", { id: "obs-" + g.id, onclick: () => showGroup(g) }, $("b", {}, g.id), " ", $("span", { class: "k" }, g.kind + " · " + g.members.length + " members"),
        $("div", { class: "k" }, g.members.map(m => (D.inputs[m.input] || {}).label + " " + tc(m.start_s)).join(", "))));
    }
    for (const p of D.individuals) {
      nav.append($("button", { id: "obs-" + p.id, onclick: () => showPerson(p) }, $("b", {}, p.id), " ", $("span", { class: "k" }, "recurring individual · " + p.appearances.length + " appearances")));
    }
    if (!D.people_examined) nav.append($("p", { class: "note" }, "Recurring individuals: not examined (face and body comparison not run)."));
  }
  function select(id) {
    for (const b of document.querySelectorAll("#list button")) b.classList.toggle("sel", b.id === "obs-" + id);
  }

  // ------------------------------------------------------------ alignment of two members
  function pairFor(g, ia, ib) {
    for (const p of g.pairs) {
      if (p.a === ia && p.b === ib) return { p, flip: false };
      if (p.a === ib && p.b === ia) return { p, flip: true };
    }
    return null;
  }
  function aligner(g, ia, ib) {
    const A = g.members[ia], B = g.members[ib], found = pairFor(g, ia, ib);
    let speed = 1, offset = B.start_s - A.start_s, note;
    const median = xs => { const v = xs.slice().sort((x, y) => x - y), n = v.length; return n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2; };
    if (found && found.p.single_offset && found.p.samples.length) {
      const p = found.p;
      const pts = p.samples.map(s => found.flip ? [s[1], s[0]] : [s[0], s[1]]);
      speed = p.speed ? (found.flip ? 1 / p.speed : p.speed) : 1;
      offset = median(pts.map(([a, b]) => b - speed * a));
      note = "Aligned by the recorded speed and time offset: right time = " + speed.toFixed(4) + " × left time " +
        (offset >= 0 ? "+ " : "− ") + Math.abs(offset).toFixed(3) + " s (median offset of " + pts.length +
        " recorded aligned frame pairs)" + (Math.abs(speed - 1) > 1e-3 ? "; member " + (ib + 1) + " plays at " + speed.toFixed(3) + "× the speed of member " + (ia + 1) : "") + ".";
    } else if (found) {
      note = "These members matched shot against shot without one time offset; they are aligned at their recorded starts and played at the same speed.";
      offset = B.start_s - A.start_s;
    } else {
      note = "No alignment is recorded for this pair of members; they are aligned at their recorded starts.";
    }
    const map = t => offset + speed * t;
    const mirrored = found ? found.p.mirrored : false;
    const boxes = found ? (found.flip ? [found.p.b_box, found.p.a_box] : [found.p.a_box, found.p.b_box]) : [[0, 0, 1, 1], [0, 0, 1, 1]];
    return { map, speed, note, mirrored, boxes, crop: found ? found.p.crop : null };
  }

  // ------------------------------------------------------------ group view
  const S = window.vfState = { kind: null };
  function showGroup(g, ia, ib) {
    stop();
    select(g.id);
    current = g;
    if (ia === undefined) { const p0 = g.pairs[0]; ia = p0 ? p0.a : 0; ib = p0 ? p0.b : 1; }
    const stage = document.getElementById("stage");
    stage.textContent = "";
    const pick = (sel, which) => {
      const s = $("select", { id: "member-" + which, onchange: () => showGroup(g, +document.getElementById("member-a").value, +document.getElementById("member-b").value) });
      g.members.forEach((m, k) => { const o = $("option", { value: k }, "member " + (k + 1) + ": " + D.inputs[m.input].label + " " + tc(m.start_s) + "–" + tc(m.end_s)); if (k === sel) o.selected = true; s.append(o); });
      return s;
    };
    stage.append($("h2", {}, "Repeated-segment group " + g.id + " (" + g.kind + ")"),
      $("div", { class: "note" }, "Left: ", pick(ia, "a"), "  Right: ", pick(ib, "b")));
    const al = aligner(g, ia, ib);
    const mk = (k, m, side) => {
      const v = $("video", { id: "video-" + side, muted: "", preload: "auto", playsinline: "" });
      v.muted = true;
      const t = $("div", { class: "time", id: "time-" + side });
      const msg = $("div", { class: "msg", id: "msg-" + side });
      return { v, t, msg, el: $("div", { class: "player" }, $("b", {}, "member " + (k + 1) + " · " + D.inputs[m.input].label + " " + D.inputs[m.input].name), v, t, msg) };
    };
    const A = g.members[ia], B = g.members[ib];
    const pa = mk(ia, A, "a"), pb = mk(ib, B, "b");
    stage.append($("div", { class: "pair" }, pa.el, pb.el));
    const back = $("button", { id: "step-back", title: "previous frame (←)", onclick: () => step(-1) }, "◀ frame");
    const play = $("button", { id: "play", onclick: () => toggle() }, "▶ play");
    const fwd = $("button", { id: "step-fwd", title: "next frame (→)", onclick: () => step(1) }, "frame ▶");
    const inA = D.inputs[A.input];
    const nFrames = Math.max(1, frameAt(inA, A.end_s - EPS) - frameAt(inA, A.start_s) + 1);
    const scrub = $("input", { type: "range", id: "scrubber", min: 0, max: nFrames - 1, step: 1, value: 0 });
    scrub.addEventListener("input", () => { stop(); seekFrame(frameAt(inA, A.start_s) + (+scrub.value)); });
    stage.append($("div", { class: "controls" }, back, play, fwd, scrub), $("div", { class: "note", id: "align-note" }, al.note));
    const ca = $("canvas", { id: "diff-a" }), cb = $("canvas", { id: "diff-b", class: "top" });
    const diffBox = $("div", { class: "diff", id: "diff" }, ca, cb);
    const diffCap = $("div", { class: "note", id: "diff-note" });
    stage.append($("h2", {}, "Difference of the current frame pair"), $("div", { class: "diffbox" }, diffBox, diffCap));
    Object.assign(S, { kind: "group", g, ia, ib, A, B, al, pa, pb, inA, inB: D.inputs[B.input], scrub, play, ca, cb, diffBox, diffCap, frameA: frameAt(inA, A.start_s), playing: false });
    S.offA = 0; S.offB = 0;
    const fallback = (pl, m, side) => why => {
      const x = excerptFor(m);
      if (x && pl.v.getAttribute("data-excerpt") !== "1") {
        pl.v.setAttribute("data-excerpt", "1");
        S[side === "a" ? "offA" : "offB"] = x.start_s;
        pl.msg.textContent = plain("The original cannot be played here (" + why + "); playing the excerpt the case stored (" + x.src + ", re-encoded VP8, not the original file).");
        pl.v.src = x.src;
        seekFrame(S.frameA);
      } else pl.msg.textContent = plain("Cannot play: " + why);
    };
    attach(pa.v, A.input, fallback(pa, A, "a"));
    attach(pb.v, B.input, fallback(pb, B, "b"));
    pa.v.src = D.inputs[A.input].src; pb.v.src = D.inputs[B.input].src;
    for (const v of [pa.v, pb.v]) v.addEventListener("seeked", drawDiff);
    seekFrame(S.frameA);
  }
  function targets(nA) {
    const tA = frameTime(S.inA, nA);
    const tBraw = S.al.map(tA);
    const nB = frameAt(S.inB, tBraw);
    return { nA, tA, nB, tB: frameTime(S.inB, nB), tBraw };
  }
  function seekFrame(nA) {
    const lo = frameAt(S.inA, S.A.start_s), hi = frameAt(S.inA, S.A.end_s - EPS);
    nA = Math.min(hi, Math.max(lo, nA));
    S.frameA = nA;
    const t = targets(nA);
    S.target = t;
    // seek to the middle of each frame, so that the player shows exactly that frame
    S.pa.v.currentTime = Math.max(0, t.tA + 0.5 / S.inA.fps - S.offA);
    S.pb.v.currentTime = Math.max(0, t.tB + 0.5 / S.inB.fps - S.offB);
    S.scrub.value = nA - lo;
    showTimes(t);
  }
  function showTimes(t) {
    const vfr = inp => inp.vfr ? " (variable frame rate: frame numbers approximate)" : "";
    S.pa.t.textContent = plain(S.inA.label) + " frame " + t.nA + " · " + tc(t.tA) + " (" + t.tA.toFixed(6) + " s)" + vfr(S.inA) +
      "\nmember " + (S.ia + 1) + " " + tc(S.A.start_s) + "–" + tc(S.A.end_s);
    S.pb.t.textContent = plain(S.inB.label) + " frame " + t.nB + " · " + tc(t.tB) + " (" + t.tB.toFixed(6) + " s)" + vfr(S.inB) +
      "\naligned time " + t.tBraw.toFixed(6) + " s · member " + (S.ib + 1) + " " + tc(S.B.start_s) + "–" + tc(S.B.end_s);
  }
  function step(n) { if (S.kind !== "group") return; stop(); seekFrame(S.frameA + n); }
  function toggle() { if (S.playing) stop(); else start(); }
  function start() {
    if (S.kind !== "group") return;
    S.playing = true; S.play.textContent = "❚❚ pause";
    S.pb.v.playbackRate = S.al.speed;
    for (const v of [S.pa.v, S.pb.v]) v.play().catch(() => {});
    const tick = () => {
      if (!S.playing) return;
      const tA = S.pa.v.currentTime + S.offA;
      if (tA >= S.A.end_s - EPS || S.pa.v.ended) { stop(); return; }
      const want = S.al.map(tA) - S.offB;
      if (Math.abs(S.pb.v.currentTime - want) > 1.5 / S.inB.fps) S.pb.v.currentTime = want;   // keep in step
      const nA = frameAt(S.inA, tA);
      S.scrub.value = nA - frameAt(S.inA, S.A.start_s);
      showTimes(targets(nA));
      drawDiff();
      S.raf = requestAnimationFrame(tick);
    };
    S.raf = requestAnimationFrame(tick);
  }
  function stop() {
    if (S.kind !== "group" || !S.playing) return;
    S.playing = false; S.play.textContent = "▶ play";
    cancelAnimationFrame(S.raf);
    S.pa.v.pause(); S.pb.v.pause();
    seekFrame(frameAt(S.inA, S.pa.v.currentTime + S.offA));
  }
  function drawDiff() {
    if (S.kind !== "group") return;
    const va = S.pa.v, vb = S.pb.v;
    if (va.readyState < 2 || vb.readyState < 2) return;
    const [a, b] = S.al.boxes;
    const sw = va.videoWidth * (a[2] - a[0]), sh = va.videoHeight * (a[3] - a[1]);
    const W = 360, H = Math.round(W * sh / sw);
    for (const c of [S.ca, S.cb]) { if (c.width !== W || c.height !== H) { c.width = W; c.height = H; } }
    S.diffBox.style.width = W + "px"; S.diffBox.style.height = H + "px";
    const xa = S.ca.getContext("2d"), xb = S.cb.getContext("2d");
    xa.drawImage(va, va.videoWidth * a[0], va.videoHeight * a[1], sw, sh, 0, 0, W, H);
    xb.save();
    if (S.al.mirrored) { xb.translate(W, 0); xb.scale(-1, 1); }
    xb.drawImage(vb, vb.videoWidth * b[0], vb.videoHeight * b[1], vb.videoWidth * (b[2] - b[0]), vb.videoHeight * (b[3] - b[1]), 0, 0, W, H);
    xb.restore();
    let mean = null;
    try {       // reading pixels is refused for videos opened from files: then the browser's blend shows the map
      const pa = xa.getImageData(0, 0, W, H).data, pb = xb.getImageData(0, 0, W, H).data;
      let s = 0;
      for (let i = 0; i < pa.length; i += 4) s += Math.abs(pa[i] - pb[i]) + Math.abs(pa[i + 1] - pb[i + 1]) + Math.abs(pa[i + 2] - pb[i + 2]);
      mean = s / (3 * 255 * W * H);
    } catch (e) { mean = null; }
    S.diffCap.textContent = "Absolute difference, colour by colour, of the two frames shown above (black = alike), after " +
      (S.al.mirrored ? "mirroring the right member back, " : "") + (S.al.crop ? "taking the recorded " + S.al.crop + " crop of the right member, " : "") +
      "trimming recorded edge bars and scaling both to the same size. This is an approximate registration; the report's difference map registers more exactly. " +
      (mean === null ? "The mean value is not shown: a page opened from a file may not read video pixels." : "Mean difference " + mean.toFixed(3) + " (0 alike, 1 different).");
  }

  // ------------------------------------------------------------ individual view
  function showPerson(p) {
    stop();
    select(p.id);
    S.kind = "person";
    const stage = document.getElementById("stage");
    stage.textContent = "";
    stage.append($("h2", {}, "Recurring individual " + p.id),
      $("p", { class: "note" }, "Appearances whose faces (or, within nearby shots, bodies) look alike under the recorded threshold. Visual similarity, not identification. Click a crop to jump to the appearance."));
    const crops = $("div", { class: "crops" });
    const blurred = D.blur_faces && !D.keep_clear.includes(p.id);
    if (blurred) stage.append($("p", { class: "note" }, "Faces of this individual are blurred in this page, as the analysis asked (--blur-faces); the original files are not changed."));
    const v = $("video", { id: "video-person", muted: "", preload: "auto", controls: "" });
    v.muted = true;
    const box = $("div", { class: "box" });
    const wrap = $("div", { class: "single" }, v, box);
    if (blurred) v.style.filter = "blur(12px)";
    const time = $("div", { class: "time", id: "time-person" }), msg = $("div", { class: "msg" });
    stage.append(crops, $("h2", {}, "Appearance"), wrap, time, msg);
    let shown = null;
    const jump = (k) => {
      const a = p.appearances[k], inp = D.inputs[a.input];
      shown = a;
      if (v.getAttribute("data-input") !== String(a.input)) { v.src = inp.src; v.setAttribute("data-input", a.input); }
      v.currentTime = a.time_s + 0.5 / inp.fps;
      time.textContent = plain("appearance " + (k + 1) + " · " + inp.label + " shot " + a.shot + " · " + tc(a.start_s) + "–" + tc(a.end_s) + " · frame shown " + frameAt(inp, a.time_s) + " at " + tc(a.time_s) + " · " + a.cue);
    };
    const placeBox = () => {
      if (!shown || !v.videoWidth) return;
      const inp = D.inputs[shown.input], sx = v.clientWidth / inp.width, sy = v.clientHeight / inp.height;
      const [x0, y0, x1, y1] = shown.bbox;
      Object.assign(box.style, { left: x0 * sx + "px", top: y0 * sy + "px", width: (x1 - x0) * sx + "px", height: (y1 - y0) * sy + "px" });
    };
    v.addEventListener("seeked", placeBox);
    v.addEventListener("error", () => { const k = +v.getAttribute("data-input"); msg.textContent = plain("Cannot play: " + whyNot(k, v)); });
    // face crops, drawn from the videos in turn (a hidden player seeks to each appearance)
    const cv = $("video", { muted: "", preload: "auto" });
    cv.muted = true;
    const queue = [];
    p.appearances.forEach((a, k) => {
      const c = $("canvas", { width: 96, height: 96 });
      if (blurred) c.style.filter = "blur(6px)";
      crops.append($("div", { class: "crop", id: "crop-" + (k + 1), onclick: () => jump(k) }, c, "appearance " + (k + 1), $("br"), D.inputs[a.input].label + " shot " + a.shot, $("br"), tc(a.time_s)));
      queue.push([a, c]);
    });
    const next = () => {
      if (!queue.length || S.kind !== "person") return;
      const [a, c] = queue[0], inp = D.inputs[a.input];
      if (cv.getAttribute("data-input") !== String(a.input)) { cv.src = inp.src; cv.setAttribute("data-input", a.input); }
      cv.currentTime = a.time_s + 0.5 / inp.fps;
    };
    cv.addEventListener("seeked", () => {
      const [a, c] = queue.shift(), inp = D.inputs[a.input];
      const sx = cv.videoWidth / inp.width, sy = cv.videoHeight / inp.height;
      let [x0, y0, x1, y1] = a.bbox;
      const m = 0.25 * Math.max(x1 - x0, y1 - y0);
      x0 = Math.max(0, x0 - m); y0 = Math.max(0, y0 - m); x1 = Math.min(inp.width, x1 + m); y1 = Math.min(inp.height, y1 + m);
      const s = Math.max(x1 - x0, y1 - y0);
      c.getContext("2d").drawImage(cv, x0 * sx, y0 * sy, s * sx, s * sy, 0, 0, 96, 96);
      next();
    });
    cv.addEventListener("error", () => { queue.shift(); next(); });
    next();
    if (p.appearances.length) jump(0);
  }

  // ------------------------------------------------------------ start
  document.getElementById("sub").textContent = plain(D.tool + (D.created_utc ? " · analysis of " + D.created_utc : "") + " · " + D.inputs.length + " input(s). Times are hh:mm:ss.mmm from the start of each file; frames and shots numbered from 0, members and appearances from 1.");
  document.addEventListener("keydown", e => {
    if (e.target.tagName === "SELECT" || e.target.tagName === "INPUT") return;
    if (e.key === "ArrowRight") step(1); else if (e.key === "ArrowLeft") step(-1); else if (e.key === " ") { e.preventDefault(); toggle(); }
  });
  renderInputs();
  renderList();
  window.vf = {
    data: D, state: S, step, seekFrame, showGroup: (id, a, b) => showGroup(D.groups.find(g => g.id === id), a, b),
    showPerson: id => showPerson(D.individuals.find(p => p.id === id)),
    settled: () => S.kind === "group" && [S.pa.v, S.pb.v].every(v => v.readyState >= 2 && !v.seeking),
    playable: () => playable.slice(),
  };
  if (D.groups.length) showGroup(D.groups[0]); else if (D.individuals.length) showPerson(D.individuals[0]);
})();
