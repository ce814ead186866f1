//! The browser's `fetch` behind the adapters' [`Fetcher`] interface: per-request timeout via
//! AbortController, a response size cap, and network errors told apart from timeouts.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::Request;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::sources::http::{FetchError, Fetcher, HttpRequest, HttpResponse};
use crate::sources::LocalBoxFuture;

pub struct BrowserFetcher;

/// The request exactly as given. (gloo-net's `RequestBuilder` rewrites URLs that carry a
/// query string, appending a stray `&`; building the `web_sys::Request` here avoids that.)
fn build(req: &HttpRequest, signal: Option<&web_sys::AbortSignal>) -> Result<Request, String> {
    let js = |e: wasm_bindgen::JsValue| js_text(&e, "the request could not be built");
    let init = web_sys::RequestInit::new();
    init.set_method(req.method);
    let headers = web_sys::Headers::new().map_err(js)?;
    for (k, v) in &req.headers {
        headers.append(k, v).map_err(js)?;
    }
    init.set_headers(&headers);
    if let Some(body) = &req.body {
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
    }
    init.set_signal(signal);
    // A credential must not follow a redirect to wherever it leads: such answers come back as
    // opaque redirects and are reported instead.
    if req
        .headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("authorization"))
    {
        init.set_redirect(web_sys::RequestRedirect::Manual);
    }
    web_sys::Request::new_with_str_and_init(&req.url, &init)
        .map(Request::from)
        .map_err(js)
}

impl Fetcher for BrowserFetcher {
    fn page_is_https(&self) -> bool {
        web_sys::window()
            .and_then(|w| w.location().protocol().ok())
            .as_deref()
            == Some("https:")
    }

    fn fetch<'a>(
        &'a self,
        req: HttpRequest,
    ) -> LocalBoxFuture<'a, Result<HttpResponse, FetchError>> {
        Box::pin(async move {
            if let Some(name) = req.url.strip_prefix(crate::sources::http::LOCAL_SCHEME) {
                return Ok(match super::files::get(name) {
                    Some(body) => HttpResponse {
                        status: 200,
                        headers: vec![],
                        body,
                    },
                    None => HttpResponse {
                        status: 404,
                        headers: vec![],
                        body: b"This file was opened in an earlier visit; open it again.".to_vec(),
                    },
                });
            }
            let controller = web_sys::AbortController::new().ok();
            let timed_out = Rc::new(Cell::new(false));
            let window = web_sys::window().ok_or(FetchError::Network {
                detail: "no window".into(),
            })?;
            let on_timeout = {
                let (flag, ctl) = (timed_out.clone(), controller.clone());
                Closure::once(move || {
                    flag.set(true);
                    if let Some(c) = ctl {
                        c.abort();
                    }
                })
            };
            let timer = window
                .set_timeout_with_callback_and_timeout_and_arguments_0(
                    on_timeout.as_ref().unchecked_ref(),
                    req.timeout_ms.clamp(1, i32::MAX as i64) as i32,
                )
                .ok();
            let signal = controller.as_ref().map(|c| c.signal());
            let request = match build(&req, signal.as_ref()) {
                Ok(r) => r,
                Err(detail) => {
                    window.clear_timeout_with_handle(timer.unwrap_or_default());
                    return Err(FetchError::Invalid { detail });
                }
            };
            let sent = request.send().await.map_err(|e| e.to_string());
            let finish = |w: &web_sys::Window| {
                if let Some(t) = timer {
                    w.clear_timeout_with_handle(t);
                }
            };
            let resp = match sent {
                Ok(r) => r,
                Err(e) => {
                    finish(&window);
                    if timed_out.get() {
                        return Err(FetchError::Timeout {
                            after_ms: req.timeout_ms,
                        });
                    }
                    let detail = short(&e);
                    // Script cannot see why a fetch failed. An opaque (no-cors) request tells
                    // a server that answers but withholds CORS from one that is unreachable.
                    return Err(if answers_without_cors(&req.url).await {
                        FetchError::Cors { detail }
                    } else {
                        FetchError::Network { detail }
                    });
                }
            };
            if resp.type_() == web_sys::ResponseType::Opaqueredirect {
                finish(&window);
                return Err(FetchError::Redirected);
            }
            let headers: Vec<(String, String)> = resp.headers().entries().collect();
            let declared = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.parse::<usize>().ok());
            if declared.is_some_and(|n| n > req.max_bytes) {
                finish(&window);
                if let Some(c) = &controller {
                    c.abort();
                }
                return Err(FetchError::TooLarge {
                    limit: req.max_bytes,
                });
            }
            // The body is read as a stream under the same timeout: a server that drips bytes
            // is cut off like one that never answers, and one that sends too much is cut off
            // as soon as the count passes the cap, before anything enters Wasm memory.
            let body = match resp.body() {
                Some(stream) => read_capped(&stream, req.max_bytes).await,
                None => Ok(Vec::new()),
            };
            finish(&window);
            drop(on_timeout);
            let body = body.map_err(|e| match e {
                BodyError::TooLarge => {
                    if let Some(c) = &controller {
                        c.abort();
                    }
                    FetchError::TooLarge {
                        limit: req.max_bytes,
                    }
                }
                _ if timed_out.get() => FetchError::Timeout {
                    after_ms: req.timeout_ms,
                },
                BodyError::Read(detail) => FetchError::Network {
                    detail: short(&detail),
                },
            })?;
            Ok(HttpResponse {
                status: resp.status(),
                headers,
                body,
            })
        })
    }
}

/// Why a body could not be read.
enum BodyError {
    /// More than the cap arrived; the stream was cancelled.
    TooLarge,
    /// The stream failed (aborted by the timeout, connection lost): what the platform said.
    Read(String),
}

/// Bytes read from a body between two pauses: chunks already received resolve one after the
/// other without giving the browser a turn (30 MB took 65 ms in one task).
const READ_PER_PIECE: usize = 4 << 20;

/// Reads a response body chunk by chunk, keeping the chunks in JS until the end, and cancels
/// the stream as soon as more than `max` bytes have arrived. Only a complete body within the
/// cap is copied into Wasm memory, once, at its exact size.
async fn read_capped(stream: &web_sys::ReadableStream, max: usize) -> Result<Vec<u8>, BodyError> {
    let reader: web_sys::ReadableStreamDefaultReader = stream
        .get_reader()
        .dyn_into()
        .map_err(|_| BodyError::Read("the body cannot be read".into()))?;
    let mut chunks: Vec<js_sys::Uint8Array> = Vec::new();
    let (mut total, mut since_pause) = (0usize, 0usize);
    loop {
        if since_pause >= READ_PER_PIECE {
            since_pause = 0;
            sleep(0).await;
        }
        let step = wasm_bindgen_futures::JsFuture::from(reader.read())
            .await
            .map_err(|e| BodyError::Read(js_text(&e, "the body could not be read")))?;
        let step: web_sys::ReadableStreamReadResult = step.unchecked_into();
        if step.get_done().unwrap_or(true) {
            break;
        }
        let chunk = js_sys::Uint8Array::new(&step.get_value());
        total += chunk.length() as usize;
        since_pause += chunk.length() as usize;
        if total > max {
            let _ = reader.cancel();
            return Err(BodyError::TooLarge);
        }
        chunks.push(chunk);
    }
    let mut body = vec![0u8; total];
    let mut at = 0;
    for c in chunks {
        let n = c.length() as usize;
        c.copy_to(&mut body[at..at + n]);
        at += n;
    }
    Ok(body)
}

/// What a JS exception says, or `fallback`.
fn js_text(e: &wasm_bindgen::JsValue, fallback: &str) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| fallback.into())
}

async fn answers_without_cors(url: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let init = web_sys::RequestInit::new();
    init.set_mode(web_sys::RequestMode::NoCors);
    let ctl = web_sys::AbortController::new().ok();
    if let Some(c) = &ctl {
        init.set_signal(Some(&c.signal()));
    }
    let abort = ctl.clone().map(|c| Closure::once(move || c.abort()));
    let timer = abort.as_ref().and_then(|cb| {
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                cb.as_ref().unchecked_ref(),
                3000,
            )
            .ok()
    });
    let ok = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .is_ok();
    if let Some(t) = timer {
        window.clear_timeout_with_handle(t);
    }
    ok
}

/// Resolves after `ms` milliseconds (for retry back-off). `0` yields to the browser (input,
/// paint) and goes on as soon as it may: through `scheduler.yield()` where the browser has it,
/// as a timer's callback would wait at least 4 ms once timers nest (a large file read in 50
/// pieces lost a fifth of a second that way).
pub async fn sleep(ms: i64) {
    if ms <= 0 {
        if let Some(yielded) = scheduler_yield() {
            let _ = wasm_bindgen_futures::JsFuture::from(yielded).await;
            return;
        }
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.clamp(0, i32::MAX as i64) as i32,
            );
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// `scheduler.yield()`'s promise, where the browser has it.
fn scheduler_yield() -> Option<js_sys::Promise> {
    let scheduler = js_sys::Reflect::get(&js_sys::global(), &"scheduler".into()).ok()?;
    let yield_fn = js_sys::Reflect::get(&scheduler, &"yield".into()).ok()?;
    let yield_fn: js_sys::Function = yield_fn.dyn_into().ok()?;
    yield_fn.call0(&scheduler).ok()?.dyn_into().ok()
}

fn short(s: &str) -> String {
    let s = s.trim_start_matches("JsError(").trim_end_matches(')');
    s.chars().take(160).collect()
}
