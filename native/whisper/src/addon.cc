// SalesEdge whisper.cpp addon: the N-API glue the project writes over whisper.cpp.
//
// What it gives JavaScript (typed in ../binding.ts):
//   loadBackends(dir)            -> loads ggml's backend libraries (CPU variants, CUDA, Vulkan,
//                                   Metal) from dir once; ggml picks the best CPU variant itself
//   systemInfo()                 -> { info, devices: [{ name, description, type }] }
//   loadModel(path, options)     -> Promise<Model>; the model is read on a worker thread
//   model.transcribe(pcm, opts)  -> { promise, abort() }; runs on a worker thread, never the JS one
//   model.release()              -> Promise<void>; waits for a running job to stop
//   takeLog()                    -> whisper.cpp/ggml log lines since the last call (never printed)
//
// One whisper_state per model (the context's own), guarded by a mutex: jobs of one model run one at a time (the JS
// side queues them; the mutex is the backstop). Logs never reach stdout/stderr unless
// SALESEDGE_WHISPER_LOG=1, so `--json` output stays clean.
#include <napi.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ggml-backend.h"
#include "whisper.h"

namespace {

// ---------------------------------------------------------------------------------------------
// Log capture: whisper.cpp and ggml log from any thread. Keep the last lines for error messages.

std::mutex g_log_mutex;
std::deque<std::string> g_log;
std::string g_log_partial;
bool g_log_echo = false;
std::vector<std::string> *g_capture = nullptr;  // while set, lines go here instead (timings)

void log_callback(ggml_log_level level, const char *text, void *) {
  if (text == nullptr) return;
  std::lock_guard<std::mutex> lock(g_log_mutex);
  if (g_log_echo) fputs(text, stderr);
  (void)level;
  g_log_partial += text;
  size_t nl;
  while ((nl = g_log_partial.find('\n')) != std::string::npos) {
    std::string line = g_log_partial.substr(0, nl);
    g_log_partial.erase(0, nl + 1);
    if (line.empty()) continue;
    if (g_capture != nullptr) {
      g_capture->push_back(line);
      continue;
    }
    g_log.push_back(line);
    if (g_log.size() > 400) g_log.pop_front();
  }
}

// The last error-looking line logged since `mark` (the log's size when the job started).
std::string last_error_line(size_t mark_size) {
  std::lock_guard<std::mutex> lock(g_log_mutex);
  std::string found;
  size_t start = mark_size < g_log.size() ? mark_size : 0;
  for (size_t i = start; i < g_log.size(); i++) {
    const std::string &l = g_log[i];
    if (l.find("error") != std::string::npos || l.find("failed") != std::string::npos ||
        l.find("invalid") != std::string::npos || l.find("unknown") != std::string::npos ||
        l.find("wrong") != std::string::npos || l.find("not enough") != std::string::npos) {
      found = l;
    }
  }
  return found;
}

size_t log_size() {
  std::lock_guard<std::mutex> lock(g_log_mutex);
  return g_log.size();
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// ---------------------------------------------------------------------------------------------
// The model: a whisper_context (weights) and one whisper_state (KV caches, buffers).

struct ModelCore {
  whisper_context *ctx = nullptr;  // weights and its one whisper_state (KV caches, buffers, timings)
  std::mutex run_mutex;  // one job at a time per state
  std::string path;
  bool multilingual = false;
  std::string type;      // tiny, base, small, ...
  ~ModelCore() {
    if (ctx) whisper_free(ctx);
  }
};

struct LoadOptions {
  bool use_gpu = true;
  bool flash_attn = true;
  int gpu_device = 0;
};

class Model;

class LoadWorker : public Napi::AsyncWorker {
 public:
  LoadWorker(Napi::Env env, std::string path, LoadOptions opts)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), path_(std::move(path)), opts_(opts) {}
  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    size_t mark = log_size();
    whisper_context_params cp = whisper_context_default_params();
    cp.use_gpu = opts_.use_gpu;
    cp.flash_attn = opts_.flash_attn;
    cp.gpu_device = opts_.gpu_device;
    core_ = std::make_shared<ModelCore>();
    core_->path = path_;
    core_->ctx = whisper_init_from_file_with_params(path_.c_str(), cp);
    if (core_->ctx == nullptr) {
      std::string why = last_error_line(mark);
      SetError(why.empty() ? "whisper.cpp could not load the model" : why);
      core_.reset();
      return;
    }
    core_->multilingual = whisper_is_multilingual(core_->ctx) != 0;
    const char *t = whisper_model_type_readable(core_->ctx);
    core_->type = t ? t : "";
  }
  void OnOK() override;
  void OnError(const Napi::Error &e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::string path_;
  LoadOptions opts_;
  std::shared_ptr<ModelCore> core_;
};

struct JobOptions {
  std::string language = "en";
  int threads = 2;
  int audio_ctx = 0;
  int max_tokens = 0;
  bool single_segment = true;
  bool no_timestamps = true;
  bool temperature_fallback = false;
  int beam_size = 0;  // 0 = greedy
  std::string prompt;
  bool detect_language = false;
};

struct JobResult {
  std::string text;
  std::string language;
  std::vector<std::tuple<std::string, int64_t, int64_t>> segments;
  int tokens = 0;
  double queue_ms = 0;
  double mel_ms = 0;   // until the encoder starts (mel spectrogram, language detection)
  double total_ms = 0; // whisper_full
  int audio_ctx = 0;
  // whisper.cpp's own counters for this job (as whisper-cli prints them)
  int decode_runs = 0;
  double encode_ms = 0, decode_ms = 0, batchd_ms = 0, prompt_ms = 0;
};

// Parses "decode time = 12.34 ms / 16 runs" style lines of whisper_print_timings().
void parse_timing(const std::string &line, const char *key, double *ms, int *runs) {
  size_t at = line.find(key);
  if (at == std::string::npos) return;
  size_t eq = line.find('=', at);
  if (eq == std::string::npos) return;
  *ms = std::atof(line.c_str() + eq + 1);
  size_t slash = line.find('/', eq);
  if (runs != nullptr && slash != std::string::npos) *runs = std::atoi(line.c_str() + slash + 1);
}

struct AbortFlag {
  std::atomic<bool> aborted{false};
};

bool abort_cb(void *user) { return static_cast<AbortFlag *>(user)->aborted.load(std::memory_order_relaxed); }

struct EncoderBeginData {
  AbortFlag *flag;
  std::chrono::steady_clock::time_point t0;
  double *mel_ms;
};

bool encoder_begin_cb(whisper_context *, whisper_state *, void *user) {
  auto *d = static_cast<EncoderBeginData *>(user);
  *d->mel_ms = ms_since(d->t0);
  return !d->flag->aborted.load(std::memory_order_relaxed);
}

class TranscribeWorker : public Napi::AsyncWorker {
 public:
  TranscribeWorker(Napi::Env env, std::shared_ptr<ModelCore> core, std::vector<float> pcm, JobOptions opts,
                   std::shared_ptr<AbortFlag> flag)
      : Napi::AsyncWorker(env),
        deferred_(Napi::Promise::Deferred::New(env)),
        core_(std::move(core)),
        pcm_(std::move(pcm)),
        opts_(std::move(opts)),
        flag_(std::move(flag)),
        created_(std::chrono::steady_clock::now()) {}
  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    std::lock_guard<std::mutex> lock(core_->run_mutex);
    result_.queue_ms = ms_since(created_);
    if (flag_->aborted.load()) {
      SetError("aborted");
      return;
    }
    if (core_->ctx == nullptr) {
      SetError("whisper model already released");
      return;
    }
    size_t mark = log_size();
    whisper_sampling_strategy strategy = opts_.beam_size > 1 ? WHISPER_SAMPLING_BEAM_SEARCH : WHISPER_SAMPLING_GREEDY;
    whisper_full_params p = whisper_full_default_params(strategy);
    p.n_threads = opts_.threads > 0 ? opts_.threads : 1;
    p.print_progress = false;
    p.print_realtime = false;
    p.print_special = false;
    p.print_timestamps = false;
    p.translate = false;
    p.no_context = true;  // context comes from our prompt only
    p.no_timestamps = opts_.no_timestamps;
    p.single_segment = opts_.single_segment;
    // whisper.cpp stops once token index i >= max_tokens, i.e. after max_tokens + 1 tokens.
    p.max_tokens = opts_.max_tokens > 0 ? std::max(1, opts_.max_tokens - 1) : 0;
    p.audio_ctx = opts_.audio_ctx;
    p.language = opts_.detect_language ? "auto" : opts_.language.c_str();
    p.detect_language = false;
    p.suppress_blank = true;
    p.suppress_nst = true;
    if (!opts_.temperature_fallback) p.temperature_inc = 0.0f;
    if (strategy == WHISPER_SAMPLING_BEAM_SEARCH) p.beam_search.beam_size = opts_.beam_size;
    if (!opts_.prompt.empty()) p.initial_prompt = opts_.prompt.c_str();
    p.abort_callback = abort_cb;
    p.abort_callback_user_data = flag_.get();
    auto t0 = std::chrono::steady_clock::now();
    EncoderBeginData eb{flag_.get(), t0, &result_.mel_ms};
    p.encoder_begin_callback = encoder_begin_cb;
    p.encoder_begin_callback_user_data = &eb;

    whisper_reset_timings(core_->ctx);
    int rc = whisper_full(core_->ctx, p, pcm_.data(), static_cast<int>(pcm_.size()));
    result_.total_ms = ms_since(t0);
    {
      std::vector<std::string> lines;
      {
        std::lock_guard<std::mutex> lock(g_log_mutex);
        g_capture = &lines;
      }
      whisper_print_timings(core_->ctx);
      {
        std::lock_guard<std::mutex> lock(g_log_mutex);
        g_capture = nullptr;
      }
      int runs = 0;
      for (const auto &l : lines) {
        parse_timing(l, "encode time", &result_.encode_ms, nullptr);
        parse_timing(l, "batchd time", &result_.batchd_ms, nullptr);
        parse_timing(l, "prompt time", &result_.prompt_ms, nullptr);
        if (l.find("decode time") != std::string::npos) {
          parse_timing(l, "decode time", &result_.decode_ms, &runs);
          result_.decode_runs = runs;
        }
      }
    }
    result_.audio_ctx = opts_.audio_ctx;
    if (flag_->aborted.load()) {
      SetError("aborted");
      return;
    }
    if (rc != 0) {
      std::string why = last_error_line(mark);
      SetError("whisper_full failed (code " + std::to_string(rc) + ")" + (why.empty() ? "" : ": " + why));
      return;
    }
    int n = whisper_full_n_segments(core_->ctx);
    for (int i = 0; i < n; i++) {
      const char *txt = whisper_full_get_segment_text(core_->ctx, i);
      std::string s = txt ? txt : "";
      result_.text += s;
      result_.segments.emplace_back(s, whisper_full_get_segment_t0(core_->ctx, i) * 10, whisper_full_get_segment_t1(core_->ctx, i) * 10);
      // Text tokens only: whisper counts special and timestamp tokens in the segment too.
      int nt = whisper_full_n_tokens(core_->ctx, i);
      for (int k = 0; k < nt; k++) {
        if (whisper_full_get_token_id(core_->ctx, i, k) < whisper_token_eot(core_->ctx)) result_.tokens++;
      }
    }
    int lang = whisper_full_lang_id(core_->ctx);
    const char *ls = lang >= 0 ? whisper_lang_str(lang) : nullptr;
    result_.language = ls ? ls : "";
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::Object o = Napi::Object::New(env);
    o.Set("text", result_.text);
    o.Set("language", result_.language);
    Napi::Array segs = Napi::Array::New(env, result_.segments.size());
    for (size_t i = 0; i < result_.segments.size(); i++) {
      Napi::Object s = Napi::Object::New(env);
      s.Set("text", std::get<0>(result_.segments[i]));
      s.Set("startMs", static_cast<double>(std::get<1>(result_.segments[i])));
      s.Set("endMs", static_cast<double>(std::get<2>(result_.segments[i])));
      segs.Set(static_cast<uint32_t>(i), s);
    }
    o.Set("segments", segs);
    o.Set("tokens", result_.tokens);
    o.Set("queueMs", result_.queue_ms);
    o.Set("melMs", result_.mel_ms);
    o.Set("totalMs", result_.total_ms);
    o.Set("audioCtx", result_.audio_ctx);
    o.Set("decodeRuns", result_.decode_runs);
    o.Set("encodeMs", result_.encode_ms);
    o.Set("decodeMs", result_.decode_ms);
    o.Set("batchdMs", result_.batchd_ms);
    o.Set("promptMs", result_.prompt_ms);
    deferred_.Resolve(o);
  }
  void OnError(const Napi::Error &e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::shared_ptr<ModelCore> core_;
  std::vector<float> pcm_;
  JobOptions opts_;
  std::shared_ptr<AbortFlag> flag_;
  std::chrono::steady_clock::time_point created_;
  JobResult result_;
};

class ReleaseWorker : public Napi::AsyncWorker {
 public:
  ReleaseWorker(Napi::Env env, std::shared_ptr<ModelCore> core)
      : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)), core_(std::move(core)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }
  void Execute() override {
    std::lock_guard<std::mutex> lock(core_->run_mutex);  // waits for a running job
    if (core_->ctx) whisper_free(core_->ctx);
    core_->ctx = nullptr;
  }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error &e) override { deferred_.Reject(e.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
  std::shared_ptr<ModelCore> core_;
};

Napi::FunctionReference *g_model_ctor = nullptr;

class Model : public Napi::ObjectWrap<Model> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "WhisperModel",
                       {InstanceMethod("transcribe", &Model::Transcribe), InstanceMethod("release", &Model::Release),
                        InstanceMethod("tokenCount", &Model::TokenCount),
                        InstanceAccessor("multilingual", &Model::Multilingual, nullptr),
                        InstanceAccessor("type", &Model::Type, nullptr)});
  }
  explicit Model(const Napi::CallbackInfo &info) : Napi::ObjectWrap<Model>(info) {}
  std::shared_ptr<ModelCore> core;

 private:
  Napi::Value Multilingual(const Napi::CallbackInfo &info) { return Napi::Boolean::New(info.Env(), core && core->multilingual); }
  Napi::Value Type(const Napi::CallbackInfo &info) { return Napi::String::New(info.Env(), core ? core->type : ""); }

  Napi::Value Transcribe(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (!core || core->ctx == nullptr) throw Napi::Error::New(env, "whisper model already released");
    if (info.Length() < 1 || !info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
      throw Napi::TypeError::New(env, "transcribe(samples: Float32Array, options)");
    Napi::Float32Array arr = info[0].As<Napi::Float32Array>();
    std::vector<float> pcm(arr.Data(), arr.Data() + arr.ElementLength());
    JobOptions o;
    if (info.Length() > 1 && info[1].IsObject()) {
      Napi::Object opts = info[1].As<Napi::Object>();
      auto num = [&](const char *k, int def) { return opts.Has(k) && opts.Get(k).IsNumber() ? opts.Get(k).As<Napi::Number>().Int32Value() : def; };
      auto flag = [&](const char *k, bool def) { return opts.Has(k) && opts.Get(k).IsBoolean() ? opts.Get(k).As<Napi::Boolean>().Value() : def; };
      auto str = [&](const char *k, const std::string &def) { return opts.Has(k) && opts.Get(k).IsString() ? opts.Get(k).As<Napi::String>().Utf8Value() : def; };
      o.language = str("language", "en");
      o.detect_language = o.language == "auto";
      o.threads = num("threads", 2);
      o.audio_ctx = num("audioCtx", 0);
      o.max_tokens = num("maxTokens", 0);
      o.single_segment = flag("singleSegment", true);
      o.no_timestamps = flag("noTimestamps", true);
      o.temperature_fallback = flag("temperatureFallback", false);
      o.beam_size = num("beamSize", 0);
      o.prompt = str("prompt", "");
    }
    if (o.language != "auto" && whisper_lang_id(o.language.c_str()) < 0)
      throw Napi::Error::New(env, "unknown language for whisper: " + o.language);
    auto abort_flag = std::make_shared<AbortFlag>();
    auto *worker = new TranscribeWorker(env, core, std::move(pcm), o, abort_flag);
    Napi::Object job = Napi::Object::New(env);
    job.Set("promise", worker->Promise());
    job.Set("abort", Napi::Function::New(env, [abort_flag](const Napi::CallbackInfo &) { abort_flag->aborted.store(true); }, "abort"));
    worker->Queue();
    return job;
  }

  // Tokens whisper's tokenizer makes of a text (the bench bounds random-weight decodes by it).
  Napi::Value TokenCount(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (!core || core->ctx == nullptr) throw Napi::Error::New(env, "whisper model already released");
    if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "tokenCount(text: string)");
    std::string text = info[0].As<Napi::String>().Utf8Value();
    int n = whisper_token_count(core->ctx, text.c_str());
    return Napi::Number::New(env, n < 0 ? -n : n);
  }

  Napi::Value Release(const Napi::CallbackInfo &info) {
    auto *worker = new ReleaseWorker(info.Env(), core);
    Napi::Promise p = worker->Promise();
    worker->Queue();
    return p;
  }
};

void LoadWorker::OnOK() {
  Napi::Object obj = g_model_ctor->New({});
  Model::Unwrap(obj)->core = core_;
  deferred_.Resolve(obj);
}

Napi::Value LoadModel(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "loadModel(path: string, options?)");
  LoadOptions o;
  if (info.Length() > 1 && info[1].IsObject()) {
    Napi::Object opts = info[1].As<Napi::Object>();
    if (opts.Has("useGpu") && opts.Get("useGpu").IsBoolean()) o.use_gpu = opts.Get("useGpu").As<Napi::Boolean>().Value();
    if (opts.Has("flashAttn") && opts.Get("flashAttn").IsBoolean()) o.flash_attn = opts.Get("flashAttn").As<Napi::Boolean>().Value();
    if (opts.Has("gpuDevice") && opts.Get("gpuDevice").IsNumber()) o.gpu_device = opts.Get("gpuDevice").As<Napi::Number>().Int32Value();
  }
  auto *worker = new LoadWorker(env, info[0].As<Napi::String>().Utf8Value(), o);
  Napi::Promise p = worker->Promise();
  worker->Queue();
  return p;
}

bool g_backends_loaded = false;

// Loads ggml's backend libraries from a folder (the addon's own, by default). With a
// GGML_BACKEND_DL build the CPU code lives in libggml-cpu-<variant>.so|dll, one per instruction
// set; ggml scores each against this CPU and keeps the best. `only` loads one file instead
// (tests pin a variant that way).
Napi::Value LoadBackends(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (g_backends_loaded) return Napi::Boolean::New(env, false);
  if (info.Length() > 1 && info[1].IsString()) {
    std::string only = info[1].As<Napi::String>().Utf8Value();
    if (ggml_backend_load(only.c_str()) == nullptr) throw Napi::Error::New(env, "could not load the ggml backend " + only);
  } else {
    if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "loadBackends(dir: string, only?: string)");
    std::string dir = info[0].As<Napi::String>().Utf8Value();
    ggml_backend_load_all_from_path(dir.c_str());
  }
  g_backends_loaded = true;
  if (ggml_backend_dev_count() == 0) throw Napi::Error::New(env, "no ggml backend could be loaded (the CPU backend library is missing)");
  return Napi::Boolean::New(env, true);
}

Napi::Value SystemInfo(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  const char *si = whisper_print_system_info();
  o.Set("info", si ? si : "");
  Napi::Array devs = Napi::Array::New(env);
  for (size_t i = 0; i < ggml_backend_dev_count(); i++) {
    ggml_backend_dev_t d = ggml_backend_dev_get(i);
    Napi::Object od = Napi::Object::New(env);
    od.Set("name", ggml_backend_dev_name(d));
    od.Set("description", ggml_backend_dev_description(d));
    const char *type = "cpu";
    switch (ggml_backend_dev_type(d)) {
      case GGML_BACKEND_DEVICE_TYPE_GPU: type = "gpu"; break;
      case GGML_BACKEND_DEVICE_TYPE_IGPU: type = "igpu"; break;
      case GGML_BACKEND_DEVICE_TYPE_ACCEL: type = "accel"; break;
      default: break;
    }
    od.Set("type", type);
    ggml_backend_reg_t reg = ggml_backend_dev_backend_reg(d);
    od.Set("backend", reg ? ggml_backend_reg_name(reg) : "");
    devs.Set(static_cast<uint32_t>(i), od);
  }
  o.Set("devices", devs);
  o.Set("whisperVersion", whisper_version());
  return o;
}

Napi::Value TakeLog(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  std::lock_guard<std::mutex> lock(g_log_mutex);
  Napi::Array a = Napi::Array::New(env, g_log.size());
  for (size_t i = 0; i < g_log.size(); i++) a.Set(static_cast<uint32_t>(i), g_log[i]);
  g_log.clear();
  return a;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  const char *echo = std::getenv("SALESEDGE_WHISPER_LOG");
  g_log_echo = echo != nullptr && std::strcmp(echo, "1") == 0;
  whisper_log_set(log_callback, nullptr);
  ggml_log_set(log_callback, nullptr);
  Napi::Function ctor = Model::Init(env);
  g_model_ctor = new Napi::FunctionReference(Napi::Persistent(ctor));
  exports.Set("loadBackends", Napi::Function::New(env, LoadBackends));
  exports.Set("systemInfo", Napi::Function::New(env, SystemInfo));
  exports.Set("loadModel", Napi::Function::New(env, LoadModel));
  exports.Set("takeLog", Napi::Function::New(env, TakeLog));
  return exports;
}

}  // namespace

NODE_API_MODULE(salesedge_whisper, Init)
