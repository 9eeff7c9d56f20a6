// The recording booth's page script: records the microphone as PCM (AudioWorklet, or a
// ScriptProcessor where there is none) and builds a 16-bit WAV (MediaRecorder gives Opus/WebM,
// which loaxa does not read); shows a level meter and warns of clipping; sends a whole take to
// be analysed line by line and kept, or one line to be saved. Every text from the server is put
// in the page as text, never as HTML.
"use strict";

const page = document.body.dataset;
const MAX_BYTES = Number(page.maxUploadMb) * 1024 * 1024;

function $(id) { return document.getElementById(id); }
function show(el, on) { el.hidden = !on; }
function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}
function clock(s) {
  const m = Math.floor(s / 60);
  const r = s - m * 60;
  return m + ":" + (r < 10 ? "0" : "") + r.toFixed(1);
}

// Calls the booth's API; throws an Error with the server's message when it refuses.
async function call(method, path, body) {
  const opts = { method: method, headers: { "X-Loaxa-Booth": "1" } };
  if (body) {
    opts.body = body;
    opts.headers["Content-Type"] = body.type || "application/octet-stream";
  }
  const res = await fetch(path, opts);
  const text = await res.text();
  let data = {};
  try { data = text ? JSON.parse(text) : {}; } catch (e) { data = { error: text }; }
  if (!res.ok) {
    const err = new Error(data.error || ("HTTP " + res.status));
    err.problems = data.problems || [];
    throw err;
  }
  return data;
}

function tooBig(blob) {
  return blob.size > MAX_BYTES
    ? "Tệp quá lớn: tối đa " + page.maxUploadMb + " MB (loaxa studio --max-upload-mb N)."
    : null;
}

// 16-bit PCM mono WAV from float blocks.
function wav(blocks, rate) {
  const n = blocks.reduce((a, b) => a + b.length, 0);
  const buf = new ArrayBuffer(44 + n * 2);
  const v = new DataView(buf);
  const str = (at, s) => { for (let i = 0; i < s.length; i++) v.setUint8(at + i, s.charCodeAt(i)); };
  str(0, "RIFF"); v.setUint32(4, 36 + n * 2, true); str(8, "WAVE");
  str(12, "fmt "); v.setUint32(16, 16, true); v.setUint16(20, 1, true); v.setUint16(22, 1, true);
  v.setUint32(24, rate, true); v.setUint32(28, rate * 2, true); v.setUint16(32, 2, true);
  v.setUint16(34, 16, true); str(36, "data"); v.setUint32(40, n * 2, true);
  let at = 44;
  for (const b of blocks) {
    for (let i = 0; i < b.length; i++, at += 2) {
      const s = Math.max(-1, Math.min(1, b[i]));
      v.setInt16(at, s < 0 ? s * 0x8000 : s * 0x7fff, true);
    }
  }
  return new Blob([buf], { type: "audio/wav" });
}

// The microphone, captured as float blocks, with the level of each block.
class Recorder {
  constructor(onLevel) { this.onLevel = onLevel; }

  async start() {
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
    });
    this.ctx = new AudioContext();
    await this.ctx.resume();
    this.blocks = [];
    this.samples = 0;
    this.clipped = 0;
    const source = this.ctx.createMediaStreamSource(this.stream);
    if (this.ctx.audioWorklet) {
      await this.ctx.audioWorklet.addModule("/static/capture.js");
      this.node = new AudioWorkletNode(this.ctx, "loaxa-capture");
      this.node.port.onmessage = (e) => this.take(e.data);
    } else {
      this.node = this.ctx.createScriptProcessor(4096, 1, 1);
      this.node.onaudioprocess = (e) => this.take(new Float32Array(e.inputBuffer.getChannelData(0)));
    }
    source.connect(this.node);
    this.node.connect(this.ctx.destination);
  }

  take(block) {
    this.blocks.push(block);
    this.samples += block.length;
    let peak = 0;
    let run = 0;
    for (let i = 0; i < block.length; i++) {
      const a = Math.abs(block[i]);
      if (a > peak) peak = a;
      run = a >= 0.999 ? run + 1 : 0;
      if (run === 3) this.clipped++;
    }
    this.onLevel(peak, this.samples / this.ctx.sampleRate, this.clipped);
  }

  async stop() {
    this.node.disconnect();
    this.stream.getTracks().forEach((t) => t.stop());
    const rate = this.ctx.sampleRate;
    await this.ctx.close();
    return wav(this.blocks, rate);
  }
}

function micAvailable() {
  const ok = !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
  show($("no-mic"), !ok);
  return ok;
}

// The level meter of the whole take.
function meter(root) {
  const level = root.querySelector(".level");
  const time = root.querySelector(".time");
  const warn = root.querySelector(".clip-warning");
  return (peak, seconds, clipped) => {
    const db = 20 * Math.log10(Math.max(peak, 1e-6));
    level.style.width = Math.max(0, Math.min(100, (db + 60) / 60 * 100)) + "%";
    level.classList.toggle("hot", peak >= 0.99);
    time.textContent = clock(seconds);
    show(warn, clipped > 0);
  };
}

// One recording at a time: every record button but `except` is disabled while one runs.
function lockRecorders(except) {
  document.querySelectorAll("#take-record, .line-record").forEach((b) => { b.disabled = b !== except; });
}
function unlockRecorders() {
  document.querySelectorAll("#take-record, .line-record").forEach((b) => { b.disabled = false; });
}

// ---- the whole take ----

const take = { recorder: null, blob: null, id: null, url: null };

function takeStatus(text, bad) {
  const s = $("take-status");
  s.textContent = text || "";
  s.className = bad ? "bad" : "";
}

function takeReset(keepFile) {
  if (take.id) call("DELETE", "/api/take/" + take.id).catch(() => {});
  if (take.url) URL.revokeObjectURL(take.url);
  Object.assign(take, { recorder: null, blob: null, id: null, url: null });
  ["take-review", "take-result", "take-decide", "take-meter", "take-stop"].forEach((id) => show($(id), false));
  show($("take-record"), true);
  $("take-record").disabled = false;
  if (!keepFile) $("take-file").value = "";
  takeStatus("");
}

function takeLoaded(blob) {
  const big = tooBig(blob);
  if (big) { takeStatus(big, true); return; }
  take.blob = blob;
  take.url = URL.createObjectURL(blob);
  $("take-playback").src = take.url;
  show($("take-review"), true);
  $("take-analyse").disabled = false;
  takeStatus("Nghe lại, rồi bấm “Phân tích”.");
}

async function takeRecord() {
  takeReset();
  take.recorder = new Recorder(meter($("take-meter")));
  try {
    await take.recorder.start();
  } catch (e) {
    take.recorder = null;
    takeStatus("Không mở được micro: " + e.message, true);
    return;
  }
  lockRecorders($("take-stop"));
  show($("take-record"), false);
  show($("take-stop"), true);
  show($("take-meter"), true);
  takeStatus("Đang thu… đọc lần lượt các câu, nghỉ một giây sau mỗi câu.");
}

async function takeStop() {
  show($("take-stop"), false);
  const blob = await take.recorder.stop();
  take.recorder = null;
  unlockRecorders();
  show($("take-record"), true);
  takeLoaded(blob);
}

function replaceQuery() {
  return $("take-replace").checked ? "?replace=true" : "";
}

async function takeAnalyse() {
  $("take-analyse").disabled = true;
  takeStatus("Đang phân tích bản thu…");
  try {
    const res = await call("POST", page.api + "/take" + replaceQuery(), take.blob);
    take.id = res.take;
    showPlan(res.plan);
  } catch (e) {
    takeStatus(e.message, true);
    $("take-analyse").disabled = false;
  }
}

const DECISIONS = { write: "sẽ ghi", keep: "giữ bản đã có", repeat: "đọc lại (giữ lần đầu)" };

function planRow(l, i) {
  const tr = el("tr", undefined, "plan-line" + (l.confidence < 0.5 ? " low" : ""));
  tr.dataset.line = l.line_id;
  tr.append(el("td", String(i + 1), "n"));
  const text = el("td", undefined, "text");
  text.append(el("div", l.text), el("small", l.line_id));
  l.warnings.forEach((w) => {
    const d = el("div", undefined, "warn");
    d.append(el("b", w.message_vi || w.message), el("br"), document.createTextNode(w.hint_vi || w.hint));
    text.append(d);
  });
  tr.append(text);
  tr.append(el("td", clock(l.start_s) + "–" + clock(l.end_s)));
  tr.append(el("td", (l.end_s - l.start_s).toFixed(1) + " / " + l.expected_s.toFixed(1) + " giây"));
  tr.append(el("td", Math.round(l.confidence * 100) + " %", "conf"));
  tr.append(el("td", DECISIONS[l.decision] || l.decision));
  const play = el("button", "▶");
  play.type = "button";
  play.addEventListener("click", () => playPart(l.start_s, l.end_s));
  const td = el("td");
  td.append(play);
  tr.append(td);
  return tr;
}

function playPart(from, to) {
  const a = $("take-playback");
  a.currentTime = from;
  const stop = () => { if (a.currentTime >= to) { a.pause(); a.removeEventListener("timeupdate", stop); } };
  a.addEventListener("timeupdate", stop);
  a.play();
}

function showPlan(plan) {
  const box = $("take-result");
  box.replaceChildren();
  box.append(el("p", "Bản thu dài " + clock(plan.duration_s) + ", " + plan.lines.length +
    " câu, tốc độ đọc " + plan.pace.toFixed(2) + " × ước tính, tiếng nói cao hơn nền " +
    Math.round(plan.snr_db) + " dB."));
  if (plan.lines.length) {
    const table = el("table");
    const head = el("tr");
    ["#", "Câu", "Thời điểm", "Dài / ước tính", "Độ tin cậy", "Sẽ làm gì", "Nghe"].forEach((h) => head.append(el("th", h)));
    table.append(head);
    plan.lines.forEach((l, i) => table.append(planRow(l, i)));
    box.append(table);
  }
  show(box, true);
  const fits = plan.problems.length === 0;
  if (!fits) {
    box.append(el("p", "Bản thu chưa khớp với kịch bản, chưa ghi gì:", "bad"));
    const ul = el("ul", undefined, "problems");
    plan.problems.forEach((p) => ul.append(el("li", p)));
    box.append(ul);
  }
  show($("take-decide"), true);
  show($("take-keep"), fits);
  const low = plan.lines.filter((l) => l.confidence < 0.5).length;
  takeStatus(fits
    ? (low ? low + " câu có độ tin cậy dưới 50 %: hãy nghe lại trước khi giữ." : "Bản thu khớp với kịch bản.")
    : "Hãy thu lại.", !fits);
}

async function takeKeep() {
  $("take-keep").disabled = true;
  takeStatus("Đang lưu các câu…");
  try {
    const res = await call("POST", page.api + "/take/" + take.id + "/keep" + replaceQuery());
    take.id = null;
    takeStatus("Đã lưu " + res.written.length + " câu.");
    location.reload();
  } catch (e) {
    takeStatus(e.message + (e.problems.length ? ": " + e.problems.join("; ") : ""), true);
    $("take-keep").disabled = false;
  }
}

function wholeTake() {
  if (!$("take")) return;
  $("take-record").addEventListener("click", takeRecord);
  $("take-stop").addEventListener("click", takeStop);
  $("take-analyse").addEventListener("click", takeAnalyse);
  $("take-keep").addEventListener("click", takeKeep);
  $("take-retake").addEventListener("click", () => takeReset());
  $("take-again").addEventListener("click", () => takeReset());
  $("take-file").addEventListener("change", (e) => {
    const f = e.target.files[0];
    if (!f) return;
    takeReset(true);
    takeLoaded(f);
  });
}

// ---- one line at a time ----

let lineRecorder = null;

function lineReview(row, line, blob) {
  const box = row.querySelector(".line-review");
  box.replaceChildren();
  const big = tooBig(blob);
  if (big) { box.append(el("p", big, "bad")); show(box, true); return; }
  const audio = el("audio");
  audio.controls = true;
  audio.src = URL.createObjectURL(blob);
  const save = el("button", "Lưu câu này", "line-save");
  const drop = el("button", "Bỏ", "line-drop");
  save.type = drop.type = "button";
  const note = el("p");
  save.addEventListener("click", async () => {
    save.disabled = true;
    note.textContent = "Đang lưu…";
    try {
      await call("POST", page.api + "/line/" + encodeURIComponent(line), blob);
      location.reload();
    } catch (e) {
      note.textContent = e.message;
      note.className = "bad";
      save.disabled = false;
    }
  });
  drop.addEventListener("click", () => { box.replaceChildren(); show(box, false); });
  box.append(audio, save, drop, note);
  show(box, true);
}

async function lineToggle(button) {
  const row = button.closest("tr");
  const line = button.dataset.line;
  if (lineRecorder) {
    if (lineRecorder.button !== button) return;
    const blob = await lineRecorder.stop();
    lineRecorder = null;
    unlockRecorders();
    button.textContent = "● Thu";
    lineReview(row, line, blob);
    return;
  }
  const r = new Recorder((peak, seconds, clipped) => {
    const db = 20 * Math.log10(Math.max(peak, 1e-6));
    const bars = Math.round(Math.max(0, Math.min(60, db + 60)) / 10);
    button.textContent = "■ Dừng " + clock(seconds) + " " + "▮".repeat(bars) + (clipped ? " vỡ tiếng!" : "");
  });
  try {
    await r.start();
  } catch (e) {
    const box = row.querySelector(".line-review");
    box.replaceChildren(el("p", "Không mở được micro: " + e.message, "bad"));
    show(box, true);
    return;
  }
  r.button = button;
  lineRecorder = r;
  lockRecorders(button);
  button.textContent = "■ Dừng";
}

function oneLine() {
  document.querySelectorAll(".line-record").forEach((b) => b.addEventListener("click", () => lineToggle(b)));
  document.querySelectorAll(".line-file").forEach((input) => input.addEventListener("change", () => {
    const f = input.files[0];
    if (f) lineReview(input.closest("tr"), input.dataset.line, f);
  }));
}

if (!micAvailable()) {
  document.querySelectorAll("#take-record, .line-record").forEach((b) => { b.disabled = true; });
}
wholeTake();
oneLine();
